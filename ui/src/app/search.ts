// What the command palette finds in the engagement: diagrams, elements,
// threats and findings, notes, sessions and people, each with its kind and where it lives
// (an element's diagram, a threat's element, a note's session). Built from the
// Model and kept per record kind: a part is rebuilt only when the records it
// reads changed (the Model keeps an unchanged kind's map), so typing never
// rebuilds anything and an edit rebuilds one part.
import type { NoteKind, Side } from '../bindings';
import { elementLabel, KIND_LABEL } from '../shared/kinds';
import { FINDING_LABEL } from '../shared/lifecycle';
import { buildIndex, joinIndexes, type SearchIndex } from '../shared/search';
import { STRIDE_LABEL } from '../shared/stride';
import { labels, VOCABULARY } from '../shared/vocabulary';
import type { Model } from './model';

/** What a palette row stands for; `command` rows are the menus' (shell/commands.ts). */
export type ItemKind = 'command' | 'diagram' | 'element' | 'threat' | 'finding' | 'session' | 'note' | 'person';

export interface PaletteItem {
  kind: ItemKind;
  /** The record's id (a command's: its menu item). */
  id: string;
  title: string;
  /** The kind as shown: "Process", "Threat", "Question", "Command". */
  kindLabel: string;
  /** Where it lives: "Level 0", "Spoofing · on Payslip API", "File". */
  where: string;
  /** Shown at the right: a shortcut, a finding's status. */
  aside?: string;
  disabled?: boolean;
  /** A command's own function (the menu item's). */
  run?: () => void;
}

/** Part of the index: its rows and their folded text, in the same order. */
export interface IndexPart {
  items: readonly PaletteItem[];
  index: SearchIndex;
}

const NOTE_LABEL: Record<NoteKind, string> = { observation: 'Observation', question: 'Question', answer: 'Answer', decision: 'Decision' };
const SIDE_LABEL: Record<Side, string> = { team: 'Our team', customer: 'Customer' };
const SESSION_LABEL = labels(VOCABULARY.session_kinds, (k) => k.kind);

/** A part of the index; `sorted`: alphabetical, so equal matches list in a
 *  stable, readable order (commands keep the menus' order). */
export function partOf(items: PaletteItem[], sorted = true): IndexPart {
  const index = buildIndex(items.map((it) => ({ title: it.title, context: `${it.kindLabel} ${it.where}`, demoted: it.disabled })));
  if (!sorted) return { items, index };
  // By folded title (code units: localeCompare is ten times slower on 10,000 rows).
  const order = items.map((_, i) => i);
  const t = index.titles;
  order.sort((a, b) => (t[a] < t[b] ? -1 : t[a] > t[b] ? 1 : items[a].id < items[b].id ? -1 : 1));
  return {
    items: order.map((i) => items[i]),
    index: { titles: order.map((i) => t[i]), contexts: order.map((i) => index.contexts[i]), demoted: Uint8Array.from(order, (i) => index.demoted[i]) },
  };
}

function diagramItems(m: Model): IndexPart {
  const counts = new Map<string, number>();
  for (const e of m.elements.values()) counts.set(e.diagram_id, (counts.get(e.diagram_id) ?? 0) + 1);
  return partOf(
    m.diagrams.map((d) => {
      const n = counts.get(d.id) ?? 0;
      return { kind: 'diagram', id: d.id, title: d.name.trim() || 'Untitled diagram', kindLabel: 'Diagram', where: `${n} ${n === 1 ? 'element' : 'elements'}` };
    }),
  );
}

function elementItems(m: Model): IndexPart {
  const diagrams = new Map(m.diagrams.map((d) => [d.id, d.name]));
  const items: PaletteItem[] = [];
  for (const e of m.elements.values()) {
    const diagram = diagrams.get(e.diagram_id) ?? '';
    const ends =
      e.kind === 'data_flow' ? `${elementLabel(m.elements.get(e.source ?? ''))} → ${elementLabel(m.elements.get(e.target ?? ''))} · ` : '';
    items.push({ kind: 'element', id: e.id, title: elementLabel(e), kindLabel: KIND_LABEL[e.kind], where: `${ends}${diagram}` });
  }
  return partOf(items);
}

function threatItems(m: Model): IndexPart {
  const items: PaletteItem[] = [];
  for (const t of m.threats.values()) {
    const on = t.element_ids.map((id) => elementLabel(m.elements.get(id))).join(', ');
    const state = t.lifecycle ?? 'draft';
    // A threat reported to the customer is a finding: Enter shows it in Findings.
    const finding = state !== 'draft';
    items.push({
      kind: finding ? 'finding' : 'threat',
      id: t.id,
      title: t.title.trim() || 'Untitled threat',
      kindLabel: finding ? 'Finding' : 'Threat',
      where: `${STRIDE_LABEL[t.category] ?? t.category} · on ${on}`,
      aside: finding ? FINDING_LABEL[state] : undefined,
    });
  }
  return partOf(items);
}

function noteItems(m: Model): IndexPart {
  const items: PaletteItem[] = [];
  for (const n of m.notes.values()) {
    const text = n.text.trim();
    const line = text.split('\n', 1)[0];
    items.push({
      kind: 'note',
      id: n.id,
      title: line.length > 140 ? `${line.slice(0, 139)}…` : line || '(empty note)',
      kindLabel: NOTE_LABEL[n.kind] ?? 'Note',
      where: m.sessions.get(n.session_id)?.title ?? '',
    });
  }
  return partOf(items);
}

function sessionItems(m: Model): IndexPart {
  const items: PaletteItem[] = [];
  for (const s of m.sessions.values())
    items.push({ kind: 'session', id: s.id, title: s.title.trim() || 'Untitled session', kindLabel: 'Session', where: [SESSION_LABEL[s.kind], s.date].filter(Boolean).join(' · ') });
  return partOf(items);
}

function personItems(m: Model): IndexPart {
  const items: PaletteItem[] = [];
  for (const p of m.people.values())
    items.push({ kind: 'person', id: p.id, title: p.name.trim() || 'Unnamed', kindLabel: 'Person', where: [SIDE_LABEL[p.side], p.role].filter(Boolean).join(' · ') });
  return partOf(items);
}

/** Each part with the records it reads: rebuilt when one of them is another object. */
const PARTS: { deps: (m: Model) => readonly unknown[]; build: (m: Model) => IndexPart }[] = [
  { deps: (m) => [m.diagrams, m.elements], build: diagramItems },
  { deps: (m) => [m.elements, m.diagrams], build: elementItems },
  { deps: (m) => [m.threats, m.elements], build: threatItems },
  { deps: (m) => [m.sessions], build: sessionItems },
  { deps: (m) => [m.notes, m.sessions], build: noteItems },
  { deps: (m) => [m.people], build: personItems },
];

const cache: { deps: readonly unknown[]; part: IndexPart }[] = [];

/** The engagement's parts of the palette's index, in the order they rank on ties. */
export function recordParts(m: Model): IndexPart[] {
  return PARTS.map((p, i) => {
    const deps = p.deps(m);
    const hit = cache[i];
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, k) => d === deps[k])) return hit.part;
    const part = p.build(m);
    cache[i] = { deps, part };
    return part;
  });
}

let joined: { parts: readonly IndexPart[]; all: IndexPart } | null = null;

/** The parts as one (memoised on the parts themselves). */
export function joinParts(parts: readonly IndexPart[]): IndexPart {
  if (joined && joined.parts.length === parts.length && joined.parts.every((p, i) => p === parts[i])) return joined.all;
  const all = { items: parts.flatMap((p) => p.items), index: joinIndexes(parts.map((p) => p.index)) };
  joined = { parts, all };
  return all;
}
