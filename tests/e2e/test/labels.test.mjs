// Flow labels in the real app under Xvfb: on the demo, no label chip covers
// another chip or an element (boundaries excepted), "Payslip pages & PDFs" and
// "Payslip records" included; and after an element is dragged next to
// another, the labels are placed again and still touch nothing.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

/** The chips and the element nodes as screen rects. */
async function drawn(browser) {
  return browser.execute(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return {
      chips: [...document.querySelectorAll('.tl-edge-label')].map((c) => ({
        id: c.querySelector('[data-testid="edge-label"]')?.getAttribute('data-id') ?? '?',
        text: c.querySelector('[data-testid="edge-label"]')?.textContent ?? '',
        ...box(c),
      })),
      nodes: [...document.querySelectorAll('.react-flow__node')]
        .filter((n) => !n.classList.contains('react-flow__node-boundary'))
        .map((n) => ({ id: n.getAttribute('data-id'), ...box(n) })),
    };
  });
}

const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function collisions({ chips, nodes }) {
  const out = [];
  chips.forEach((a, i) => {
    for (const b of chips.slice(i + 1)) if (hit(a, b)) out.push(`"${a.text}" / "${b.text}"`);
    for (const n of nodes) if (hit(a, n)) out.push(`"${a.text}" / element ${n.id}`);
  });
  return out;
}

describe('Flow labels: placed so that they do not collide', { timeout: 240_000 }, () => {
  let home;
  let driver;
  let browser;

  const { step, failed } = h.steps('labels', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-labels');
    driver = await h.startDriver(home, { logName: 'labels-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('the demo: no chip covers another chip or an element', async () => {
    browser = await h.launchApp(driver);
    const d = await h.waitFor(async () => {
      const x = await drawn(browser);
      return x.chips.length >= 8 && x.nodes.length >= 5 && x;
    }, { what: 'the demo drawn with its flow labels' });
    await h.saveScreenshot(browser, 'labels-demo');
    const texts = d.chips.map((c) => c.text);
    assert.ok(texts.includes('Payslip pages & PDFs'), texts.join(', '));
    assert.ok(texts.includes('Payslip records'), texts.join(', '));
    assert.deepEqual(collisions(d), []);
  });

  step('an element dragged next to another: the labels move clear again', async () => {
    const before = await drawn(browser);
    const idp = before.nodes.find((n) => n.id === 'idp');
    const webapp = before.nodes.find((n) => n.id === 'webapp');
    assert.ok(idp && webapp, 'the demo has the identity provider and the web app');
    // Up under the web app, leaving a short gap (~100 units): its two flows get
    // shorter than the OIDC label, and their two labels must share the gap.
    const from = { x: (idp.left + idp.right) / 2, y: (idp.top + idp.bottom) / 2 };
    const to = { x: from.x, y: webapp.bottom + 70 + (idp.bottom - idp.top) / 2 };
    const v = await ui.version(browser);
    await ui.drag(browser, from, to);
    await ui.waitVersionAfter(browser, v, 'the move');
    const after = await h.waitFor(async () => {
      const x = await drawn(browser);
      const n = x.nodes.find((m) => m.id === 'idp');
      return n && Math.abs(n.top - idp.top) > 50 && x;
    }, { what: 'the identity provider moved' });
    await h.saveScreenshot(browser, 'labels-after-drag');
    assert.deepEqual(collisions(after), []);
  });
});
