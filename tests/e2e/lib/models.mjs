// What other tools' files hold, counted from the files themselves (not from
// Threatloom's readers), for the import tests to compare with the report.

import fs from 'node:fs';

/** A Microsoft Threat Modeling Tool `.tm7` (DataContract XML): diagrams,
 *  stencils by type, connectors, boundaries and threat instances, and the
 *  names of its diagrams, stencils and connectors. Only the generic stencil types are
 *  classified (the SDL/Azure template types are the reader's business). */
export function tm7Contents(file) {
  const xml = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const counts = { diagrams: 0, entities: 0, processes: 0, stores: 0, flows: 0, boundaries: 0, threats: 0 };
  const names = { diagrams: [], stencils: [], connectors: [] };
  const surfaces = xml.split(/<DrawingSurfaceModel\b/).slice(1);
  counts.diagrams = surfaces.length;
  const KIND = {
    StencilRectangle: 'entities',
    StencilEllipse: 'processes',
    StencilParallelLines: 'stores',
    Connector: 'flows',
    BorderBoundary: 'boundaries',
    LineBoundary: 'boundaries',
  };
  for (const surface of surfaces) {
    const [head, ...items] = surface.split(/<a:KeyValueOfguidanyType>/);
    const title = /<b:DisplayName>Name<\/b:DisplayName><b:Name\s*\/><b:Value[^>]*>([^<]*)</.exec(head)?.[1];
    if (title) names.diagrams.push(decode(title));
    for (const item of items) {
      const type = /<a:Value\b[^>]*\bi:type="([^"]+)"/.exec(item)?.[1];
      if (!type || !(type in KIND)) throw new Error(`tm7Contents: a stencil of type ${type} (not one this helper classifies)`);
      counts[KIND[type]] += 1;
      const name = /<b:DisplayName>Name<\/b:DisplayName><b:Name\s*\/><b:Value[^>]*>([^<]*)</.exec(item)?.[1];
      if (name) (type === 'Connector' ? names.connectors : names.stencils).push(decode(name));
    }
  }
  counts.threats = (xml.match(/<a:KeyValueOfstringThreatpc_P0_PhOB>/g) ?? []).length;
  return { counts, names };
}

/** A Threat Dragon v2 JSON file: its diagrams' cells by shape, threats in
 *  `cells[].data.threats`, and the diagrams' titles and the cells' names. */
export function threatDragonContents(file) {
  const model = JSON.parse(fs.readFileSync(file, 'utf8'));
  const diagrams = model.detail?.diagrams ?? [];
  const counts = { diagrams: diagrams.length, entities: 0, processes: 0, stores: 0, flows: 0, boundaries: 0, threats: 0 };
  const SHAPE = {
    actor: 'entities',
    process: 'processes',
    store: 'stores',
    flow: 'flows',
    'trust-boundary-box': 'boundaries',
    'trust-boundary-curve': 'boundaries',
    'trust-broundary-curve': 'boundaries',
  };
  const names = [];
  for (const d of diagrams) {
    for (const cell of d.cells ?? []) {
      const kind = SHAPE[cell.shape];
      if (kind) counts[kind] += 1;
      counts.threats += (cell.data?.threats ?? []).length;
      if (kind && kind !== 'flows' && kind !== 'boundaries' && cell.data?.name) names.push(cell.data.name);
    }
  }
  return { title: model.summary?.title ?? '', version: model.version ?? '', diagrams: diagrams.map((d) => d.title), counts, names };
}

function decode(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
