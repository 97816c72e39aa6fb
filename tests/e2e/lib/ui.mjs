// Gestures and reads on the Threatloom UI through its stable test hooks
// (data-testid attributes, React Flow's class names), in W3C WebDriver terms.

import { waitFor } from './harness.mjs';

export const byTestId = (id) => `[data-testid="${id}"]`;

export async function testId(browser, id, { timeout = 10000 } = {}) {
  const el = await browser.$(byTestId(id));
  await el.waitForDisplayed({ timeout, timeoutMsg: `[data-testid="${id}"] not displayed` });
  return el;
}

export async function clickTestId(browser, id) {
  const el = await testId(browser, id);
  await el.click();
  return el;
}

/** The root's `data-version`: it changes after every change the core made. */
export async function version(browser) {
  return browser.execute(() => document.querySelector('[data-version]')?.getAttribute('data-version') ?? null);
}

export async function waitVersionAfter(browser, before, what = 'a new version from the core') {
  return waitFor(async () => {
    const v = await version(browser);
    return v !== null && v !== before && (await browser.execute(() => !!document.querySelector('[data-ready="true"]'))) && v;
  }, { timeout: 10000, what });
}

/** Every drawn node: id, label, kind classes, flow position, and screen rect. */
export async function nodes(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('.react-flow__node')].map((n) => {
      const r = n.getBoundingClientRect();
      const m = /translate\(\s*(-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(n.style.transform || '');
      return {
        id: n.getAttribute('data-id'),
        type: [...n.classList].find((c) => c.startsWith('react-flow__node-'))?.slice('react-flow__node-'.length) ?? null,
        label: n.querySelector('[data-testid="node-label"]')?.textContent ?? null,
        position: m ? { x: Number(m[1]), y: Number(m[2]) } : null,
        width: n.style.width || null,
        height: n.style.height || null,
        rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
        centre: { x: r.left + r.width / 2, y: r.top + r.height / 2 },
      };
    }),
  );
}

/** Every drawn edge: id, source, target (from React Flow's aria-label) and label. */
export async function edges(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('.react-flow__edge')].map((e) => {
      const id = e.getAttribute('data-id');
      const m = /^Edge from (.+) to (.+)$/.exec(e.getAttribute('aria-label') ?? '');
      const label = [...document.querySelectorAll('[data-testid="edge-label"]')].find((l) => l.getAttribute('data-id') === id);
      return { id, source: m?.[1] ?? null, target: m?.[2] ?? null, label: label?.textContent ?? null };
    }),
  );
}

export async function nodeByLabel(browser, label) {
  return (await nodes(browser)).find((n) => n.label === label);
}

export async function waitNodeLabelled(browser, label, { timeout = 10000 } = {}) {
  return waitFor(() => nodeByLabel(browser, label), { timeout, what: `a node labelled ${JSON.stringify(label)}` });
}

/** The canvas pane's rectangle on screen. */
export async function paneRect(browser) {
  return browser.execute(() => {
    const r = document.querySelector('.react-flow').getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  });
}

/** Types into the in-place name editor that just opened and commits with Enter. */
export async function typeInNameEditor(browser, text) {
  const editor = await testId(browser, 'name-editor');
  await waitFor(() => editor.isFocused(), { timeout: 5000, what: 'the name editor to take focus' });
  // Select whatever is there (a default name) so typing replaces it.
  await browser.keys(['Control', 'a']);
  await browser.keys(text.split(''));
  await browser.keys('Enter');
  await editor.waitForExist({ reverse: true, timeout: 5000, timeoutMsg: 'the name editor did not close after Enter' });
}

const pt = (p) => ({ x: Math.round(p.x), y: Math.round(p.y) });

export async function moveMouse(browser, p) {
  await browser.performActions([
    { type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', origin: 'viewport', ...pt(p), duration: 0 }] },
  ]);
}

/**
 * Drags from `from` to `to` (viewport coordinates) with the left button.
 * WebKitWebDriver sends one pointermove per action and React Flow drops the
 * distance of the first move past its drag threshold, so a 2 px nudge comes
 * first; the button is released explicitly.
 */
export async function drag(browser, from, to, { steps = 4 } = {}) {
  const a = pt(from);
  const b = pt(to);
  const actions = [
    { type: 'pointerMove', origin: 'viewport', ...a, duration: 0 },
    { type: 'pointerDown', button: 0 },
    { type: 'pause', duration: 50 },
    { type: 'pointerMove', origin: 'viewport', x: a.x + 2, y: a.y + 2, duration: 0 },
  ];
  for (let i = 1; i <= steps; i++) {
    actions.push({
      type: 'pointerMove',
      origin: 'viewport',
      x: Math.round(a.x + ((b.x - a.x) * i) / steps),
      y: Math.round(a.y + ((b.y - a.y) * i) / steps),
      duration: 0,
    });
  }
  actions.push({ type: 'pause', duration: 50 }, { type: 'pointerUp', button: 0 });
  await browser.performActions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }]);
  await browser.releaseActions();
}

/** Centre of the first element matching `selector` inside the node `nodeId`. */
export async function centreOf(browser, selector) {
  return browser.execute((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, selector);
}

const nodeSel = (id) => `.react-flow__node[data-id="${id}"]`;

/** Draws a flow by dragging from a node's source handle to another's target handle. */
export async function connect(browser, fromId, toId) {
  // Handles may only show on hover: hover the source node first.
  const srcNode = await centreOf(browser, nodeSel(fromId));
  await moveMouse(browser, srcNode);
  const from = await waitFor(() => centreOf(browser, `${nodeSel(fromId)} .react-flow__handle.source`), { what: `a source handle on ${fromId}` });
  const to = await waitFor(() => centreOf(browser, `${nodeSel(toId)} .react-flow__handle.target`), { what: `a target handle on ${toId}` });
  await drag(browser, from, to);
}

/** Clicks a node (selects it) on a point inside it. */
export async function clickNode(browser, id) {
  const el = await browser.$(nodeSel(id));
  await el.click();
}

export async function doubleClickNode(browser, id) {
  const el = await browser.$(nodeSel(id));
  await el.doubleClick();
}

/** Texts of the inspector's list `testid` (e.g. inside-boundaries, crossings). */
export async function inspectorList(browser, testid) {
  const el = await testId(browser, testid);
  return el.getText();
}

/** Presses a key chord (e.g. ['Control', 'z']) as separate key actions. */
export async function chord(browser, keys) {
  await browser.keys(keys);
}
