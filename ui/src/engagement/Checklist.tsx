// The threat-modeling checklist: the built-in question bank and the team's own
// questions, grouped by topic. Each can be answered, linked to elements, marked
// not relevant, and say where it led; a question that names a property can set
// it on the linked elements, so the STRIDE rules see what was learnt.
import { useMemo, useState } from 'react';
import type { AnswerStatus, ChecklistAnswer_Serialize, ChecklistEntry_Serialize, PropValue } from '../bindings';
import { CloseIcon, PlusIcon } from '../shared/ui/icons';
import { useApp } from '../app/store';
import { Card, ElementChips, ElementPicker, InlineText } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { useDerived } from '../app/hooks';
import { answerChecklist, deleteQuestion, putQuestion } from '../app/intents/engagement';

type Filter = 'all' | AnswerStatus;

const STATUS_OPTIONS: { value: AnswerStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'answered', label: 'Answered' },
  { value: 'not_relevant', label: 'Not relevant' },
];

/** Topics in the order the bank lists them, each with its entries. */
export function groupByTopic<T extends { question: { topic: string } }>(entries: readonly T[]): { topic: string; entries: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const e of entries) {
    const list = groups.get(e.question.topic);
    if (list) list.push(e);
    else groups.set(e.question.topic, [e]);
  }
  return [...groups].map(([topic, list]) => ({ topic, entries: list }));
}

export function valueText(v: PropValue | null | undefined): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  return v ?? '';
}

function blankAnswer(id: string): ChecklistAnswer_Serialize {
  return { id, status: 'open', answer: '', element_ids: [], led_to: '' };
}

export function Checklist() {
  const entries = useDerived('checklist');
  const answers = useApp((s) => s.model?.answers);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  // The records follow every change at once; the fetched list may be a moment behind.
  const rows = useMemo(
    () => (entries ?? []).map((e) => ({ ...e, answer: answers?.get(e.question.id) ?? null })),
    [entries, answers],
  );
  const q = query.trim().toLowerCase();
  const shown = rows.filter(
    (r) => (filter === 'all' || (r.answer?.status ?? 'open') === filter) && (!q || r.question.text.toLowerCase().includes(q) || r.question.topic.toLowerCase().includes(q)),
  );
  const groups = groupByTopic(shown);
  const topics = useMemo(() => groupByTopic(rows).map((g) => g.topic), [rows]);
  const count = (s: AnswerStatus) => rows.filter((r) => (r.answer?.status ?? 'open') === s).length;

  return (
    <div className="tle-page" data-testid="checklist">
      <Card
        title="Threat-modeling checklist"
        aside={
          <div className="tle-checklist-tools">
            <input className="tl-input tle-search" placeholder="Search questions…" value={query} data-testid="checklist-search" onChange={(e) => setQuery(e.target.value)} />
            <Segmented mode="radio" look="tle"
              small
              label="Show"
              testId="checklist-filter"
              value={filter}
              options={[
                { value: 'all', label: `All ${rows.length}` },
                { value: 'open', label: `Open ${count('open')}` },
                { value: 'answered', label: `Answered ${count('answered')}` },
                { value: 'not_relevant', label: `Not relevant ${count('not_relevant')}` },
              ]}
              onChange={setFilter}
            />
          </div>
        }
      >
        <p className="tle-lead">
          A guide, not a script: ask these during the sessions and go further where the scope allows. There are no stupid questions. Link an answer
          to the elements it is about; where a question names a property, the answer can set it on them so the STRIDE rules take it into account.
        </p>
        {entries === null && <div className="tle-empty-block">Loading the checklist…</div>}
        {entries !== null && groups.length === 0 && <div className="tle-empty-block">No question matches.</div>}
      </Card>
      {groups.map((g) => (
        <Card
          key={g.topic}
          className="tle-topic"
          testId="checklist-topic"
          title={
            <>
              {g.topic}{' '}
              <span className="tle-count">
                {g.entries.filter((e) => (e.answer?.status ?? 'open') !== 'open').length} / {g.entries.length}
              </span>
            </>
          }
        >
          <ol className="tle-questions">
            {g.entries.map((e) => (
              <QuestionRow key={e.question.id} entry={e} />
            ))}
          </ol>
        </Card>
      ))}
      <AddQuestion topics={topics} />
    </div>
  );
}

function QuestionRow({ entry }: { entry: ChecklistEntry_Serialize }) {
  const { question } = entry;
  const answer = entry.answer ?? blankAnswer(question.id);
  const catalog = useApp((s) => s.catalog);
  const elements = useApp((s) => s.model?.elements);
  const selection = useApp((s) => s.selection);
  const status = answer.status;
  const put = async (next: ChecklistAnswer_Serialize, setProperty = false) => (await answerChecklist(next, setProperty)) !== null;
  const def = question.property ? catalog.find((d) => d.key === question.property) : undefined;
  const targets = question.property
    ? answer.element_ids.filter((id) => {
        const e = elements?.get(id);
        return e && (!def || def.kinds.includes(e.kind));
      })
    : [];
  const alreadySet = targets.length > 0 && targets.every((id) => elements?.get(id)?.props[question.property!] === question.value);
  const selected = [...selection].filter((id) => !answer.element_ids.includes(id));

  return (
    <li className={`tle-q is-${status}`} data-testid="checklist-question" data-id={question.id} data-status={status}>
      <div className="tle-q-head">
        <div className="tle-q-text">
          {question.text}
          {entry.custom && <span className="tle-q-custom">Ours</span>}
        </div>
        <Segmented mode="radio" look="tle"
          small
          label="Status"
          testId="checklist-status"
          value={status}
          options={STATUS_OPTIONS.map((o) => ({ ...o, testId: `checklist-status-${o.value}` }))}
          onChange={(s) => void put({ ...answer, status: s })}
        />
        {entry.custom && (
          <button
            type="button"
            className="tle-icon-btn is-danger"
            title="Delete this question (and its answer)"
            data-testid="checklist-delete"
            onClick={() => void deleteQuestion(question.id)}
          >
            <CloseIcon size={12} />
          </button>
        )}
      </div>
      {status !== 'not_relevant' && (
        <div className="tle-q-body">
          <InlineText
            multiline
            rows={1}
            maxLength={20000}
            className={answer.answer ? 'has-text' : undefined}
            value={answer.answer}
            testId="checklist-answer"
            placeholder="The answer, as the customer gave it"
            // Writing an answer to an open question answers it.
            onCommit={(text) => put({ ...answer, answer: text, status: status === 'open' && text.trim() ? 'answered' : status })}
          />
          <div className="tle-q-links">
            <span className="tle-field-label">About</span>
            <ElementChips
              ids={answer.element_ids}
              testId="checklist-element"
              onRemove={(id) => void put({ ...answer, element_ids: answer.element_ids.filter((x) => x !== id) })}
            />
            <ElementPicker chosen={answer.element_ids} testId="checklist-add-element" onPick={(id) => void put({ ...answer, element_ids: [...answer.element_ids, id] })} />
            {selected.length > 0 && (
              <button
                type="button"
                className="tle-add-chip is-accent"
                data-testid="checklist-add-selected"
                title="Link the elements selected on the canvas"
                onClick={() => void put({ ...answer, element_ids: [...answer.element_ids, ...selected] })}
              >
                <PlusIcon size={11} /> Selected ({selected.length})
              </button>
            )}
          </div>
          {(status === 'answered' || answer.led_to) && (
            <label className="tle-q-led">
              <span className="tle-field-label">Where it led</span>
              <InlineText value={answer.led_to} testId="checklist-led-to" maxLength={20000} placeholder="A threat, a follow-up question, a decision…" onCommit={(led_to) => put({ ...answer, led_to })} />
            </label>
          )}
          {question.property && (
            <div className="tle-q-prop">
              <button
                type="button"
                className="tl-button"
                data-testid="checklist-set-property"
                disabled={targets.length === 0 || alreadySet}
                title={targets.length === 0 ? 'Link an element the property applies to' : undefined}
                onClick={() => void put({ ...answer, status: status === 'open' ? 'answered' : status }, true)}
              >
                Set “{def?.label ?? question.property}: {valueText(question.value)}” on linked elements
              </button>
              {alreadySet && <span className="tle-muted" data-testid="checklist-property-set">Set on {targets.length === 1 ? 'the linked element' : `all ${targets.length} linked elements`}</span>}
            </div>
          )}
        </div>
      )}
    </li>
  );
}

function AddQuestion({ topics }: { topics: string[] }) {
  const [topic, setTopic] = useState('');
  const [text, setText] = useState('');
  const add = async () => {
    if (!topic.trim() || !text.trim()) return;
    const ok = await putQuestion(topic.trim(), text.trim());
    if (ok) setText('');
  };
  return (
    <Card title="Add a question of our own" testId="checklist-add-card">
      <form
        className="tle-add-row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input className="tl-input tle-topic-input" list="tle-topics" placeholder="Topic" value={topic} maxLength={200} data-testid="checklist-add-topic" onChange={(e) => setTopic(e.target.value)} />
        <datalist id="tle-topics">
          {topics.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <input className="tl-input" placeholder="The question" value={text} maxLength={200} data-testid="checklist-add-text" onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="tl-button is-primary" data-testid="checklist-add" disabled={!topic.trim() || !text.trim()}>
          <PlusIcon size={12} /> Add question
        </button>
      </form>
    </Card>
  );
}
