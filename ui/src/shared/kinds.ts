import type { ElementKind } from '../bindings';
import type { Element } from '../app/model';

export const KIND_LABEL: Record<ElementKind, string> = {
  external_entity: 'External entity',
  process: 'Process',
  data_store: 'Data store',
  data_flow: 'Data flow',
  trust_boundary: 'Trust boundary',
};

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
