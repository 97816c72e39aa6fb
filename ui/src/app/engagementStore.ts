// The window's copy of the engagement's records (people, components, sessions,
// notes, checklist questions and answers), and what the core derives from them
// (session summaries, scope, checklist, the four questions), fetched while a
// view shows them. Writes go through `apply` (state/actions): one op each.
import { create } from 'zustand';
import { commands, events } from '../bindings';
import type { Change, ChecklistEntry_Serialize, FourQuestions, Op_Deserialize as Op, ScopeSummary, SessionSummary } from '../bindings';
import { apply, currentSnapshot, snapshotTicket } from './sync';
import { describeError } from '../shared/errors';
import { toast } from './store';
import { recordsFromSnapshot, stepRecords, type Records } from './records';

/** What the core derives, by name. */
export interface DerivedData {
  summaries: SessionSummary[];
  scope: ScopeSummary;
  checklist: ChecklistEntry_Serialize[];
  four: FourQuestions;
}
export type DerivedKind = keyof DerivedData;

export type Section = 'overview' | 'scoping' | 'sessions' | 'checklist' | 'findings';

export interface EngagementState {
  records: Records | null;
  /** Latest answer of each derived figure, for the file it was asked about. */
  derived: { [K in DerivedKind]?: { path: string; version: number; data: DerivedData[K] } };
  /** How many mounted views want each figure (nothing is fetched for nobody). */
  wanted: { [K in DerivedKind]: number };
  section: Section;
  /** The note being promoted: its threat form shows. */
  promoting: string | null;
  /** The finding shown in the findings view. */
  finding: string | null;
}

export const useEngagement = create<EngagementState>(() => ({
  records: null,
  derived: {},
  wanted: { summaries: 0, scope: 0, checklist: 0, four: 0 },
  section: 'overview',
  promoting: null,
  finding: null,
}));

export const getEngagement = useEngagement.getState;
export const setEngagement = useEngagement.setState;

// ---- records: a snapshot, then every change in order ----

let reloading: Promise<void> | null = null;
let reloadAgain = false;

/** `ticket` (see `currentSnapshot`): the first snapshot may be one the window's
 *  model asked for after this window started listening. */
export function reloadRecords(ticket?: number): Promise<void> {
  if (reloading) {
    reloadAgain = true;
    return reloading;
  }
  reloading = (async () => {
    try {
      let shared = ticket;
      do {
        reloadAgain = false;
        const r = await currentSnapshot(shared);
        shared = undefined;
        if (r.status === 'ok') {
          const cur = getEngagement().records;
          // A snapshot older than what this window already has must not roll it back.
          if (!(cur && cur.path === r.data.path && r.data.version < cur.version)) {
            setEngagement({ records: recordsFromSnapshot(r.data) });
          }
        }
      } while (reloadAgain);
    } catch {
      /* outside Tauri, or the app is gone: the main model says so */
    } finally {
      reloading = null;
    }
  })();
  return reloading;
}

export function receiveChange(change: Change | null | undefined): void {
  const step = stepRecords(getEngagement().records, change);
  if (step.kind === 'apply') setEngagement({ records: step.records });
  else if (step.kind === 'reload') void reloadRecords();
}

/** One op through the core; resolves to the change, or null when it refused (a toast says why). */
export async function applyOp(op: Op): Promise<Change | null> {
  const change = await apply(op);
  if (change) receiveChange(change);
  return change;
}

let started: Promise<void> | null = null;

/** Starts following the records (once per window). */
export function startRecords(): Promise<void> {
  started ??= (async () => {
    const ticket = snapshotTicket();
    try {
      await events.engagementChanged.listen((e) => receiveChange(e.payload.change));
    } catch {
      return; // outside Tauri: the main model shows why
    }
    await reloadRecords(ticket);
  })();
  return started;
}

// ---- derived figures, fetched after changes while wanted ----

const FETCH: { [K in DerivedKind]: () => Promise<{ status: 'ok'; data: DerivedData[K] } | { status: 'error'; error: unknown }> } = {
  summaries: () => commands.sessionSummaries(),
  scope: () => commands.scopeSummary(),
  checklist: () => commands.checklist(),
  four: () => commands.fourQuestions(),
};

const DEBOUNCE_MS = 60;

/** Keeps each wanted figure fresh: fetched ~60 ms after the last change, the
 *  latest request's answer kept. Returns a stop function. */
export function startDerivedFigures(): () => void {
  const stops = (Object.keys(FETCH) as DerivedKind[]).map((kind) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastKey = '';
    let seq = 0;
    const run = async () => {
      const my = ++seq;
      const records = getEngagement().records;
      if (!records) return;
      try {
        const r = await FETCH[kind]();
        if (my !== seq) return;
        if (r.status === 'ok') {
          const cur = getEngagement().records;
          if (cur && cur.path === records.path) {
            setEngagement((s) => ({ derived: { ...s.derived, [kind]: { path: records.path, version: records.version, data: r.data } } }));
          }
        } else toast(describeError(r.error));
      } catch {
        /* the next change retries */
      }
    };
    const check = (s: EngagementState) => {
      const key = s.records && s.wanted[kind] > 0 ? `${s.records.path}\u0000${s.records.version}` : '';
      if (key === lastKey) return;
      lastKey = key;
      globalThis.clearTimeout(timer);
      if (key) timer = globalThis.setTimeout(() => void run(), DEBOUNCE_MS);
    };
    check(getEngagement());
    const stop = useEngagement.subscribe(check);
    return () => {
      globalThis.clearTimeout(timer);
      stop();
    };
  });
  return () => stops.forEach((stop) => stop());
}

export function want(kind: DerivedKind, delta: 1 | -1): void {
  setEngagement((s) => ({ wanted: { ...s.wanted, [kind]: Math.max(0, s.wanted[kind] + delta) } }));
}
