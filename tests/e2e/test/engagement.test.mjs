// The end-to-end scenario, in the real app under Xvfb: create an
// engagement, draw a process, a data store and an external entity, connect two
// flows, put two elements inside a trust boundary, rename one, undo and redo,
// quit, relaunch: the diagram is exactly there.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const ENGAGEMENT = 'E2E web shop';
const BOUNDARY = 'Internal network';

describe('an engagement drawn, edited, and found again after a restart', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const ids = {};
  let before_quit;

  /** A step of the scenario: skipped after a failure, screenshot on failure. */
  const { step, failed } = h.steps('engagement', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e');
    driver = await h.startDriver(home, { logName: 'engagement-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('first start opens the demo engagement', async () => {
    browser = await h.launchApp(driver);
    const drawn = await ui.nodes(browser);
    assert.ok(drawn.length >= 5, `the demo diagram should be drawn, found ${drawn.length} nodes`);
  });

  step('File → New engagement creates an empty engagement file', async () => {
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-new');
    const name = await ui.testId(browser, 'new-engagement-name');
    await name.setValue(ENGAGEMENT);
    await ui.clickTestId(browser, 'new-engagement-create');
    await ui.waitVersionAfter(browser, v, 'the new engagement to open');
    await h.waitFor(async () => (await ui.nodes(browser)).length === 0, { what: 'an empty canvas' });
    const dir = path.join(home.data, 'engagements');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.threatmodel')) : [];
    assert.equal(files.length, 1, `one engagement file in ${dir}, found ${JSON.stringify(files)}`);
  });

  step('add a process (palette), a data store and an external entity (keys S, E at the mouse)', async () => {
    const pane = await ui.paneRect(browser);
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;

    // Palette: the process lands at the view centre, its name editor open.
    await ui.clickTestId(browser, 'tool-process');
    await ui.typeInNameEditor(browser, 'Checkout API');
    ids.process = (await ui.waitNodeLabelled(browser, 'Checkout API')).id;

    // Keys: at the mouse position.
    await ui.moveMouse(browser, { x: cx + 260, y: cy });
    await browser.keys('s');
    await ui.typeInNameEditor(browser, 'Orders DB');
    ids.store = (await ui.waitNodeLabelled(browser, 'Orders DB')).id;

    await ui.moveMouse(browser, { x: cx - 300, y: cy });
    await browser.keys('e');
    await ui.typeInNameEditor(browser, 'Customer');
    ids.entity = (await ui.waitNodeLabelled(browser, 'Customer')).id;

    const drawn = await ui.nodes(browser);
    assert.equal(drawn.length, 3);
    const at = Object.fromEntries(drawn.map((n) => [n.id, n]));
    assert.ok(at[ids.entity].centre.x < at[ids.process].centre.x, 'the entity is left of the process');
    assert.ok(at[ids.process].centre.x < at[ids.store].centre.x, 'the store is right of the process');
    assert.ok(at[ids.entity].rect.right < at[ids.process].rect.left, 'the entity and the process do not overlap');
    assert.ok(at[ids.process].rect.right < at[ids.store].rect.left, 'the process and the store do not overlap');
  });

  step('connect two flows by dragging between handles, naming each at once', async () => {
    await ui.connect(browser, ids.entity, ids.process);
    await ui.typeInNameEditor(browser, 'Places order');
    await ui.connect(browser, ids.process, ids.store);
    await ui.typeInNameEditor(browser, 'Writes order');
    const flows = await h.waitFor(async () => {
      const e = await ui.edges(browser);
      return e.length === 2 && e.every((x) => x.label) && e;
    }, { what: 'two labelled flows' });
    const byLabel = Object.fromEntries(flows.map((f) => [f.label, f]));
    assert.deepEqual(
      [byLabel['Places order']?.source, byLabel['Places order']?.target],
      [ids.entity, ids.process],
    );
    assert.deepEqual([byLabel['Writes order']?.source, byLabel['Writes order']?.target], [ids.process, ids.store]);
    ids.flowIn = byLabel['Places order'].id;
    ids.flowOut = byLabel['Writes order'].id;
  });

  step('add a trust boundary, move and resize it around the process and the store', async () => {
    const pane = await ui.paneRect(browser);
    // Below the row of elements, in empty space.
    await ui.moveMouse(browser, { x: pane.left + pane.width / 2, y: pane.bottom - 120 });
    await browser.keys('b');
    await ui.typeInNameEditor(browser, BOUNDARY);
    const boundary = await ui.waitNodeLabelled(browser, BOUNDARY);
    ids.boundary = boundary.id;

    const at = Object.fromEntries((await ui.nodes(browser)).map((n) => [n.id, n]));
    const proc = at[ids.process].rect;
    const store = at[ids.store].rect;
    const entity = at[ids.entity].rect;
    // Target box: the process and the store with a margin, not the entity.
    const margin = 28;
    const target = {
      left: Math.max(proc.left - margin, entity.right + 8),
      top: Math.min(proc.top, store.top) - margin - 24,
      right: store.right + margin,
      bottom: Math.max(proc.bottom, store.bottom) + margin,
    };

    // Move: drag it by its label, so its top-left corner lands on the target's.
    const sel = `.react-flow__node[data-id="${ids.boundary}"]`;
    const label = await ui.centreOf(browser, `${sel} [data-testid="node-label"]`);
    const v1 = await ui.version(browser);
    await ui.drag(browser, label, {
      x: label.x + (target.left - boundary.rect.left),
      y: label.y + (target.top - boundary.rect.top),
    });
    await ui.waitVersionAfter(browser, v1, 'the move to be committed');

    // Resize: select it (click its label), then drag the bottom-right handle.
    await browser.$(`${sel} [data-testid="node-label"]`).click();
    const corner = await h.waitFor(
      // The handles live in a layer above flow labels, outside the node's own element.
      () => ui.centreOf(browser, `[data-testid="boundary-handles"][data-id="${ids.boundary}"] .react-flow__resize-control.handle.bottom.right`),
      { what: 'the resize handle of the selected boundary' },
    );
    const v2 = await ui.version(browser);
    await ui.drag(browser, corner, { x: target.right, y: target.bottom });
    await ui.waitVersionAfter(browser, v2, 'the resize to be committed');

    const moved = (await ui.nodes(browser)).find((n) => n.id === ids.boundary).rect;
    const inside = (p) => p.x > moved.left && p.x < moved.right && p.y > moved.top && p.y < moved.bottom;
    const c = (r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
    assert.ok(inside(c(proc)), `the process centre lies inside the boundary ${JSON.stringify(moved)}`);
    assert.ok(inside(c(store)), 'the store centre lies inside the boundary');
    assert.ok(!inside(c(entity)), 'the entity centre lies outside the boundary');
  });

  step('the inspector shows the boundary membership and the crossing', async () => {
    assert.deepEqual(await membership(), { process: true, store: true, entity: false });
    // The flow from the customer to the API crosses the boundary; the other does not.
    await selectFlow(ids.flowIn);
    assert.match(await ui.inspectorList(browser, 'crossings'), new RegExp(BOUNDARY));
    await selectFlow(ids.flowOut);
    assert.doesNotMatch(await crossingsText(), new RegExp(BOUNDARY));
  });

  step('rename the store in place (double-click), then undo and redo', async () => {
    await ui.doubleClickNode(browser, ids.store);
    await ui.typeInNameEditor(browser, 'Orders database');
    await labelIs(ids.store, 'Orders database');

    // Toolbar undo / redo.
    await ui.clickTestId(browser, 'undo');
    await labelIs(ids.store, 'Orders DB');
    await ui.clickTestId(browser, 'redo');
    await labelIs(ids.store, 'Orders database');

    // Keyboard: Ctrl+Z / Ctrl+Shift+Z with the canvas focused.
    await ui.clickNode(browser, ids.entity);
    await browser.keys(['Control', 'z']);
    await labelIs(ids.store, 'Orders DB');
    await browser.keys(['Control', 'Shift', 'z']);
    await labelIs(ids.store, 'Orders database');
  });

  step('rename the process in the inspector', async () => {
    await ui.clickNode(browser, ids.process);
    const input = await ui.testId(browser, 'inspector-name');
    await h.waitFor(async () => (await input.getValue()) === 'Checkout API', { what: 'the inspector to show the process' });
    await input.click();
    await ui.replaceText(browser, 'Orders API');
    // Enter commits (and must not reach the canvas, where it means "rename").
    await browser.keys('Enter');
    await labelIs(ids.process, 'Orders API');
    assert.equal(await browser.$(ui.byTestId('name-editor')).isExisting(), false, 'no in-place editor opened');
  });

  step('quit: the app exits', async () => {
    // Nothing selected (click on empty canvas), so the screenshot shows the
    // diagram as a customer sees it.
    const pane = await ui.paneRect(browser);
    await ui.clickAt(browser, { x: pane.left + 60, y: pane.bottom - 140 });
    await h.waitFor(() => browser.execute(() => !document.querySelector('.react-flow__node.selected')), {
      what: 'nothing selected',
    });
    before_quit = await diagram();
    assert.equal(before_quit.nodes.length, 4);
    assert.equal(before_quit.edges.length, 2);
    await h.saveScreenshot(browser, 'final-canvas');
    await h.quitApp(browser, driver);
    browser = null;
  });

  step('relaunch with the same data directory: the diagram is exactly there', async () => {
    browser = await h.launchApp(driver);
    const after_restart = await diagram();
    assert.deepEqual(after_restart, before_quit);
    // The DFD analysis arrives just after the first drawing: wait for it, as a reader would.
    const want = { process: true, store: true, entity: false };
    let got;
    await h.waitFor(async () => {
      got = await membership();
      return JSON.stringify(got) === JSON.stringify(want);
    }, { what: `boundary membership after the restart (last seen ${JSON.stringify(got)})` });
    await h.saveScreenshot(browser, 'after-restart');
  });

  step('undo still works after the restart (the history is in the file)', async () => {
    await ui.clickNode(browser, ids.entity);
    await browser.keys(['Control', 'z']);
    await labelIs(ids.process, 'Checkout API');
    await browser.keys(['Control', 'y']);
    await labelIs(ids.process, 'Orders API');
  });

  // ---- helpers that need the session ----

  async function labelIs(id, text) {
    await h.waitFor(async () => (await ui.nodes(browser)).find((n) => n.id === id)?.label === text, {
      what: `node ${id} to be labelled ${JSON.stringify(text)}`,
    });
  }

  /** What must survive a restart: nodes (id, kind, name, position, size), flows, the engagement. */
  async function diagram() {
    const nodes = (await ui.nodes(browser))
      .map(({ id, type, label, position, width, height }) => ({ id, type, label, position, width, height }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const edges = (await ui.edges(browser)).sort((a, b) => a.id.localeCompare(b.id));
    return { nodes, edges };
  }

  async function insideText(id) {
    await ui.clickNode(browser, id);
    const list = await ui.testId(browser, 'inside-boundaries');
    return list.getText();
  }

  async function membership() {
    const inside = async (id) => new RegExp(BOUNDARY).test(await insideText(id));
    return { process: await inside(ids.process), store: await inside(ids.store), entity: await inside(ids.entity) };
  }

  async function selectFlow(id) {
    const label = await browser.$(`[data-testid="edge-label"][data-id="${id}"]`);
    await label.click();
    await h.waitFor(
      () => browser.execute((eid) => document.querySelector(`.react-flow__edge[data-id="${eid}"]`)?.classList.contains('selected'), id),
      { what: `flow ${id} to be selected` },
    );
  }

  async function crossingsText() {
    const el = await browser.$('[data-testid="crossings"]');
    return (await el.isExisting()) ? el.getText() : '';
  }
});
