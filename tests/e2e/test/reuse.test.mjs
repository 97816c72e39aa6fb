// Reusing threats (issue 11), in the real app under Xvfb, on the demo
// engagement: a threat logged on the Payslip API with a scenario, Ctrl+C,
// Web app and Payroll database selected, Ctrl+V: both have it, same title and
// scenario, and one Ctrl+Z takes both away. Then "Move to…" in the editor
// moves it to the Web app (gone from the API), and Ctrl+Z puts it back; a row
// dragged onto an element moves it too. Text on the clipboard that is not
// ours pastes nothing, and a text field still pastes text.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const SHIFT = '\uE008';
const TITLE = 'Payslip records altered in transit to the API';
const SCENARIO = 'An insider on the company network rewrites payslip rows between the API and the database.';
const FROM = 'api';
const TO = ['webapp', 'db'];

describe('reusing threats: copy and paste onto two elements, move through the editor, undo', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const s = {};

  const { step, failed } = h.steps('reuse', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-reuse');
    driver = await h.startDriver(home, { logName: 'reuse-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('log a threat with a scenario on the Payslip API (T, a letter, the title, Ctrl+Enter)', async () => {
    browser = await h.launchApp(driver);
    await ui.clickNode(browser, FROM);
    await browser.keys('t');
    await ui.testId(browser, 'quick-threat');
    await browser.keys('t'); // Tampering: applies to processes and data stores alike
    const title = await ui.testId(browser, 'quick-threat-title');
    await h.waitFor(() => title.isFocused(), { what: 'the title field to take focus' });
    await title.addValue(TITLE);
    let v = await ui.version(browser);
    await browser.keys(['Control', 'Enter']);
    await ui.waitVersionAfter(browser, v, 'the threat to be logged');
    const editor = await ui.testId(browser, 'threat-editor');
    s.id = await editor.getAttribute('data-id');
    const scenario = await ui.testId(browser, 'threat-scenario');
    await scenario.click();
    await ui.typeText(browser, SCENARIO);
    v = await ui.version(browser);
    await browser.keys('Tab'); // the scenario commits when left
    await ui.waitVersionAfter(browser, v, 'the scenario to be stored');
    assert.deepEqual(await threatsTitled(), [{ id: s.id, asset: 'Payslip API' }]);
  });

  step('Ctrl+C with the threat in the editor copies it, to the system clipboard too', async () => {
    await browser.keys(['Control', 'c']);
    await toastSays(/copied: select elements/);
    // What another window or engagement would paste: our threats as text.
    const filter = await ui.testId(browser, 'filter-text');
    await filter.click();
    await browser.keys(['Control', 'v']);
    const pasted = await h.waitFor(() => filter.getValue(), { what: 'the clipboard text in a text field' });
    const clip = JSON.parse(pasted);
    assert.equal(clip.format, 'threatloom/threats');
    assert.deepEqual(clip.threats.map((t) => [t.title, t.scenario]), [[TITLE, SCENARIO]]);
    await ui.replaceText(browser, ' ');
    await browser.keys('Backspace');
    await h.waitFor(async () => (await filter.getValue()) === '', { what: 'the filter to be cleared' });
  });

  step('select the Web app and the Payroll database, Ctrl+V: each has the threat, same title and scenario', async () => {
    await closeToasts();
    await clickNode(TO[0]);
    await ui.clickWith(browser, `.react-flow__node[data-id="${TO[1]}"]`, SHIFT);
    await h.waitFor(() => selected(TO), { what: 'both elements to be selected' });
    const v = await ui.version(browser);
    await browser.keys(['Control', 'v']);
    await ui.waitVersionAfter(browser, v, 'the paste');
    await toastSays(/pasted on Web app and Payroll database/);
    await h.saveScreenshot(browser, 'reuse-canvas-after-paste');
    const rows = await h.waitFor(async () => {
      const r = await threatsTitled();
      return r.length === 3 && r;
    }, { what: 'three threats with the title' });
    assert.deepEqual(rows.map((r) => r.asset).sort(), ['Payroll database', 'Payslip API', 'Web app']);
    for (const r of rows.filter((x) => x.id !== s.id)) {
      await openRow(r.id);
      assert.equal(await (await ui.testId(browser, 'threat-title')).getValue(), TITLE);
      assert.equal(await (await ui.testId(browser, 'threat-scenario')).getValue(), SCENARIO);
      assert.equal(await attr('threat-category', 'data-value'), 'T');
    }
    s.pasted = rows.filter((x) => x.id !== s.id).map((r) => r.id);
  });

  step('one Ctrl+Z takes both copies away', async () => {
    await clickNode(TO[0]);
    const v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await ui.waitVersionAfter(browser, v, 'the undo');
    await h.waitFor(async () => (await threatsTitled()).length === 1, { what: 'only the original to be left' });
    assert.deepEqual(await threatsTitled(), [{ id: s.id, asset: 'Payslip API' }]);
  });

  step('Move to… in the editor: the Web app picked and confirmed; the threat is there and gone from the API', async () => {
    await openRow(s.id);
    // Copy to…: the inline picker lists the elements Tampering applies to.
    await ui.clickTestId(browser, 'threat-copy-to');
    await ui.testId(browser, 'reuse-picker');
    const offered = await browser.execute(() => [...document.querySelectorAll('[data-testid="reuse-add-option"]')].map((o) => o.getAttribute('data-id')));
    assert.ok(offered.includes('webapp') && offered.includes('db') && offered.includes('f-query'), `processes, stores and flows: ${offered}`);
    assert.ok(!offered.includes(FROM), 'not the element it is on');
    assert.ok(!offered.includes('employee') && !offered.includes('idp'), 'no external entity: Tampering does not apply');
    await (await browser.$('[data-testid="reuse-add-option"][data-id="db"]')).click();
    await (await browser.$('[data-testid="reuse-chosen"][data-id="db"]')).waitForExist({ timeout: 5000 });
    // The whole box in view, under the editor's sticky head.
    await browser.execute(() => {
      const inspector = document.querySelector('.tl-inspector');
      const head = document.querySelector('.tl-threat-head').getBoundingClientRect();
      const box = document.querySelector('[data-testid="reuse-picker"]').getBoundingClientRect();
      inspector.scrollTop += box.top - head.bottom - 12;
    });
    await h.saveScreenshot(browser, 'reuse-editor-picker');
    await ui.clickTestId(browser, 'reuse-cancel');

    // Move to…: 3 clicks (the button, the element, the confirmation).
    await ui.clickTestId(browser, 'threat-move-to');
    const option = await browser.$('[data-testid="reuse-add-option"][data-id="webapp"]');
    await option.waitForDisplayed({ timeout: 5000 });
    await option.click();
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'reuse-confirm');
    await ui.waitVersionAfter(browser, v, 'the move');
    await toastSays(/moved to Web app/);
    await h.waitFor(async () => (await assets()).join() === 'webapp', { what: 'the editor to show the threat on the Web app' });
    assert.deepEqual(await threatsTitled(), [{ id: s.id, asset: 'Web app' }]);
    assert.equal(await inspectorHas(FROM, s.id), false, 'gone from the API');
    assert.equal(await inspectorHas('webapp', s.id), true, 'on the Web app');
  });

  step('Ctrl+Z puts it back on the API', async () => {
    const v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await ui.waitVersionAfter(browser, v, 'the undo of the move');
    await h.waitFor(async () => (await threatsTitled())[0]?.asset === 'Payslip API', { what: 'the threat back on the API' });
    assert.equal(await inspectorHas(FROM, s.id), true);
  });

  step('a threat row dragged onto the Payroll database moves it there', async () => {
    await closeToasts();
    const row = `[data-testid="threat-row"][data-id="${s.id}"] td.is-title`;
    await ui.clickTestId(browser, 'fit-view');
    // The row in view inside the list (scrollIntoView would scroll the window too).
    await browser.execute((q) => {
      const cell = document.querySelector(q);
      const wrap = cell?.closest('.tl-table-wrap');
      if (cell && wrap) wrap.scrollTop += cell.getBoundingClientRect().top - wrap.getBoundingClientRect().top - wrap.clientHeight / 2;
    }, row);
    await h.sleep(300);
    const from = await ui.centreOf(browser, row);
    const to = await ui.centreOf(browser, '.react-flow__node[data-id="db"]');
    const v = await ui.version(browser);
    // Pressed and moved over the element (the label says what a drop does), then released.
    const moves = [0.2, 0.4, 0.6, 0.8, 1].map((f) => ({
      type: 'pointerMove',
      origin: 'viewport',
      x: Math.round(from.x + (to.x - from.x) * f),
      y: Math.round(from.y + (to.y - from.y) * f),
      duration: 0,
    }));
    const mouse = (actions) => browser.performActions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }]);
    await mouse([{ type: 'pointerMove', origin: 'viewport', x: Math.round(from.x), y: Math.round(from.y), duration: 0 }, { type: 'pointerDown', button: 0 }, ...moves]);
    const ghost = await ui.testId(browser, 'threat-drag');
    assert.equal(await ghost.getAttribute('data-state'), 'ok');
    assert.match(await ghost.getText(), /Move[\s\S]*to Payroll database/i);
    await h.saveScreenshot(browser, 'reuse-drag-over-element');
    await mouse([{ type: 'pointerUp', button: 0 }]);
    await browser.releaseActions();
    await ui.waitVersionAfter(browser, v, 'the drop');
    await toastSays(/moved to Payroll database/);
    assert.deepEqual(await threatsTitled(), [{ id: s.id, asset: 'Payroll database' }]);
    await browser.keys(['Control', 'z']);
    await h.waitFor(async () => (await threatsTitled())[0]?.asset === 'Payslip API', { what: 'the drop undone' });
  });

  step('in a second window (Window → New window), two elements selected, Ctrl+V pastes from the system clipboard', async () => {
    s.main = await browser.getWindowHandle();
    await ui.clickTestId(browser, 'menu-window');
    await ui.clickTestId(browser, 'menuitem-new-window');
    s.second = await h.waitFor(async () => (await browser.getWindowHandles()).find((x) => x !== s.main), { what: 'the second window' });
    await browser.switchToWindow(s.second);
    await h.waitForReady(browser);
    await clickNode(TO[0]);
    await ui.clickWith(browser, `.react-flow__node[data-id="${TO[1]}"]`, SHIFT);
    await h.waitFor(() => selected(TO), { what: 'both elements to be selected in the second window' });
    const v = await ui.version(browser);
    await browser.keys(['Control', 'v']);
    await ui.waitVersionAfter(browser, v, 'the paste in the second window');
    await toastSays(/pasted on Web app and Payroll database/);
    await h.waitFor(async () => (await threatsTitled()).length === 3, { what: 'the copies in the second window' });
    await browser.keys(['Control', 'z']);
    await h.waitFor(async () => (await threatsTitled()).length === 1, { what: 'the paste undone' });
    await browser.closeWindow();
    await browser.switchToWindow(s.main);
    await h.waitFor(async () => (await threatsTitled()).length === 1, { what: 'the main window to agree' });
  });

  step('text on the clipboard pastes nothing on the canvas, and a text field still pastes it', async () => {
    const filter = await ui.testId(browser, 'filter-text');
    await filter.click();
    await ui.replaceText(browser, 'Payslip');
    await browser.keys(['Control', 'a']);
    await browser.keys(['Control', 'c']); // a text copied from a text field stays a text
    await clickNode(TO[0]);
    const v = await ui.version(browser);
    await browser.keys(['Control', 'v']);
    await toastSays(/holds no threats/);
    await h.sleep(300);
    assert.equal(await ui.version(browser), v, 'the model is unchanged');
    await filter.click();
    await browser.keys('End');
    await browser.keys(['Control', 'v']);
    await h.waitFor(async () => (await filter.getValue()) === 'PayslipPayslip', { what: 'the text field to paste the text' });
  });

  // ---- helpers that need the session ----

  async function attr(id, name) {
    return (await ui.testId(browser, id)).getAttribute(name);
  }

  /** Clicks a node with the whole diagram in view (opening a threat centres its element). */
  async function clickNode(id) {
    await ui.clickTestId(browser, 'fit-view');
    await ui.clickNode(browser, id);
  }


  function selected(ids) {
    return browser.execute(
      (list) => list.every((id) => document.querySelector(`.react-flow__node[data-id="${id}"]`)?.classList.contains('selected')),
      ids,
    );
  }

  /** The threat list's rows with TITLE (the list opened if closed): id and affected asset. */
  async function threatsTitled() {
    if (!(await browser.$(ui.byTestId('threat-list')).isExisting())) {
      await ui.clickTestId(browser, 'toggle-threat-panel');
      await ui.testId(browser, 'threat-list');
    }
    return browser.execute((title) =>
      [...document.querySelectorAll('[data-testid="threat-row"]')]
        .filter((r) => r.querySelector('td.is-title')?.textContent === title)
        .map((r) => ({ id: r.getAttribute('data-id'), asset: r.querySelector('td.is-asset')?.textContent ?? '' })),
    TITLE);
  }

  async function openRow(id) {
    await threatsTitled();
    await (await browser.$(`[data-testid="threat-row"][data-id="${id}"] td.is-title`)).click();
    await h.waitFor(async () => (await attr('threat-editor', 'data-id')) === id, { what: `threat ${id} in the editor` });
  }

  async function assets() {
    return browser.execute(() => [...document.querySelectorAll('[data-testid="threat-asset"]')].map((a) => a.getAttribute('data-id')));
  }

  /** Whether the element's inspector lists the threat (the element selected alone). */
  async function inspectorHas(elementId, threatId) {
    await clickNode(elementId);
    await h.waitFor(() => browser.$(ui.byTestId('element-stride')).isExisting(), { what: `the inspector of ${elementId}` });
    return browser.$(`[data-testid="element-threat"][data-id="${threatId}"]`).isExisting();
  }

  async function toastSays(re) {
    return h.waitFor(async () => {
      const texts = await browser.execute(() => [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent ?? ''));
      return texts.some((t) => re.test(t));
    }, { what: `a toast matching ${re}` });
  }

  async function closeToasts() {
    for (const close of await browser.$$('[data-testid="toast"] .tl-toast-close')) await close.click().catch(() => {});
  }
});
