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

/**
 * Types `text` into whatever has focus, one keyDown/keyUp pair per character
 * (webdriverio's `keys()` presses every key of an array before releasing any,
 * which loses repeated letters).
 */
export async function typeText(browser, text) {
  const actions = [];
  for (const ch of text) actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
  await browser.performActions([{ type: 'key', id: 'keyboard', actions }]);
  await browser.releaseActions();
}

/** Selects all the text of the focused field and types `text` over it. */
export async function replaceText(browser, text) {
  await browser.keys(['Control', 'a']);
  await typeText(browser, text);
}

/** Types into the in-place name editor that just opened and commits with Enter. */
export async function typeInNameEditor(browser, text) {
  const editor = await testId(browser, 'name-editor');
  await waitFor(() => editor.isFocused(), { timeout: 5000, what: 'the name editor to take focus' });
  // Replace whatever is there (a default name).
  await replaceText(browser, text);
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

/** A left click at a point of the viewport. */
export async function clickAt(browser, p) {
  await browser.performActions([
    {
      type: 'pointer',
      id: 'mouse',
      parameters: { pointerType: 'mouse' },
      actions: [
        { type: 'pointerMove', origin: 'viewport', ...pt(p), duration: 0 },
        { type: 'pointerDown', button: 0 },
        { type: 'pointerUp', button: 0 },
      ],
    },
  ]);
  await browser.releaseActions();
}

/** Centre of the first element matching `selector` inside the node `nodeId`. */
/** Clicks the centre of `selector` with `key` held (a Shift- or Ctrl-click),
 *  as one WebDriver action so the key is down when the pointer clicks. */
export async function clickWith(browser, selector, key) {
  const p = await centreOf(browser, selector);
  if (!p) throw new Error(`${selector} is not on screen`);
  const at = { x: Math.round(p.x), y: Math.round(p.y) };
  await browser.performActions([
    { type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: key }, { type: 'pause', duration: 0 }, { type: 'pause', duration: 0 }, { type: 'pause', duration: 0 }, { type: 'keyUp', value: key }] },
    {
      type: 'pointer',
      id: 'mouse',
      parameters: { pointerType: 'mouse' },
      actions: [{ type: 'pause', duration: 0 }, { type: 'pointerMove', origin: 'viewport', ...at, duration: 0 }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }, { type: 'pause', duration: 0 }],
    },
  ]);
  await browser.releaseActions();
}

export async function centreOf(browser, selector) {
  return browser.execute((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, selector);
}

const nodeSel = (id) => `.react-flow__node[data-id="${id}"]`;

/**
 * The centre of the source handle of node `id` a user would grab: a visible,
 * interactive one, the closest to `towards` (the handles show on hover).
 */
async function grabbableSourceHandle(browser, id, towards) {
  return browser.execute((nid, to) => {
    const node = document.querySelector(`.react-flow__node[data-id="${nid}"]`);
    if (!node) return null;
    let best = null;
    for (const h of node.querySelectorAll('.react-flow__handle.source')) {
      const cs = getComputedStyle(h);
      const r = h.getBoundingClientRect();
      if (cs.pointerEvents === 'none' || cs.visibility === 'hidden' || cs.display === 'none' || r.width < 4 || r.height < 4) continue;
      const c = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      // Only a handle that is really under the pointer at its centre.
      const top = document.elementFromPoint(c.x, c.y);
      if (top !== h && !h.contains(top)) continue;
      const d = Math.hypot(c.x - to.x, c.y - to.y);
      if (!best || d < best.d) best = { ...c, d };
    }
    return best;
  }, id, towards);
}

/** Draws a flow: drags from a source handle of one node onto another node. */
export async function connect(browser, fromId, toId) {
  const target = await centreOf(browser, nodeSel(toId));
  // The dots a flow is drawn from show when the node is hovered.
  await moveMouse(browser, await centreOf(browser, nodeSel(fromId)));
  const from = await waitFor(() => grabbableSourceHandle(browser, fromId, target), {
    what: `a source handle to grab on ${fromId}`,
  });
  // Drop on the target node's target handle (centre of the handle if it has one).
  const to = (await centreOf(browser, `${nodeSel(toId)} .react-flow__handle.target`)) ?? target;
  await drag(browser, from, to);
}

/** Clicks a node (selects it) on a point inside it. */
export async function clickNode(browser, id) {
  const el = await browser.$(nodeSel(id));
  // A diagram wider than the window may have the node out of view: fit first, as a user would.
  if (!(await el.isDisplayed({ withinViewport: true }))) await clickTestId(browser, 'fit-view');
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
