// A finding's delivery: where it is (draft → reported → validated or disputed →
// accepted / mitigated / false positive), the moves allowed from there, every
// move with who and when, and the comments — the customer's feedback and the
// team's adjustments. Mounted in the findings view and the threat editor.
import { useState } from 'react';
import type { FindingState, Person } from '../bindings';
import type { Threat } from '../app/model';
import { personLabel, PersonSelect } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { useMe } from '../app/hooks';
import { FINDING_LABEL, MOVE_LABEL, nextStates } from '../shared/lifecycle';
import { customerOf, teamOf } from '../app/records';
import { formatMoment, stamp } from '../shared/time';
import { useApp } from '../app/store';
import { commentOnFinding, moveFindings } from '../app/intents/engagement';

export function FindingStatePill({ state }: { state: FindingState }) {
  return (
    <span className={`tle-finding-state is-${state}`} data-testid="finding-state" data-state={state}>
      {FINDING_LABEL[state] ?? state}
    </span>
  );
}

export function FindingLifecycle({ threat }: { threat: Threat }) {
  const records = useApp((s) => s.model);
  const me = useMe();
  const team = teamOf(records);
  const customer = customerOf(records);
  const [moving, setMoving] = useState<FindingState | null>(null);
  const state = threat.lifecycle ?? 'draft';
  const history = threat.lifecycle_history ?? [];
  const comments = threat.comments ?? [];
  const source = threat.source;
  const sourceSession = source ? records?.sessions.get(source.session_id) : undefined;
  const sourceNote = source ? records?.notes.get(source.note_id) : undefined;

  return (
    <div className="tle-lifecycle" data-testid="finding-lifecycle" data-state={state} data-keys="panel">
      <div className="tle-lifecycle-now">
        <span className="tle-field-label">Status</span>
        <FindingStatePill state={state} />
        <span className="tl-spacer" />
        {nextStates(state).map((to) => (
          <button
            key={to}
            type="button"
            className={`tle-mini-btn${moving === to ? ' is-on' : ''}${to === 'reported' || to === 'validated' ? ' is-primary' : ''}`}
            data-testid={`finding-move-${to}`}
            onClick={() => setMoving(moving === to ? null : to)}
          >
            {MOVE_LABEL[to]}
          </button>
        ))}
      </div>
      {moving && (
        <MoveForm key={moving} threatIds={[threat.id]} to={moving} onDone={() => setMoving(null)} />
      )}

      {source && (
        <div className="tle-source" data-testid="finding-source">
          From a note{sourceSession ? ` in “${sourceSession.title}”` : ''}
          {source.offset_ms !== null ? ` at ${stamp(source.offset_ms)}` : ''}
          {sourceNote && <q className="tle-source-note">{sourceNote.text}</q>}
        </div>
      )}

      {history.length > 0 && (
        <ol className="tle-history" aria-label="Lifecycle history">
          {history.map((h, i) => (
            <li key={i} className="tle-history-item" data-testid="finding-history-item" data-to={h.to}>
              <span className="tle-history-move">
                {FINDING_LABEL[h.from]} → <b>{FINDING_LABEL[h.to]}</b>
              </span>
              <span className="tle-history-who">
                {h.by}
                {h.at_ms ? ` · ${formatMoment(h.at_ms)}` : ''}
              </span>
              {h.comment && <span className="tle-history-comment">{h.comment}</span>}
            </li>
          ))}
        </ol>
      )}

      <div className="tle-comments">
        <div className="tle-subhead">
          Feedback and adjustments <span className="tle-count">{comments.length}</span>
        </div>
        {comments.length > 0 && (
          <ul className="tle-comment-list">
            {comments.map((c, i) => (
              <li key={i} className={`tle-comment${c.from_customer ? ' is-customer' : ' is-team'}`} data-testid="finding-comment-item" data-from={c.from_customer ? 'customer' : 'team'}>
                <div className="tle-comment-meta">
                  <span className={`tle-side is-${c.from_customer ? 'customer' : 'team'}`}>{c.from_customer ? 'Customer feedback' : 'Team adjustment'}</span>
                  <span>{c.by}</span>
                  {c.at_ms ? <span className="tle-muted">{formatMoment(c.at_ms)}</span> : null}
                </div>
                <div className="tle-comment-text">{c.text}</div>
              </li>
            ))}
          </ul>
        )}
        <CommentForm threatId={threat.id} team={team} customer={customer} me={me} />
      </div>
    </div>
  );
}

function nameOf(people: readonly Person[], id: string | null): string {
  return id ? personLabel(people.find((p) => p.id === id)) : '';
}

/** Who moves the findings and why, once for all of them; the customer is
 *  proposed for a validation or a dispute, else me. */
export function MoveForm({ threatIds, to, onDone }: { threatIds: readonly string[]; to: FindingState; onDone: () => void }) {
  const records = useApp((s) => s.model);
  const me = useMe();
  const customer = customerOf(records);
  const people = [...teamOf(records), ...customer];
  const [by, setBy] = useState<string | null>(to === 'validated' || to === 'disputed' ? customer[0]?.id ?? me : me);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const move = async () => {
    const who = nameOf(people, by);
    if (!who || busy) return;
    setBusy(true);
    const ok = await moveFindings(threatIds, to, who, comment.trim());
    setBusy(false);
    if (ok) onDone();
  };
  return (
    <form
      className="tle-move"
      data-testid="finding-move-form"
      onSubmit={(e) => {
        e.preventDefault();
        void move();
      }}
    >
      <span className="tle-move-what">
        {MOVE_LABEL[to]}
        {threatIds.length > 1 ? ` (${threatIds.length})` : ''}
      </span>
      <PersonSelect people={people} value={by} none="Who?" ariaLabel="Who moves it" testId="finding-move-by" onChange={setBy} />
      <input
        className="tl-input"
        placeholder="Why (optional)"
        value={comment}
        maxLength={20000}
        data-testid="finding-move-comment"
        autoFocus
        onChange={(e) => setComment(e.target.value)}
      />
      <button type="submit" className="tl-button is-primary" data-testid="finding-move-confirm" disabled={!by || busy}>
        Move
      </button>
      <button type="button" className="tl-button" onClick={onDone}>
        Cancel
      </button>
      {people.length === 0 && <span className="tle-muted">Add people on the Overview first.</span>}
    </form>
  );
}

function CommentForm({ threatId, team, customer, me }: { threatId: string; team: Person[]; customer: Person[]; me: string | null }) {
  const [fromCustomer, setFromCustomer] = useState(true);
  const [by, setBy] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const people = fromCustomer ? customer : team;
  const who = by && people.some((p) => p.id === by) ? by : fromCustomer ? customer[0]?.id ?? null : me ?? team[0]?.id ?? null;
  const add = async () => {
    const name = nameOf(people, who);
    if (!name || !text.trim() || busy) return;
    setBusy(true);
    const ok = await commentOnFinding(threatId, name, text.trim(), fromCustomer);
    setBusy(false);
    if (ok) setText('');
  };
  return (
    <form
      className="tle-comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <div className="tle-comment-form-row">
        <Segmented mode="radio" look="tle"
          small
          label="Whose comment"
          value={fromCustomer ? 'customer' : 'team'}
          options={[
            { value: 'customer', label: 'Customer feedback', testId: 'finding-comment-from-customer' },
            { value: 'team', label: 'Team adjustment', testId: 'finding-comment-from-team' },
          ]}
          onChange={(v) => setFromCustomer(v === 'customer')}
        />
        <PersonSelect people={people} value={who} none="Who?" ariaLabel="Who says it" testId="finding-comment-by" onChange={setBy} />
      </div>
      <div className="tle-comment-form-row">
        <input
          className="tl-input"
          placeholder={fromCustomer ? 'What the customer said about it' : 'What we changed, and why'}
          value={text}
          maxLength={20000}
          data-testid="finding-comment-text"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="tl-button" data-testid="finding-comment-add" disabled={!who || !text.trim() || busy}>
          Add
        </button>
      </div>
    </form>
  );
}
