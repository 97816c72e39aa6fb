// A trust boundary drawn as a line, in the real app under Xvfb: on a new
// engagement with an entity, a process and a flow between them, Shift+B then a
// drag across the flow draws a line boundary named at once (three gestures);
// the flow's inspector lists the crossing and the rules suggest a
// crossing-only threat; dragging one of the line's points off the flow ends the
// crossing; undo brings it back; moving the whole line off the flow ends it too;
// Delete removes the line; other tools' properties show in the inspector,
// editable and removable. A click inside the line's bounding box, off its
// stroke, still reaches what is there (the flow's label).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const LINE = 'Internet edge';
/** A rule that needs a crossing (rules/stride.toml `flow-cleartext-tampering`). */
const CROSSING_TITLE = 'Traffic altered in transit across a trust boundary';

describe('a line boundary drawn across a flow, reshaped, undone', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const ids = {};

  const { step, failed } = h.steps('line-boundary', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-line');
    driver = await h.startDriver(home, { logName: 'line-boundary-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  /** The drawn line boundaries: id, points (canvas units) and label. */
  const lines = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="line-boundary"]')].map((g) => ({
        id: g.getAttribute('data-id'),
        points: (g.getAttribute('data-points') ?? '').split(' ').filter(Boolean).map((p) => p.split(',').map(Number)),
        label: document.querySelector(`[data-testid="line-label"][data-id="${g.getAttribute('data-id')}"]`)?.textContent ?? null,
      })),
    );

  /** Screen position of the selected line's handle `index`. */
  const handle = (index) =>
    browser.execute((i) => {
      const c = document.querySelector(`[data-testid="line-handle"][data-index="${i}"]`);
      if (!c) return null;
      const r = c.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, index);

  const selectFlow = async () => {
    await browser.$(`[data-testid="edge-label"][data-id="${ids.flow}"]`).click();
    await h.waitFor(
      () => browser.execute((id) => document.querySelector(`.react-flow__edge[data-id="${id}"]`)?.classList.contains('selected'), ids.flow),
      { what: 'the flow to be selected' },
    );
  };

  const crossings = () => ui.inspectorList(browser, 'crossings');

  const suggestionTitles = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="suggestions"] [data-testid="suggestion-title"]')].map((t) => t.textContent ?? ''),
    );

  step('a new engagement with an entity, a process and a flow between them', async () => {
    browser = await h.launchApp(driver);
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-new');
    await (await ui.testId(browser, 'new-engagement-name')).setValue('E2E line boundary');
    await ui.clickTestId(browser, 'new-engagement-create');
    await ui.waitVersionAfter(browser, v, 'the new engagement to open');
    await h.waitFor(async () => (await ui.nodes(browser)).length === 0, { what: 'an empty canvas' });

    const pane = await ui.paneRect(browser);
    const cy = pane.top + pane.height / 2;
    await ui.moveMouse(browser, { x: pane.left + pane.width / 2 - 260, y: cy });
    await browser.keys('e');
    await ui.typeInNameEditor(browser, 'Customer');
    ids.entity = (await ui.waitNodeLabelled(browser, 'Customer')).id;
    await ui.moveMouse(browser, { x: pane.left + pane.width / 2 + 200, y: cy });
    await browser.keys('p');
    await ui.typeInNameEditor(browser, 'Shop API');
    ids.process = (await ui.waitNodeLabelled(browser, 'Shop API')).id;
    await ui.connect(browser, ids.entity, ids.process);
    await ui.typeInNameEditor(browser, 'Orders');
    const flows = await h.waitFor(async () => {
      const e = await ui.edges(browser);
      return e.length === 1 && e[0].label === 'Orders' && e;
    }, { what: 'one labelled flow' });
    ids.flow = flows[0].id;
    await selectFlow();
    assert.match(await crossings(), /No trust boundary/);
    assert.ok(!(await suggestionTitles()).includes(CROSSING_TITLE), 'no crossing rule before a boundary exists');
  });

  step('Shift+B, a drag across the flow, the name and Enter: a named line boundary (3 gestures)', async () => {
    const at = Object.fromEntries((await ui.nodes(browser)).map((n) => [n.id, n]));
    const L = at[ids.entity].rect.right;
    const G = at[ids.process].rect.left - L;
    const y = (at[ids.entity].rect.top + at[ids.entity].rect.bottom) / 2;
    // From above the flow, near the entity, down across it to well below: the
    // flow's label (the middle of the gap) lies inside the line's bounding box.
    ids.flowY = y;
    ids.from = { x: L + 0.1 * G, y: y - 70 };
    ids.to = { x: L + 0.95 * G, y: y + 230 };
    const v = await ui.version(browser);
    await ui.moveMouse(browser, ids.from);
    // Gesture 1: Shift+B arms the line tool.
    await browser.keys(['Shift', 'B']);
    await ui.testId(browser, 'line-tool');
    // Gesture 2: the drag.
    await ui.drag(browser, ids.from, ids.to, { steps: 6 });
    // Gesture 3: the name, then Enter.
    await ui.typeInNameEditor(browser, LINE);
    await ui.waitVersionAfter(browser, v, 'the line to be added');
    const drawn = await h.waitFor(async () => {
      const l = await lines();
      return l.length === 1 && l[0].label?.toLowerCase() === LINE.toLowerCase() && l;
    }, { what: 'one named line boundary' });
    ids.line = drawn[0].id;
    assert.equal(drawn[0].points.length, 2, 'a line from press to release');
    // Not a box: no boundary node was added, and the tool is put down.
    assert.equal((await ui.nodes(browser)).filter((n) => n.type === 'boundary').length, 0);
    assert.equal(await browser.execute(() => !!document.querySelector('[data-testid="line-tool"]')), false);
    await h.saveScreenshot(browser, 'line-boundary-drawn');
  });

  step('the flow crosses it: the inspector says so and a crossing-only rule suggests a threat', async () => {
    // The flow's label is inside the line's bounding box, off its stroke: the click reaches the flow.
    const label = await ui.centreOf(browser, `[data-testid="edge-label"][data-id="${ids.flow}"]`);
    assert.ok(label.x > ids.from.x && label.x < ids.to.x && label.y > ids.from.y && label.y < ids.to.y, "the flow label is inside the line's box");
    await selectFlow();
    await h.waitFor(async () => (await crossings()).includes(LINE), { what: `the flow's crossings to list ${LINE}` });
    await h.waitFor(async () => (await suggestionTitles()).includes(CROSSING_TITLE), { what: `the suggestion "${CROSSING_TITLE}"` });
    // The line's inspector lists the flow it is crossed by.
    await browser.$(`[data-testid="line-label"][data-id="${ids.line}"]`).click();
    await h.waitFor(async () => (await ui.inspectorList(browser, 'crossed-by')).includes('Orders'), { what: "the line's inspector to list the flow" });
    await h.saveScreenshot(browser, 'line-boundary-selected');
  });

  step("drag the line's lower point above the flow: the crossing is gone", async () => {
    await browser.$(`[data-testid="line-label"][data-id="${ids.line}"]`).click();
    const p1 = await h.waitFor(() => handle(1), { what: "the selected line's handles" });
    const v = await ui.version(browser);
    // Both points above the flow now: the line no longer meets it.
    await ui.drag(browser, p1, { x: p1.x, y: ids.from.y - 40 }, { steps: 6 });
    await ui.waitVersionAfter(browser, v, 'the reshape to be committed');
    const [l] = await lines();
    assert.equal(l.points.length, 2);
    assert.ok(l.points[1][1] < l.points[0][1], 'the lower point is now the upper one');
    await selectFlow();
    await h.waitFor(async () => /No trust boundary/.test(await crossings()), { what: 'the crossing to disappear' });
    await h.waitFor(async () => !(await suggestionTitles()).includes(CROSSING_TITLE), { what: 'the crossing suggestion to go' });
  });

  step('undo puts the point back: the flow crosses the line again', async () => {
    const before = (await lines())[0].points;
    await browser.keys(['Control', 'z']);
    const after = await h.waitFor(async () => {
      const l = await lines();
      return l.length === 1 && JSON.stringify(l[0].points) !== JSON.stringify(before) && l[0].points;
    }, { what: 'the line to take its old points back' });
    assert.equal(after.length, 2);
    await selectFlow();
    await h.waitFor(async () => (await crossings()).includes(LINE), { what: 'the crossing to come back after undo' });
  });

  step("another tool's properties show under Other properties, editable and removable", async () => {
    // As an import writes them (the Microsoft tool's "Hosting", a yes/no of its template).
    const outcome = await browser.executeAsync((id, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const set = (key, value) => invoke('apply_op', { op: { type: 'set_property', id, key, value } });
      set('Hosting', 'Azure App Service')
        .then(() => set('Isolated', true))
        .then(() => done('ok'), (e) => done(String(e?.message ?? e)));
    }, ids.process);
    assert.equal(outcome, 'ok');
    await ui.clickNode(browser, ids.process);
    const rows = () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="other-properties"] .tl-other-prop')].map((r) => ({
          key: r.getAttribute('data-key'),
          text: r.querySelector('input[type="text"]')?.value ?? null,
          checked: r.querySelector('input[type="checkbox"]')?.checked ?? null,
        })),
      );
    const got = await h.waitFor(async () => {
      const r = await rows();
      return r.length === 2 && r;
    }, { what: 'two other properties in the inspector' });
    assert.deepEqual(got, [
      { key: 'Hosting', text: 'Azure App Service', checked: null },
      { key: 'Isolated', text: null, checked: true },
    ]);
    // Scroll the inspector (only it: scrollIntoView would scroll the app's frame too).
    await browser.execute(() => {
      const el = document.querySelector('[data-testid="other-properties"]');
      const box = el?.closest('.tl-inspector');
      if (el && box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 160;
    });
    await h.saveScreenshot(browser, 'line-boundary-other-properties');
    // Edit the text.
    let v = await ui.version(browser);
    await browser.$('[data-testid="other-properties"] [data-key="Hosting"] input').click();
    await ui.replaceText(browser, 'On premises');
    await browser.keys('Enter');
    await ui.waitVersionAfter(browser, v, 'the edit');
    // Remove the yes/no one.
    v = await ui.version(browser);
    await browser.$('[data-testid="other-properties"] [data-key="Isolated"] [data-testid="other-prop-remove"]').click();
    await ui.waitVersionAfter(browser, v, 'the removal');
    const after = await h.waitFor(async () => {
      const r = await rows();
      return r.length === 1 && r;
    }, { what: 'one other property left' });
    assert.deepEqual(after, [{ key: 'Hosting', text: 'On premises', checked: null }]);
  });

  step('a double-click on the stroke adds a point there; a double-click on that handle removes it', async () => {
    await browser.$(`[data-testid="line-label"][data-id="${ids.line}"]`).click();
    const a = await h.waitFor(() => handle(0), { what: "the selected line's handles" });
    const b = await handle(1);
    const at = { x: a.x + (b.x - a.x) * 0.25, y: a.y + (b.y - a.y) * 0.25 };
    const dbl = (p) =>
      browser.performActions([
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', origin: 'viewport', x: Math.round(p.x), y: Math.round(p.y), duration: 0 },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ]).then(() => browser.releaseActions());
    let v = await ui.version(browser);
    await dbl(at);
    await ui.waitVersionAfter(browser, v, 'the point to be added');
    const three = await h.waitFor(async () => {
      const [l] = await lines();
      return l.points.length === 3 && l.points;
    }, { what: 'a third point' });
    // It lies where the double-click was, on the line between the two ends.
    assert.ok(three[1][0] > three[0][0] && three[1][0] < three[2][0], `the new point is between the ends: ${JSON.stringify(three)}`);
    v = await ui.version(browser);
    // The new point is where the last double-click was: wait out the double-click
    // time, or the browser counts a third and fourth click (and sends no dblclick).
    await h.sleep(800);
    await dbl(await handle(1));
    await ui.waitVersionAfter(browser, v, 'the point to be removed');
    await h.waitFor(async () => (await lines())[0].points.length === 2, { what: 'two points again' });
  });

  step('drag the whole line off the flow, then Delete removes it; undo brings it back', async () => {
    const label = await ui.centreOf(browser, `[data-testid="line-label"][data-id="${ids.line}"]`);
    const before = (await lines())[0].points;
    let v = await ui.version(browser);
    // Down until its top is below the flow: all of it under the flow.
    const down = ids.flowY - ids.from.y + 50;
    await ui.drag(browser, label, { x: label.x, y: label.y + down }, { steps: 6 });
    await ui.waitVersionAfter(browser, v, 'the move to be committed');
    const moved = (await lines())[0].points;
    assert.ok(moved[0][1] > before[0][1] + 80, `the line moved down: ${JSON.stringify({ before, moved, label, down })}`);
    // No text of the page got selected by the drag.
    assert.equal(await browser.execute(() => String(window.getSelection() ?? '')), '');
    assert.equal(moved[1][1] - moved[0][1], before[1][1] - before[0][1], 'its shape is kept');
    assert.equal(moved[1][0] - moved[0][0], before[1][0] - before[0][0], 'its shape is kept');
    await selectFlow();
    await h.waitFor(async () => /No trust boundary/.test(await crossings()), { what: 'no crossing after the move' });

    await browser.$(`[data-testid="line-label"][data-id="${ids.line}"]`).click();
    v = await ui.version(browser);
    await browser.keys('Delete');
    await ui.waitVersionAfter(browser, v, 'the delete');
    await h.waitFor(async () => (await lines()).length === 0, { what: 'the line to be removed' });
    await browser.keys(['Control', 'z']);
    await h.waitFor(async () => (await lines()).length === 1, { what: 'the line to come back' });
  });
});
