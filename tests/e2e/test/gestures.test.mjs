// One gesture where there were several, in the real app under Xvfb: three
// elements selected, B, a name and Enter draw one named trust boundary around
// them (the core's containment, as the inspector shows it, puts all three in
// it), and one Ctrl+Z takes the whole gesture back. A new boundary shows its
// handles at once and its first drag resizes it; the palette has a band of its
// own above the drawing; presenter mode opens no panel on T, hides the
// palette, and leaving it puts the facilitator's zoom and pan back. An
// engagement with nothing in scope reads coverage "—", not 100 %. The New
// engagement panel takes the customer and kind; a long role fits its line.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const ZONE = 'Payroll zone';
/** WebDriver's Shift key. */
const SHIFT = '\uE008';

describe('wrap in a boundary with one key', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const ids = {};

  const { step, failed } = h.steps('gestures', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-gestures');
    driver = await h.startDriver(home, { logName: 'gestures-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });


  const selectedIds = () =>
    browser.execute(() => [...document.querySelectorAll('.react-flow__node.selected')].map((n) => n.getAttribute('data-id')));

  const boundaries = async () => (await ui.nodes(browser)).filter((n) => n.type === 'boundary');

  /** The boundaries the core puts element `id` in, as its inspector lists them. */
  async function insideOf(id) {
    await ui.clickNode(browser, id);
    return h.waitFor(async () => {
      const text = await ui.inspectorList(browser, 'inside-boundaries');
      return text && text !== '…' && text;
    }, { what: `the containment of ${id}` });
  }

  step('a new engagement with three elements', async () => {
    browser = await h.launchApp(driver);
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-new');
    await (await ui.testId(browser, 'new-engagement-name')).setValue('E2E gestures');
    // The panel asks for the customer and the kind too.
    await (await ui.testId(browser, 'new-engagement-customer')).setValue('Acme Payroll');
    await ui.clickTestId(browser, 'new-engagement-kind-single_feature');
    await h.saveScreenshot(browser, 'gestures-new-engagement');
    await ui.clickTestId(browser, 'new-engagement-create');
    await ui.waitVersionAfter(browser, v, 'the new engagement to open');
    await h.waitFor(async () => (await ui.nodes(browser)).length === 0, { what: 'an empty canvas' });
    // Nothing in scope yet: nothing to cover, not "100 %".
    await h.waitFor(async () => (await (await ui.testId(browser, 'status-coverage')).getText()).trim() === 'Coverage —', {
      what: 'the status bar to read "Coverage —"',
    });
    const pane = await ui.paneRect(browser);
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    for (const [key, name, dx, dy] of [['e', 'Employee', -280, -40], ['p', 'Payroll API', 0, 40], ['s', 'Payslips', 260, -20]]) {
      await ui.moveMouse(browser, { x: cx + dx, y: cy + dy });
      await browser.keys(key);
      await ui.typeInNameEditor(browser, name);
      ids[name] = (await ui.waitNodeLabelled(browser, name)).id;
    }
  });

  step('select the three, B, a name, Enter: one boundary holds all three', async () => {
    const [a, b, c] = Object.values(ids);
    await ui.clickNode(browser, a);
    await ui.clickWith(browser, `.react-flow__node[data-id="${b}"]`, SHIFT);
    await ui.clickWith(browser, `.react-flow__node[data-id="${c}"]`, SHIFT);
    await h.waitFor(async () => (await selectedIds()).length === 3, { what: 'three selected elements' });
    const v = await ui.version(browser);
    await browser.keys('b');
    // Named in place at once: the editor is open and focused on the new boundary,
    // whose resize handles already show.
    await ui.testId(browser, 'name-editor');
    await h.waitFor(() => handle('bottom.right'), { what: 'the resize handles while naming' });
    await ui.typeInNameEditor(browser, ZONE);
    await ui.waitVersionAfter(browser, v, 'the boundary to be drawn');
    const drawn = await h.waitFor(async () => {
      const bs = await boundaries();
      return bs.length === 1 && bs[0].label === ZONE && bs;
    }, { what: `one boundary named ${ZONE}` });
    ids.zone = drawn[0].id;
    const r = drawn[0].rect;
    for (const n of (await ui.nodes(browser)).filter((x) => x.type !== 'boundary')) {
      assert.ok(n.rect.left > r.left && n.rect.right < r.right && n.rect.top > r.top && n.rect.bottom < r.bottom, `${n.label} drawn inside with a margin`);
    }
    await h.saveScreenshot(browser, 'gestures-wrapped');
    for (const id of [a, b, c]) assert.equal(await insideOf(id), ZONE, `the core puts ${id} in the boundary`);
  });

  /** The centre of a selected boundary's resize handle (e.g. 'bottom.right'), if shown. */
  const handle = (where) => ui.centreOf(browser, `[data-testid="boundary-handles"] .react-flow__resize-control.handle.${where}`);

  step('one Ctrl+Z removes the named boundary, the elements stay', async () => {
    await ui.clickTestId(browser, 'fit-view');
    const v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await ui.waitVersionAfter(browser, v, 'the undo');
    await h.waitFor(async () => (await boundaries()).length === 0, { what: 'the boundary to be gone' });
    const left = (await ui.nodes(browser)).map((n) => n.label).sort();
    assert.deepEqual(left, ['Employee', 'Payroll API', 'Payslips']);
  });

  step('wrapped again: the first drag on its corner resizes it', async () => {
    const [a, b] = Object.values(ids);
    await ui.clickNode(browser, a);
    await ui.clickWith(browser, `.react-flow__node[data-id="${b}"]`, SHIFT);
    await h.waitFor(async () => (await selectedIds()).length === 2, { what: 'two selected elements' });
    await browser.keys('b');
    await ui.typeInNameEditor(browser, 'Front');
    const [zone] = await h.waitFor(async () => {
      const bs = await boundaries();
      return bs.length === 1 && bs[0].label === 'Front' && bs;
    }, { what: 'the boundary named Front' });
    const corner = await h.waitFor(() => handle('bottom.right'), { what: 'its resize handle' });
    // Nothing on top of the handle (no flow label, no element): the drag reaches it.
    const onTop = await browser.execute((p) => document.elementFromPoint(p.x, p.y)?.closest('.react-flow__resize-control') !== null, corner);
    assert.ok(onTop, 'the handle is the topmost thing under its centre');
    const v = await ui.version(browser);
    await ui.drag(browser, corner, { x: corner.x + 90, y: corner.y + 50 }, { steps: 5 });
    await ui.waitVersionAfter(browser, v, 'the resize to be committed');
    const after = (await boundaries())[0].rect;
    assert.ok(after.width > zone.rect.width + 60 && after.height > zone.rect.height + 30, `resized: ${JSON.stringify(zone.rect)} → ${JSON.stringify(after)}`);
    await h.saveScreenshot(browser, 'gestures-resized');
  });

  step('the palette sits in a band above the drawing, not over it', async () => {
    const palette = await browser.execute(() => document.querySelector('.tl-palette')?.getBoundingClientRect().bottom ?? null);
    const pane = await ui.paneRect(browser);
    assert.ok(palette !== null && palette <= pane.top, `palette bottom ${palette} above the canvas top ${pane.top}`);
    // The top row of the canvas is the canvas's: what is drawn there takes clicks.
    const top = await browser.execute((p) => document.elementFromPoint(p.x, p.y)?.closest('.react-flow') !== null, { x: pane.left + pane.width / 2, y: pane.top + 4 });
    assert.ok(top, 'the canvas is under the top of the view');
  });

  const zoomText = () => browser.execute(() => document.querySelector('.tl-zoom-value')?.textContent ?? null);
  const viewportTransform = () => browser.execute(() => document.querySelector('.react-flow__viewport')?.style.transform ?? null);

  step('presenter mode: T opens nothing, no palette; leaving puts the zoom and pan back', async () => {
    // The facilitator's own view: zoomed in twice from the fit.
    await ui.clickTestId(browser, 'fit-view');
    await browser.keys('+');
    await h.sleep(300);
    await browser.keys('+');
    await h.sleep(300);
    const zoomBefore = await zoomText();
    const vpBefore = await viewportTransform();
    await ui.clickNode(browser, Object.values(ids)[1]);
    await browser.keys('F5');
    await ui.testId(browser, 'presenter-bar');
    await h.waitFor(async () => (await ui.nodes(browser)).length > 0, { what: 'the presented diagram' });
    assert.equal(await browser.execute(() => !!document.querySelector('.tl-palette')), false, 'no editing palette while presenting');
    const presented = Number.parseInt((await zoomText()) ?? '0', 10);
    assert.ok(presented >= 80, `presented at a readable zoom, got ${presented} %`);
    await h.saveScreenshot(browser, 'gestures-presenting');
    await browser.keys('t');
    await h.sleep(400);
    assert.equal(await browser.execute(() => !!document.querySelector('[data-testid="quick-threat"]')), false, 'T opens no form while presenting');
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !document.querySelector('[data-presenting="true"]')), { what: 'presenter mode to end' });
    await h.waitFor(async () => (await viewportTransform()) === vpBefore, { what: `the facilitator's view back (${vpBefore})` });
    assert.equal(await zoomText(), zoomBefore);
    await h.sleep(400);
    assert.equal(await browser.execute(() => !!document.querySelector('[data-testid="quick-threat"]')), false, 'and none pops up afterwards');
    await h.saveScreenshot(browser, 'gestures-after-presenting');
  });

  step('the Overview has the customer and kind given at creation, and a long role is not cut off', async () => {
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-overview');
    assert.equal(await (await ui.testId(browser, 'overview-customer')).getValue(), 'Acme Payroll');
    assert.equal(await (await ui.testId(browser, 'overview-kind')).getAttribute('data-value'), 'single_feature');
    const role = 'Head of payroll platform engineering';
    await (await ui.testId(browser, 'person-add-name')).setValue('Dana Ng');
    await (await ui.testId(browser, 'person-add-role')).setValue(role);
    await ui.clickTestId(browser, 'person-add');
    const fits = await h.waitFor(
      () =>
        browser.execute((r) => {
          const el = [...document.querySelectorAll('[data-testid="person-role"]')].find((x) => x.value === r);
          return el ? { scroll: el.scrollWidth, client: el.clientWidth } : null;
        }, role),
      { what: 'the new person in the list' },
    );
    assert.ok(fits.scroll <= fits.client, `the role fits its field: ${JSON.stringify(fits)}`);
    await h.saveScreenshot(browser, 'gestures-people');
  });
});
