// The engagement at a glance: the four questions of the Threat Modeling
// Manifesto with the core's live figures, what the engagement is about, and
// who takes part.
import { useState } from 'react';
import type { Person, Side } from '../bindings';
import { CloseIcon, PlusIcon } from '../shared/ui/icons';
import { setApp, useApp } from '../app/store';
import { Card, Field, InlineText, personLabel } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { useDerived, useDerivedFresh, useSpotlight } from '../app/hooks';
import { customerOf, teamOf } from '../app/records';
import { plural } from '../shared/time';
import { percentText } from '../shared/stride';
import { setInfo } from '../app/intents/engagement';
import { ENGAGEMENT_KINDS } from '../shared/vocabulary';
import { deletePerson, putPerson } from '../app/intents/engagement';

export function Overview() {
  return (
    <div className="tle-page" data-testid="overview">
      <FourQuestionsCard />
      <div className="tle-columns">
        <EngagementDetails />
        <People />
      </div>
    </div>
  );
}

// ---- the four questions ----

function Figure({ n, label, testId, tone }: { n: number | string | null | undefined; label: string; testId?: string; tone?: string }) {
  return (
    <div className={`tle-figure${tone ? ` is-${tone}` : ''}`}>
      <span className="tle-figure-n" data-testid={testId}>
        {n ?? '–'}
      </span>
      <span className="tle-figure-label">{label}</span>
    </div>
  );
}

const RISK_ROWS = [
  ['critical', 'Critical'],
  ['high', 'High'],
  ['medium', 'Medium'],
  ['low', 'Low'],
  ['note', 'Note'],
  ['unrated', 'Not rated'],
] as const;

function FourQuestionsCard() {
  const four = useDerived('four');
  const fresh = useDerivedFresh('four');
  const go = (section: 'scoping' | 'sessions' | 'checklist' | 'findings') => setApp({ section });
  const w = four?.working_on;
  const c = four?.can_go_wrong;
  const d = four?.doing_about_it;
  const g = four?.good_enough;
  const maxRisk = c ? Math.max(1, ...RISK_ROWS.map(([k]) => c[k])) : 1;
  return (
    <div className={`tle-four${fresh ? '' : ' is-stale'}`} data-testid="four-questions" data-fresh={fresh ? 'true' : 'false'} aria-busy={!fresh}>
      <section className="tle-question" data-testid="four-working-on">
        <h3 className="tle-question-title">
          <span className="tle-question-n">1</span>What are we working on?
        </h3>
        <div className="tle-figures">
          <Figure n={w?.diagrams} label="diagrams" />
          <Figure n={w?.elements} label="elements" />
          <Figure n={w?.flows} label="data flows" />
        </div>
        <ul className="tle-facts">
          <li>
            <b>{w?.flows_crossing_boundaries ?? '–'}</b> {w?.flows_crossing_boundaries === 1 ? 'flow crosses' : 'flows cross'} a trust boundary
          </li>
          <li>
            <button type="button" className="tle-fact-link" onClick={() => go('scoping')}>
              <b data-testid="fq-components">{w?.components ?? '–'}</b> {plural(w?.components ?? 0, 'component')} in scope
            </button>
          </li>
          <li>
            <b>{w?.out_of_scope ?? '–'}</b> {plural(w?.out_of_scope ?? 0, 'element')} out of scope
          </li>
        </ul>
      </section>

      <section className="tle-question" data-testid="four-can-go-wrong">
        <h3 className="tle-question-title">
          <span className="tle-question-n">2</span>What can go wrong?
        </h3>
        <div className="tle-figures">
          <Figure n={c?.threats} label="threats logged" testId="fq-threats" />
        </div>
        <div className="tle-riskbars" aria-label="Threats by risk level">
          {RISK_ROWS.map(([k, label]) => (
            <div key={k} className="tle-riskbar">
              <span className="tle-riskbar-label">{label}</span>
              <span className="tle-riskbar-track">
                <span className={`tle-riskbar-fill is-${k}`} style={{ width: `${c ? (100 * c[k]) / maxRisk : 0}%` }} />
              </span>
              <span className="tle-riskbar-n">{c ? c[k] : '–'}</span>
            </div>
          ))}
        </div>
      </section>

      <section className="tle-question" data-testid="four-doing">
        <h3 className="tle-question-title">
          <span className="tle-question-n">3</span>What are we going to do about it?
        </h3>
        <div className="tle-figures">
          <Figure n={d?.recommended_actions} label="recommended actions" />
        </div>
        <ul className="tle-facts">
          <li>
            <b>{d?.open ?? '–'}</b> open
          </li>
          <li>
            <b data-testid="four-mitigated">{d?.mitigated ?? '–'}</b> mitigated · <b data-testid="four-accepted">{d?.accepted ?? '–'}</b> accepted
          </li>
          <li>
            <b>{d?.false_positive ?? '–'}</b> {plural(d?.false_positive ?? 0, 'false positive')}
          </li>
          <li>
            <button type="button" className="tle-fact-link" onClick={() => go('findings')}>
              Findings and customer feedback →
            </button>
          </li>
        </ul>
      </section>

      <section className="tle-question" data-testid="four-good-enough">
        <h3 className="tle-question-title">
          <span className="tle-question-n">4</span>Did we do a good enough job?
        </h3>
        <div className="tle-figures">
          <Figure
            n={g ? percentText(g.coverage_percent) : null}
            label={g && g.coverage_percent === null ? 'STRIDE coverage · nothing to cover yet' : 'STRIDE coverage'}
            testId="fq-coverage"
          />
        </div>
        <ul className="tle-facts">
          <li>
            <button type="button" className="tle-fact-link" onClick={() => go('sessions')}>
              <b data-testid="fq-open-questions">{g?.open_questions ?? '–'}</b> open {plural(g?.open_questions ?? 0, 'question')}
            </button>
          </li>
          <li className={g && g.unprocessed_notes > 0 ? 'is-warn' : undefined}>
            <button type="button" className="tle-fact-link" onClick={() => go('sessions')}>
              <b data-testid="fq-unprocessed">{g?.unprocessed_notes ?? '–'}</b> unprocessed {plural(g?.unprocessed_notes ?? 0, 'note')}
            </button>
          </li>
          <li>
            <button type="button" className="tle-fact-link" onClick={() => go('checklist')}>
              <b data-testid="fq-checklist">{g ? `${g.checklist_answered} / ${g.checklist_total}` : '–'}</b> checklist questions settled
            </button>
          </li>
        </ul>
      </section>
    </div>
  );
}

// ---- what the engagement is about ----

function EngagementDetails() {
  const info = useApp((s) => s.model?.info);
  if (!info) return null;
  const text = (key: 'name' | 'customer' | 'application' | 'description' | 'audience' | 'data_handled' | 'adversaries') => (v: string) =>
    setInfo({ ...info, [key]: v });
  return (
    <Card title="The engagement" className="tle-details" testId="engagement-details">
      <div className="tle-form">
        <Field label="Engagement" wide>
          <InlineText value={info.name} testId="overview-name" onCommit={text('name')} ariaLabel="Engagement name" />
        </Field>
        <Field label="Kind" wide>
          <Segmented mode="radio" look="tle"
            label="Kind of engagement"
            testId="overview-kind"
            value={info.kind}
            options={ENGAGEMENT_KINDS.map((o) => ({ ...o, testId: `overview-kind-${o.value}` }))}
            onChange={(kind) => void setInfo({ ...info, kind })}
          />
        </Field>
        <Field label="Customer">
          <InlineText value={info.customer} testId="overview-customer" onCommit={text('customer')} placeholder="Who asked for it" />
        </Field>
        <Field label="Application">
          <InlineText value={info.application} testId="overview-application" onCommit={text('application')} placeholder="What is modelled" />
        </Field>
        <Field label="What it does" wide>
          <InlineText
            multiline
            maxLength={20000}
            value={info.description}
            testId="overview-description"
            onCommit={text('description')}
            placeholder="The problem it solves and its main features"
          />
        </Field>
        <Field label="Its audience" wide>
          <InlineText
            multiline
            rows={2}
            maxLength={20000}
            value={info.audience ?? ''}
            testId="overview-audience"
            onCommit={text('audience')}
            placeholder="Who uses it: employees, customers, administrators, partners…"
          />
        </Field>
        <Field label="Data it handles" wide>
          <InlineText
            multiline
            rows={2}
            maxLength={20000}
            value={info.data_handled ?? ''}
            testId="overview-data"
            onCommit={text('data_handled')}
            placeholder="Personal data, payment data, credentials, health records…"
          />
        </Field>
        <Field label="Who may want to attack it" wide>
          <InlineText
            multiline
            rows={2}
            maxLength={20000}
            value={info.adversaries ?? ''}
            testId="overview-adversaries"
            onCommit={text('adversaries')}
            placeholder="Curious employees, fraudsters, competitors, organised crime…"
          />
        </Field>
      </div>
    </Card>
  );
}

// ---- people ----

function People() {
  const records = useApp((s) => s.model);
  const team = teamOf(records);
  const customer = customerOf(records);
  return (
    <Card title="People" className="tle-people" testId="people">
      <PeopleGroup title="Our team" side="team" people={team} empty="Add the consultants: one drives each session, one takes notes." />
      <PeopleGroup title="Customer" side="customer" people={customer} empty="Add the customer's attendees: developers, architects, product owners." />
      <AddPerson />
    </Card>
  );
}

function PeopleGroup({ title, side, people, empty }: { title: string; side: Side; people: Person[]; empty: string }) {
  return (
    <div className="tle-people-group" data-testid={`people-${side}`}>
      <div className="tle-subhead">
        {title} <span className="tle-count">{people.length}</span>
      </div>
      {people.length === 0 ? (
        <div className="tle-empty-line">{empty}</div>
      ) : (
        <ul className="tle-person-list">
          {people.map((p) => (
            <PersonRow key={p.id} person={p} />
          ))}
        </ul>
      )}
    </div>
  );
}

function PersonRow({ person }: { person: Person }) {
  const put = async (next: Person) => (await putPerson(next)) !== null;
  const spot = useSpotlight<HTMLLIElement>(person.id);
  return (
    <li
      ref={spot.ref}
      className={`tle-person${spot.lit ? ' tl-spotlit' : ''}`}
      data-testid="person-row"
      data-id={person.id}
      data-side={person.side}
      data-spotlit={spot.lit ? 'true' : undefined}
    >
      <span className={`tle-avatar is-${person.side}`} aria-hidden="true">
        {initials(person.name)}
      </span>
      <InlineText
        className="tle-person-name"
        value={person.name}
        testId="person-name"
        ariaLabel="Name"
        onCommit={(name) => (name.trim() ? put({ ...person, name: name.trim() }) : Promise.resolve(false))}
      />
      <InlineText className="tle-person-role" value={person.role} testId="person-role" ariaLabel="Role" placeholder="Role" onCommit={(role) => put({ ...person, role })} />
      <button
        type="button"
        className="tle-icon-btn"
        title={person.side === 'team' ? 'Move to the customer side' : 'Move to our team'}
        data-testid="person-switch-side"
        onClick={() => void put({ ...person, side: person.side === 'team' ? 'customer' : 'team' })}
      >
        ⇄
      </button>
      <button
        type="button"
        className="tle-icon-btn is-danger"
        aria-label={`Remove ${personLabel(person)}`}
        title="Remove from the engagement (and from the sessions they attend)"
        data-testid="person-remove"
        onClick={() => void deletePerson(person.id)}
      >
        <CloseIcon size={12} />
      </button>
    </li>
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? parts[parts.length - 1][0] ?? '' : '';
  return (first + last).toUpperCase();
}

function AddPerson() {
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [side, setSide] = useState<Side>('team');
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!name.trim() || busy) return;
    setBusy(true);
    const ok = await putPerson({ id: '', name: name.trim(), role: role.trim(), side });
    setBusy(false);
    if (ok) {
      setName('');
      setRole('');
    }
  };
  return (
    <form
      className="tle-add-person"
      data-testid="person-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <input className="tl-input" placeholder="Name" value={name} data-testid="person-add-name" aria-label="New person's name" maxLength={200} onChange={(e) => setName(e.target.value)} />
      <input
        className="tl-input"
        placeholder="Role (e.g. Tech lead)"
        value={role}
        data-testid="person-add-role"
        aria-label="New person's role"
        maxLength={200}
        onChange={(e) => setRole(e.target.value)}
      />
      <Segmented mode="radio" look="tle"
        small
        label="Side"
        value={side}
        testId="person-add-side"
        options={[
          { value: 'team', label: 'Team', testId: 'person-add-side-team' },
          { value: 'customer', label: 'Customer', testId: 'person-add-side-customer' },
        ]}
        onChange={setSide}
      />
      <button type="submit" className="tl-button is-primary" data-testid="person-add" disabled={!name.trim() || busy}>
        <PlusIcon size={12} /> Add
      </button>
    </form>
  );
}
