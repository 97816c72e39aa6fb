import type { ElementKind } from '../bindings';
import type { Element } from '../app/model';
import { labels, mapBy, VOCABULARY } from './vocabulary';

export const KIND_LABEL: Record<ElementKind, string> = labels(VOCABULARY.kinds, (k) => k.kind);

/** What a new element is called until it is named (the core's default names). */
export const DEFAULT_NAMES: Record<ElementKind, string> = mapBy(VOCABULARY.kinds, (k) => k.kind, (k) => k.default_name);

export const NODE_KINDS = ['external_entity', 'process', 'data_store', 'trust_boundary'] as const;

export const KIND_KEY: Record<(typeof NODE_KINDS)[number], string> = {
  external_entity: 'E',
  process: 'P',
  data_store: 'S',
  trust_boundary: 'B',
};

/** How an element is named wherever it is listed: its name, or "Unnamed process". */
export function elementLabel(e: Pick<Element, 'name' | 'kind'> | undefined, fallback = '(deleted)'): string {
  if (!e) return fallback;
  return e.name.trim() || `Unnamed ${KIND_LABEL[e.kind].toLowerCase()}`;
}
