// The sessions scenario, in the real app under Xvfb: plan two sessions
// (one online for 3 hours: a warning that does not block), start the first,
// write three notes in the note-taker window (one linked to the element
// selected on the main canvas, one question), end it, promote one note to a
// threat (it keeps the note, session and time), answer the question, start the
// second session: the first is flagged stale while a note is still
// unprocessed. Restart the app: all of it is there.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const FIRST = { title: 'Scoping meeting', date: '2026-12-01 10:00', duration: '2h' };
const SECOND = { title: 'Follow-up: payroll data', date: '2026-12-08 14:00', duration: '3h' };
const NOTES = {
  linked: 'Payroll DB primary keys are incremental integers, exposed in URLs',
  question: 'Who can reset another employee’s MFA?',
  decision: 'The identity provider stays out of scope',
};
const ANSWER = 'Only the two HR admins, through the support console';
const THREAT_TITLE = 'Payslips enumerable through incremental keys';

describe('sessions: plan, run, note, process, stale flag, restart', { timeout: 400_000 }, () => {
  let home;
  let driver;
  let browser;
  const s = {}; // what the steps learn: window handles, session and note ids, the threat id

  const { step, failed } = h.steps('sessions', () => browser, { timeout: 90_000 });

  before(async () => {
    home = h.makeAppHome('e2e-sessions');
    driver = await h.startDriver(home, { logName: 'sessions-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('first start; the overview: what the application does, its audience, the people', async () => {
    browser = await h.launchApp(driver);
    s.main = await browser.getWindowHandle();
    await ui.clickTestId(browser, 'view-engagement');
    await ui.testId(browser, 'four-questions');
    const audience = await ui.testId(browser, 'overview-audience');
    await audience.click();
    await audience.clearValue(); // the demo says it its own way
    await audience.addValue('All 4,000 employees; HR and payroll administrators');
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'overview-name'); // leaving the field commits it
    await ui.waitVersionAfter(browser, v, 'the audience to be stored');
    await addPerson('Ana Ribeiro', 'Security consultant', 'team');
    await addPerson('Tom Baker', 'Security consultant', 'team');
    await addPerson('Priya Shah', 'Tech lead', 'customer');
    // The four questions count from the core: the demo's six threats so far.
    await h.waitFor(async () => (await (await ui.testId(browser, 'fq-threats')).getText()) === '6', { what: 'the four questions figures' });
  });

  step('plan two sessions; the online 3-hour one warns, without blocking', async () => {
    await ui.clickTestId(browser, 'section-sessions');
    await planSession(FIRST, { online: false });
    await planSession(SECOND, { online: true });
    s.first = await sessionId(FIRST.title);
    s.second = await sessionId(SECOND.title);
    await h.waitFor(async () => (await warnings(s.second)).some((w) => /online for 3 h/i.test(w)), { what: 'the long online session warning' });
    assert.deepEqual(await warnings(s.first), [], 'the on-site 2-hour session with two of the team has no warning');
    assert.equal(await cardAttr(s.second, 'data-state'), 'planned', 'the warning did not block the plan');
    await h.saveScreenshot(browser, 'sessions-planned');
  });

  step('start the first session: the clock runs', async () => {
    await (await card(s.first)).$('[data-testid="session-start"]').click();
    await h.waitFor(async () => (await cardAttr(s.first, 'data-state')) === 'running', { what: 'the first session to run' });
    const clock = await (await card(s.first)).$('[data-testid="session-clock"]');
    const t0 = await clock.getText();
    assert.match(t0, /^00:00:0\d$/);
    await h.waitFor(async () => (await clock.getText()) !== t0, { timeout: 4000, what: 'the clock to tick' });
  });

  step('note-taker window: three notes — one on the element selected in the main window, one question, one decision', async () => {
    // The facilitator selects the payroll database on the canvas.
    await ui.clickTestId(browser, 'view-diagram');
    await ui.waitNodeLabelled(browser, 'Payroll database');
    await ui.clickNode(browser, 'db');
    await ui.clickTestId(browser, 'menu-window');
    await ui.clickTestId(browser, 'menuitem-note-taker');
    s.notes = await h.waitFor(async () => (await browser.getWindowHandles()).find((x) => x !== s.main), { what: 'the note-taker window' });
    await browser.switchToWindow(s.notes);
    await h.waitForReady(browser);
    assert.equal(await (await ui.testId(browser, 'notes-session')).getValue(), s.first, 'the note-taker writes to the running session');
    await (await ui.testId(browser, 'notes-me')).selectByVisibleText('Tom Baker — Security consultant');
    await h.waitFor(async () => (await (await ui.testId(browser, 'notes-selection')).getAttribute('data-ids')) === 'db', {
      what: 'the database selected in the note-taker window',
    });

    const input = await ui.testId(browser, 'note-input');
    await input.click();
    await input.addValue(NOTES.linked);
    await browser.keys('Enter');
    await noteCount(1);

    // A question (Alt+Q), about nothing in particular: the database is unlinked from this note.
    await (await browser.$('[data-testid="note-link"][data-id="db"] .tle-chip-remove')).click();
    await input.click();
    await browser.keys(['Alt', 'q']);
    assert.equal(await (await browser.$('[data-testid="note-kind-question"]')).getAttribute('aria-checked'), 'true');
    await input.addValue(NOTES.question);
    await browser.keys('Enter');
    await noteCount(2);
    assert.equal(await input.isFocused(), true, 'the input keeps the focus');

    await ui.clickTestId(browser, 'note-kind-decision');
    await input.addValue(NOTES.decision);
    await browser.keys('Enter');
    await noteCount(3);

    const notes = await notesInWindow();
    const by = Object.fromEntries(notes.map((n) => [n.text, n]));
    assert.deepEqual(by[NOTES.linked].elements, ['db'], 'the first note is about the selected database');
    assert.equal(by[NOTES.linked].kind, 'observation');
    assert.equal(by[NOTES.question].kind, 'question');
    assert.deepEqual(by[NOTES.question].elements, []);
    assert.equal(by[NOTES.decision].kind, 'decision');
    for (const n of notes) assert.match(n.stamp, /^\d\d:\d\d:\d\d$/, `a time stamp on "${n.text}"`);
    s.noteIds = Object.fromEntries(Object.entries(NOTES).map(([k, text]) => [k, by[text].id]));
    await ui.clickTestId(browser, 'notes-tab-questions');
    // Open questions across sessions: the demo's own and this one.
    const openQuestions = () => browser.execute(() => [...document.querySelectorAll('[data-testid="open-questions"] [data-testid="note-text"]')].map((n) => n.textContent));
    await h.waitFor(async () => (await openQuestions()).includes(NOTES.question), { what: 'the question among the open questions' });
    assert.ok(!(await openQuestions()).includes(NOTES.decision), 'a decision is not a question');
    await ui.clickTestId(browser, 'notes-tab-notes');
    await h.saveScreenshot(browser, 'note-taker-three-notes');
  });

  step('end the session (from the main window)', async () => {
    await browser.switchToWindow(s.main);
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-sessions');
    await (await card(s.first)).$('[data-testid="session-end"]').click();
    await h.waitFor(async () => (await cardAttr(s.first, 'data-state')) === 'held', { what: 'the first session to be held' });
    await h.waitFor(async () => (await cardText(s.first, 'session-unprocessed')) === '3', { what: 'three unprocessed notes' });
    assert.equal(await cardText(s.first, 'session-notes-count'), '3');
    assert.equal(await cardAttr(s.first, 'data-stale'), 'false', 'not stale while no later session started');
  });

  step('promote the linked note to a threat: the form is pre-filled, rated overall with two keys and Enter, the threat keeps the note, session and time', async () => {
    const note = await noteEl(s.noteIds.linked);
    await note.$('[data-testid="note-promote"]').click();
    const form = await ui.testId(browser, 'promote-form');
    assert.equal(await form.$('[data-testid="promote-title"]').getValue(), NOTES.linked, 'the title comes from the note');
    assert.equal(await form.$('[data-testid="promote-scenario"]').getValue(), NOTES.linked, 'so does the scenario');
    assert.equal(await form.$('[data-testid="promote-element"]').getAttribute('data-id'), 'db', "the note's element");
    const title = await form.$('[data-testid="promote-title"]');
    await title.click();
    await ui.replaceText(browser, THREAT_TITLE);
    await form.$('[data-testid="promote-cat-I"]').click();
    // Rated overall as in the quick form: the rating field, two keys, Enter.
    await browser.execute(() => document.querySelector('[data-testid="promote-rating"]').focus());
    await browser.keys(['h']);
    await browser.keys(['m']);
    const rating = await ui.testId(browser, 'promote-rating');
    assert.deepEqual([await rating.getAttribute('data-impact'), await rating.getAttribute('data-likelihood')], ['high', 'medium']);
    await h.saveScreenshot(browser, 'promote-rated');
    const v = await ui.version(browser);
    await browser.keys(['Enter']);
    await ui.waitVersionAfter(browser, v, 'the note to be promoted');
    const promoted = await browser.executeAsync((t, done) => {
      window.__TAURI_INTERNALS__.invoke('current').then(
        (snap) => done(snap.threats.find((x) => x.title === t) ?? null),
        () => done(null),
      );
    }, THREAT_TITLE);
    assert.deepEqual([promoted?.impact.rated_overall, promoted?.likelihood.rated_overall], ['high', 'medium'], 'the core has the overall rating');
    await h.waitFor(async () => (await (await noteEl(s.noteIds.linked)).getAttribute('data-processing')) === 'promoted', { what: 'the note marked promoted' });
    await h.waitFor(async () => (await cardText(s.first, 'session-unprocessed')) === '2', { what: 'two unprocessed notes left' });

    // The finding: from this note, in this session, at this time.
    await ui.clickTestId(browser, 'section-findings');
    s.threat = await h.waitFor(
      () =>
        browser.execute((t) => {
          for (const r of document.querySelectorAll('[data-testid="finding-row"]')) if (r.textContent.includes(t)) return r.getAttribute('data-id');
          return null;
        }, THREAT_TITLE),
      { what: 'the promoted threat among the findings' },
    );
    const row = await browser.$(`[data-testid="finding-row"][data-id="${s.threat}"]`);
    assert.equal(await row.getAttribute('data-state'), 'draft');
    await row.click();
    const source = await ui.testId(browser, 'finding-source');
    const text = await source.getText();
    assert.match(text, new RegExp(FIRST.title));
    assert.match(text, /at \d\d:\d\d:\d\d/);
    assert.match(text, /incremental integers/);
    s.sourceText = text;
  });

  step('answer the question: it is no longer open', async () => {
    await ui.clickTestId(browser, 'section-sessions');
    const question = await noteEl(s.noteIds.question);
    await question.$('[data-testid="note-answer"]').click();
    const input = await question.$('[data-testid="note-answer-input"]');
    await input.waitForDisplayed({ timeout: 5000 });
    await input.addValue(ANSWER);
    await question.$('[data-testid="note-answer-save"]').click();
    await h.waitFor(async () => (await (await noteEl(s.noteIds.question)).$('[data-testid="note-question-state"]').getText()) === 'answered', {
      what: 'the question answered',
    });
    await h.waitFor(async () => (await cardText(s.first, 'session-open-questions')) === '0', { what: 'no open question in the session' });
    // The answer is a note too (unprocessed): 4 notes, 3 of them unprocessed.
    await h.waitFor(async () => (await cardText(s.first, 'session-notes-count')) === '4', { what: 'four notes' });
    assert.equal(await cardText(s.first, 'session-unprocessed'), '3');
  });

  step('start the second session: the first is flagged, its notes still unprocessed', async () => {
    await (await card(s.second)).$('[data-testid="session-start"]').click();
    await h.waitFor(async () => (await cardAttr(s.second, 'data-state')) === 'running', { what: 'the second session to run' });
    await h.waitFor(async () => (await cardAttr(s.first, 'data-stale')) === 'true', { what: 'the first session flagged stale' });
    const flag = await (await card(s.first)).$('[data-testid="session-stale"]');
    assert.match(await flag.getText(), /3 notes were still unprocessed/);
    assert.equal(await cardAttr(s.second, 'data-stale'), 'false');
    await browser.execute((id) => document.querySelector(`[data-testid="session-card"][data-id="${id}"]`)?.scrollIntoView({ block: 'start' }), s.first);
    await h.saveScreenshot(browser, 'sessions-stale');
    s.before = await snapshotOfSessions();
  });

  step('restart the app with the same data: people, sessions, notes, answer, promotion, threat, flags are all there', async () => {
    await h.quitApp(browser, driver);
    browser = await h.launchApp(driver);
    assert.equal((await browser.getWindowHandles()).length, 1, 'the app starts with its main window');
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-overview');
    const people = () => browser.execute(() => [...document.querySelectorAll('[data-testid="person-row"] [data-testid="person-name"]')].map((n) => n.value ?? n.textContent));
    await h.waitFor(async () => {
      const rows = await people();
      return ['Ana Ribeiro', 'Tom Baker', 'Priya Shah'].every((name) => rows.some((r) => r.includes(name)));
    }, { what: 'the three people added (beside the demo\'s)' });
    assert.equal(await (await ui.testId(browser, 'overview-audience')).getValue(), 'All 4,000 employees; HR and payroll administrators');
    await ui.clickTestId(browser, 'section-sessions');
    await h.waitFor(async () => (await cardAttr(s.first, 'data-stale')) === 'true', { what: 'the stale flag after the restart' });
    const after = await snapshotOfSessions();
    assert.deepEqual(after, s.before);
    assert.ok((await warnings(s.second)).some((w) => /online for 3 h/i.test(w)), 'the warning is still there');
    await ui.clickTestId(browser, 'section-findings');
    await (await browser.$(`[data-testid="finding-row"][data-id="${s.threat}"]`)).click();
    assert.equal(await (await ui.testId(browser, 'finding-source')).getText(), s.sourceText);
  });

  // ---- helpers ----

  async function addPerson(name, role, side) {
    const rows = async () => (await browser.$$('[data-testid="person-row"]')).length;
    const n = await rows();
    await (await ui.testId(browser, 'person-add-name')).setValue(name);
    await (await ui.testId(browser, 'person-add-role')).setValue(role);
    await ui.clickTestId(browser, `person-add-side-${side}`);
    await ui.clickTestId(browser, 'person-add');
    await h.waitFor(async () => (await rows()) === n + 1, { what: `${name} in the people list` });
  }

  async function planSession(p, { online }) {
    const n = (await browser.$$('[data-testid="session-card"]')).length;
    await ui.clickTestId(browser, 'session-plan');
    const form = await ui.testId(browser, 'session-form');
    const title = await form.$('[data-testid="session-form-title"]');
    await title.click();
    await ui.replaceText(browser, p.title);
    const date = await form.$('[data-testid="session-form-date"]');
    await date.click();
    await ui.replaceText(browser, p.date);
    const duration = await form.$('[data-testid="session-form-duration"]');
    await duration.click();
    await ui.replaceText(browser, p.duration);
    await form.$(`[data-testid="${online ? 'session-form-online' : 'session-form-onsite'}"]`).click();
    // Everyone attends by default: Ana drives, Tom takes notes, Priya participates.
    await form.$('[data-testid="session-form-save"]').click();
    await h.waitFor(async () => (await browser.$$('[data-testid="session-card"]')).length === n + 1, { what: `"${p.title}" planned` });
  }

  async function sessionId(title) {
    return h.waitFor(
      () =>
        browser.execute((t) => {
          for (const c of document.querySelectorAll('[data-testid="session-card"]')) {
            if (c.querySelector('[data-testid="session-title"]')?.textContent === t) return c.getAttribute('data-id');
          }
          return null;
        }, title),
      { what: `the session "${title}"` },
    );
  }

  async function card(id) {
    const c = await browser.$(`[data-testid="session-card"][data-id="${id}"]`);
    await c.waitForExist({ timeout: 10000 });
    return c;
  }

  async function cardAttr(id, name) {
    return (await card(id)).getAttribute(name);
  }

  async function cardText(id, testid) {
    return (await card(id)).$(`[data-testid="${testid}"]`).getText();
  }

  async function warnings(id) {
    return browser.execute(
      (sid) => [...document.querySelectorAll(`[data-testid="session-card"][data-id="${sid}"] [data-testid="session-warning"]`)].map((w) => w.textContent.trim()),
      id,
    );
  }

  async function noteCount(n) {
    await h.waitFor(async () => (await browser.$$('[data-testid="notes-list"] [data-testid="note"]')).length === n, { what: `${n} notes in the note-taker` });
  }

  async function notesInWindow() {
    return browser.execute(() =>
      [...document.querySelectorAll('[data-testid="notes-list"] [data-testid="note"]')].map((n) => ({
        id: n.getAttribute('data-id'),
        kind: n.getAttribute('data-kind'),
        text: n.querySelector('[data-testid="note-text"]')?.textContent,
        stamp: n.querySelector('[data-testid="note-stamp"]')?.textContent,
        elements: [...n.querySelectorAll('[data-testid="note-element"]')].map((e) => e.getAttribute('data-id')),
      })),
    );
  }

  async function noteEl(id) {
    const el = await browser.$(`[data-testid="session-notes"] [data-testid="note"][data-id="${id}"]`);
    await el.waitForExist({ timeout: 10000 });
    return el;
  }

  /** Every session card as the planning view shows it, with its notes. */
  async function snapshotOfSessions() {
    // The notes of every session, shown.
    for (const id of [s.first, s.second]) {
      const toggle = await (await card(id)).$('[data-testid="session-notes-toggle"]');
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    }
    const listed = () => browser.execute((ids) => ids.reduce((n, id) => n + document.querySelectorAll(`[data-testid="session-card"][data-id="${id}"] [data-testid="session-notes"] [data-testid="note"]`).length, 0), [s.first, s.second]);
    await h.waitFor(async () => (await listed()) === 4, { what: 'the four notes listed' });
    return browser.execute(() =>
      [...document.querySelectorAll('[data-testid="session-card"]')].map((c) => ({
        id: c.getAttribute('data-id'),
        title: c.querySelector('[data-testid="session-title"]')?.textContent,
        state: c.getAttribute('data-state'),
        stale: c.getAttribute('data-stale'),
        planned: c.querySelector('[data-testid="session-planned"]')?.textContent,
        warnings: [...c.querySelectorAll('[data-testid="session-warning"]')].map((w) => w.textContent.trim()),
        attendees: [...c.querySelectorAll('[data-testid="session-attendee"]')].map((a) => a.textContent),
        counts: ['session-notes-count', 'session-unprocessed', 'session-open-questions'].map((t) => c.querySelector(`[data-testid="${t}"]`)?.textContent),
        notes: [...c.querySelectorAll('[data-testid="note"]')].map((n) => ({
          id: n.getAttribute('data-id'),
          kind: n.getAttribute('data-kind'),
          processing: n.getAttribute('data-processing'),
          text: n.querySelector('[data-testid="note-text"]')?.textContent,
          stamp: n.querySelector('[data-testid="note-stamp"]')?.textContent,
          elements: [...n.querySelectorAll('[data-testid="note-element"]')].map((e) => e.getAttribute('data-id')),
          question: n.querySelector('[data-testid="note-question-state"]')?.textContent ?? null,
          threat: n.querySelector('[data-testid="note-threat"]')?.textContent ?? null,
        })),
      })),
    );
  }
});
