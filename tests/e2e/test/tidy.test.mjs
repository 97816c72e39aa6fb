// Tidy in the real app under Xvfb: on the demo, Shift+T lays the diagram out
// again in one step: every element stays inside the boundaries that held it,
// no two nodes overlap, flows run left to right; one Ctrl+Z gives the drawing
// back; View → Tidy does the same.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

/** The drawn nodes as boxes in canvas units, boundaries marked. */
async function boxes(browser) {
  return (await ui.nodes(browser)).map((n) => ({
    id: n.id,
    label: n.label,
    boundary: n.type === 'boundary',
    x: n.position.x,
    y: n.position.y,
    w: parseFloat(n.width),
    h: parseFloat(n.height),
  }));
}

/** Each node's holders: the boundaries its centre lies in, larger than it
 *  when it is itself a boundary (the core's containment rule, as the
 *  inspector's "Inside" list shows it). */
function holders(all) {
  const out = {};
  for (const n of all) {
    const cx = n.x + n.w / 2;
    const cy = n.y + n.h / 2;
    out[n.label] = all
      .filter((b) => b.boundary && b.id !== n.id && cx > b.x && cx < b.x + b.w && cy > b.y && cy < b.y + b.h)
      .filter((b) => !n.boundary || b.w * b.h > n.w * n.h)
      .map((b) => b.label)
      .sort();
  }
  return out;
}

function overlaps(all, held) {
  const out = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const [a, b] = [all[i], all[j]];
      if (held[a.label].includes(b.label) || held[b.label].includes(a.label)) continue;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${a.label} / ${b.label}`);
    }
  }
  return out;
}

describe('Tidy: the demo laid out again in one step, boundaries kept, nothing overlapping', { timeout: 240_000 }, () => {
  let home;
  let driver;
  let browser;
  let drawn;

  const { step, failed } = h.steps('tidy', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-tidy');
    driver = await h.startDriver(home, { logName: 'tidy-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('the demo drawn', async () => {
    browser = await h.launchApp(driver);
    drawn = await h.waitFor(async () => {
      const b = await boxes(browser);
      return b.length >= 5 && b.every((n) => n.w > 0 && n.h > 0) && b;
    }, { what: 'the demo drawn' });
  });

  step('Shift+T: one step; every element inside the boundaries it was in, no two nodes overlapping', async () => {
    const heldBefore = holders(drawn);
    assert.ok(Object.values(heldBefore).some((h) => h.length >= 1), 'the demo has elements in boundaries');
    const v = await ui.version(browser);
    await browser.keys(['Shift', 'T']);
    await browser.keys(['Shift']);
    await ui.waitVersionAfter(browser, v, 'the tidy');
    const after = await h.waitFor(async () => {
      const b = await boxes(browser);
      return JSON.stringify(b) !== JSON.stringify(drawn) && b;
    }, { what: 'the diagram laid out again' });
    assert.deepEqual(holders(after), heldBefore, 'containment kept');
    assert.deepEqual(overlaps(after, holders(after)), [], 'no two nodes overlap');
    // Left to right: of each request and its answer, one runs rightward.
    const byId = Object.fromEntries(after.map((n) => [n.id, n]));
    const flows = (await ui.edges(browser)).filter((e) => byId[e.source] && byId[e.target]);
    const rightward = flows.filter((e) => byId[e.target].x + byId[e.target].w / 2 >= byId[e.source].x + byId[e.source].w / 2);
    assert.ok(rightward.length * 2 >= flows.length, `${rightward.length} of ${flows.length} flows run left to right`);
    await h.saveScreenshot(browser, 'tidy-after');
  });

  step('one Ctrl+Z gives the drawing back', async () => {
    const v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await browser.keys(['Control']);
    await ui.waitVersionAfter(browser, v, 'the undo');
    await h.waitFor(async () => JSON.stringify(await boxes(browser)) === JSON.stringify(drawn), { what: 'the drawing as it was' });
  });

  step('View → Tidy does the same', async () => {
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'menu-view');
    await ui.clickTestId(browser, 'menuitem-tidy');
    await ui.waitVersionAfter(browser, v, 'the tidy from the menu');
    const after = await h.waitFor(async () => {
      const b = await boxes(browser);
      return JSON.stringify(b) !== JSON.stringify(drawn) && b;
    }, { what: 'the diagram laid out again' });
    assert.deepEqual(holders(after), holders(drawn));
  });
});
