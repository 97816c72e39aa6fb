// Two windows on one laptop, in the real app under Xvfb: the note-taker's
// window (Window → Note-taker) follows what the facilitator selects in the main
// window, and the other way round; a note typed there is stamped and linked to
// the selected element. Presenter mode (F5) leaves no risk level and no note
// text in the main window's DOM — not hidden, not rendered — and F5 brings the
// view back as it was.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const NOTE = 'Payroll admins share one break-glass password';
const THREAT = 'Attacker elevates to payroll admin via the web app';

describe('the note-taker window and presenter mode', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const w = {}; // window handles: main, notes

  const { step, failed } = h.steps('windows', () => browser, { timeout: 90_000 });

  before(async () => {
    home = h.makeAppHome('e2e-windows');
    driver = await h.startDriver(home, { logName: 'windows-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('first start: two of the team and a running session (Engagement view)', async () => {
    browser = await h.launchApp(driver);
    w.main = await browser.getWindowHandle();
    await ui.clickTestId(browser, 'view-engagement');
    await addPerson('Ana Ribeiro', 'Security consultant', 'team');
    await addPerson('Tom Baker', 'Security consultant', 'team');
    await ui.clickTestId(browser, 'section-sessions');
    // The demo already has sessions: start the one planned here.
    const cardIds = () => browser.execute(() => [...document.querySelectorAll('[data-testid="session-card"][data-id]')].map((c) => c.getAttribute('data-id')));
    const before = new Set(await cardIds());
    await ui.clickTestId(browser, 'session-plan');
    await ui.clickTestId(browser, 'session-form-save');
    const id = await h.waitFor(async () => (await cardIds()).find((x) => !before.has(x)), { what: 'the new session card' });
    const card = await browser.$(`[data-testid="session-card"][data-id="${id}"]`);
    await (await card.$('[data-testid="session-start"]')).click();
    await h.waitFor(async () => (await card.getAttribute('data-state')) === 'running', { what: 'the session to run' });
  });

  step('Window → Note-taker opens the second window on #/notes', async () => {
    await ui.clickTestId(browser, 'menu-window');
    await ui.clickTestId(browser, 'menuitem-note-taker');
    const handles = await h.waitFor(async () => {
      const all = await browser.getWindowHandles();
      return all.length === 2 && all;
    }, { what: 'a second window' });
    w.notes = handles.find((x) => x !== w.main);
    await browser.switchToWindow(w.notes);
    assert.match(await browser.getUrl(), /#\/notes$/);
    await h.waitForReady(browser);
    await ui.testId(browser, 'note-input');
    assert.equal(await selectedInNotes(), '', 'nothing selected yet');
    // The note-taker picks who they are once.
    await (await ui.testId(browser, 'notes-me')).selectByVisibleText('Tom Baker — Security consultant');
  });

  step('selecting an element in the main window selects it in the note-taker window', async () => {
    await browser.switchToWindow(w.main);
    await ui.clickTestId(browser, 'view-diagram');
    await ui.waitNodeLabelled(browser, 'Web app');
    await ui.clickNode(browser, 'webapp');
    await h.waitFor(async () => (await selectedInMain()) === 'webapp', { what: 'the web app selected in the main window' });
    await browser.switchToWindow(w.notes);
    await h.waitFor(async () => (await selectedInNotes()) === 'webapp', { what: 'the web app selected in the note-taker window' });

    // And back: picking the database in the note-taker selects it on the main canvas.
    await ui.clickTestId(browser, 'notes-select-element');
    await (await browser.$('[data-testid="notes-select-element-option"][data-id="db"]')).click();
    await browser.switchToWindow(w.main);
    await h.waitFor(async () => (await selectedInMain()) === 'db', { what: 'the database selected in the main window' });
    await ui.clickNode(browser, 'webapp');
    await browser.switchToWindow(w.notes);
    await h.waitFor(async () => (await selectedInNotes()) === 'webapp', { what: 'the web app selected again in the note-taker' });
  });

  step('a note typed in the note-taker is stamped, linked to the selected element, and the input keeps its focus', async () => {
    const input = await ui.testId(browser, 'note-input');
    await input.click();
    await input.addValue(NOTE);
    await browser.keys('Enter');
    const note = await browser.$('[data-testid="note"]');
    await note.waitForExist({ timeout: 10000 });
    assert.equal(await note.$('[data-testid="note-text"]').getText(), NOTE);
    assert.match(await note.$('[data-testid="note-stamp"]').getText(), /^\d\d:\d\d:\d\d$/);
    assert.equal(await note.$('[data-testid="note-element"]').getAttribute('data-id'), 'webapp');
    assert.equal(await input.getValue(), '', 'the input is empty for the next note');
    assert.equal(await input.isFocused(), true, 'the input keeps the focus');
    await h.saveScreenshot(browser, 'note-taker');
  });

  step('main window: a rated threat on the web app (badge and risk level), the note in the sessions view', async () => {
    await browser.switchToWindow(w.main);
    await ui.clickNode(browser, 'webapp');
    await browser.keys('t');
    await ui.testId(browser, 'quick-threat');
    await browser.keys('e');
    const title = await ui.testId(browser, 'quick-threat-title');
    await h.waitFor(() => title.isFocused(), { what: 'the quick threat title to take focus' });
    await title.addValue(THREAT);
    await browser.keys(['Control', 'Enter']); // saves and opens it in the editor
    await ui.testId(browser, 'threat-editor');
    for (const f of ['impact-affected_users', 'impact-reputational', 'impact-financial']) await rate(f, 'high');
    for (const f of ['likelihood-reproducibility', 'likelihood-exploitability', 'likelihood-discoverability']) await rate(f, 'high');
    await h.waitFor(async () => (await (await ui.testId(browser, 'risk-level')).getAttribute('data-level')) !== 'unrated', { what: 'a risk level' });
    await h.waitFor(() => browser.execute(() => document.querySelector('[data-testid="badge"][data-element="webapp"]')?.getAttribute('data-level') !== 'unrated'), {
      what: 'a coloured badge on the web app',
    });
    const leaks = await leaksInMain();
    assert.ok(leaks.riskLevels > 0, 'before presenting, risk levels are in the DOM');
    assert.ok(leaks.inspector && leaks.badges > 0, 'and the inspector and badges');
  });

  step('presenter mode (F5): canvas only — no risk level, badge, threat list, inspector, warning or note in the DOM', async () => {
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !!document.querySelector('[data-presenting="true"]')), { what: 'presenter mode' });
    await ui.testId(browser, 'presenter-indicator');
    await h.waitFor(async () => (await ui.nodes(browser)).length > 0, { what: 'the canvas in presenter mode' });
    const leaks = await leaksInMain();
    assert.deepEqual(leaks, { riskLevels: 0, badges: 0, inspector: false, threatPanel: false, warnings: 0, note: false, statusBar: false });
    await h.saveScreenshot(browser, 'presenter-mode');
    // F5 again: the inspector (with the threat) and the badges are back.
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !document.querySelector('[data-presenting="true"]')), { what: 'presenter mode to end' });
    await h.waitFor(async () => (await leaksInMain()).badges > 0, { what: 'the badges back' });
  });

  step('from the engagement view too: the note shows there, and not while presenting (Ctrl+Shift+P)', async () => {
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-sessions');
    await h.waitFor(async () => (await leaksInMain()).note, { what: 'the note text in the sessions view' });
    await browser.keys(['Control', 'Shift', 'p']);
    await h.waitFor(() => browser.execute(() => !!document.querySelector('[data-presenting="true"]')), { what: 'presenter mode' });
    const leaks = await leaksInMain();
    assert.equal(leaks.note, false, 'no note text while presenting');
    assert.equal(leaks.riskLevels, 0, 'no risk level while presenting');
    await browser.keys(['Control', 'Shift', 'p']);
    await h.waitFor(async () => (await leaksInMain()).note, { what: 'the sessions view and its note back' });
  });

  // ---- helpers ----

  async function addPerson(name, role, side) {
    const rows = async () => (await browser.$$('[data-testid="person-row"]')).length;
    // The view loads on demand: count its rows once its form is there.
    const input = await ui.testId(browser, 'person-add-name');
    const n = await rows();
    await input.setValue(name);
    await (await ui.testId(browser, 'person-add-role')).setValue(role);
    await ui.clickTestId(browser, `person-add-side-${side}`);
    await ui.clickTestId(browser, 'person-add');
    await h.waitFor(async () => (await rows()) === n + 1, { what: `${name} in the people list` });
  }

  async function selectedInNotes() {
    return (await ui.testId(browser, 'notes-selection')).getAttribute('data-ids');
  }

  async function selectedInMain() {
    return browser.execute(() =>
      [...document.querySelectorAll('.react-flow__node.selected, .react-flow__edge.selected')]
        .map((n) => n.getAttribute('data-id'))
        .sort()
        .join(','),
    );
  }

  async function rate(group, value) {
    const sel = `[data-testid="${group}"] button[data-value="${value}"]`;
    await browser.execute((q) => document.querySelector(q)?.scrollIntoView({ block: 'center' }), sel);
    await (await browser.$(sel)).click();
    await h.waitFor(async () => (await (await ui.testId(browser, group)).getAttribute('data-value')) === value, { what: `${group} rated ${value}` });
  }

  /** What the customer must not see, as found in the main window's DOM. */
  async function leaksInMain() {
    return browser.execute((note) => ({
      riskLevels: document.querySelectorAll('[data-level], [data-testid="risk-level"], .tl-risk').length,
      badges: document.querySelectorAll('[data-testid="badge"], .tl-badge').length,
      inspector: !!document.querySelector('.tl-inspector'),
      threatPanel: !!document.querySelector('[data-testid="threat-panel"]'),
      warnings: document.querySelectorAll('.tl-warn-dot, [data-testid="warnings"], [data-testid="session-warning"]').length,
      note: document.documentElement.outerHTML.includes(note),
      statusBar: !!document.querySelector('.tl-statusbar'),
    }), NOTE);
  }
});
