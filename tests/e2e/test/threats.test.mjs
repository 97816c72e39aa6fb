// The end-to-end scenario for STRIDE threats, in the real app under
// Xvfb: on the demo engagement, select a flow that crosses a trust boundary,
// accept one of its suggestions, rate impact and likelihood, see the risk level
// and the badge; dismiss another suggestion with a reason; the coverage matrix
// reflects both; quit, relaunch: it is all there. Then the quick threat form:
// T, a letter, a title, Enter; and the inspector's protocol hint.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const FLOW = 'f-login'; // "Sign-in & payslip requests": Internet → Company network
const REASON = 'Rate limiting and request size caps at the CDN';
// Impact all high, likelihood all medium: the default matrix gives High.
const IMPACT = { affected_users: 'high', reputational: 'high', financial: 'high' };
const LIKELIHOOD = { reproducibility: 'medium', exploitability: 'medium', discoverability: 'medium' };
const LEVEL = { key: 'high', label: 'High' };

describe('STRIDE on a boundary-crossing flow: suggestion accepted and rated, another dismissed, coverage, restart', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const s = {}; // what the steps learn: suggestion keys and categories, the threat id, coverage figures

  /** A step of the scenario: skipped after a failure, screenshot on failure. */
  const { step, failed } = h.steps('threats', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-threats');
    driver = await h.startDriver(home, { logName: 'threats-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('first start opens the demo engagement; nothing is considered yet', async () => {
    browser = await h.launchApp(driver);
    assert.ok((await ui.edges(browser)).some((e) => e.id === FLOW), `the demo has the flow ${FLOW}`);
    s.before = await openCoverage();
    assert.ok(s.before.total > 0, 'coverage counts element-categories');
    assert.equal(await cellState(FLOW, 'T'), 'not_considered');
    await ui.clickTestId(browser, 'panel-close');
    await browser.$(ui.byTestId('threat-panel')).waitForExist({ reverse: true, timeout: 5000 });
  });

  step('select the flow: it crosses a trust boundary and the rules suggest threats for it', async () => {
    await selectFlow(FLOW);
    assert.match(await ui.inspectorList(browser, 'crossings'), /Company network|Internet/i);
    const list = await h.waitFor(async () => {
      const got = await suggestions();
      return got.length >= 2 && new Set(got.map((x) => x.category)).size >= 2 && got;
    }, { what: 'at least two suggestions in two categories for the flow' });
    // Accept the first; dismiss one of another category (dismissing marks its category not applicable).
    s.accepted = list[0];
    s.dismissed = list.find((x) => x.category !== s.accepted.category);
    assert.ok(s.dismissed, 'a suggestion of another category to dismiss');
  });

  step('accept a suggestion: it becomes a threat, opened in the editor, typed by a rule', async () => {
    const v = await ui.version(browser);
    await suggestionButton(s.accepted.key, 'suggestion-accept').then((b) => b.click());
    await ui.waitVersionAfter(browser, v, 'the suggestion to be accepted');
    const editor = await ui.testId(browser, 'threat-editor');
    s.threatId = await editor.getAttribute('data-id');
    assert.ok(s.threatId, 'the editor names the threat');
    assert.equal(await (await ui.testId(browser, 'threat-title')).getValue(), s.accepted.title);
    assert.equal(await attr('threat-category', 'data-value'), s.accepted.category);
    assert.equal(await attr('threat-origin', 'data-origin'), 'rule');
    assert.equal(await text('risk-level'), 'Not rated');
    // The badge appears at once, grey: one threat, not rated.
    await badgeIs(FLOW, 1, 'unrated');
  });

  step('rate impact and likelihood: the editor shows the level from the matrix, the badge its colour', async () => {
    for (const [factor, value] of Object.entries(IMPACT)) await rate(`impact-${factor}`, value);
    for (const [factor, value] of Object.entries(LIKELIHOOD)) await rate(`likelihood-${factor}`, value);
    await h.waitFor(async () => (await text('risk-level')) === LEVEL.label, { what: `the risk level to read ${LEVEL.label}` });
    assert.equal(await attr('risk-level', 'data-level'), LEVEL.key);
    assert.equal(await attr('risk-computed', 'data-level'), LEVEL.key, 'computed and effective agree (no override)');
    await badgeIs(FLOW, 1, LEVEL.key);
    // The editor from its top (the rating clicks scrolled it) for the screenshot.
    await browser.execute(() => {
      document.querySelector('.tl-inspector').scrollTop = 0;
    });
    await h.saveScreenshot(browser, 'threat-editor');
  });

  step('dismiss another suggestion with a reason: it goes away', async () => {
    await ui.clickTestId(browser, 'threat-back');
    await (await suggestionButton(s.dismissed.key, 'suggestion-dismiss')).click();
    // The reason is required: Dismiss stays disabled until one is typed.
    const confirm = await browser.$(`[data-testid="suggestions"] [data-key="${s.dismissed.key}"] [data-testid="dismiss-confirm"]`);
    await confirm.waitForDisplayed({ timeout: 5000 });
    assert.equal(await confirm.isEnabled(), false, 'Dismiss needs a reason');
    const reason = await browser.$(`[data-testid="suggestions"] [data-key="${s.dismissed.key}"] [data-testid="dismiss-reason"]`);
    await reason.addValue(REASON);
    const v = await ui.version(browser);
    await confirm.click();
    await ui.waitVersionAfter(browser, v, 'the suggestion to be dismissed');
    await h.waitFor(async () => !(await suggestions()).some((x) => x.key === s.dismissed.key), {
      what: 'the dismissed suggestion to leave the list',
    });
    // Neither the accepted nor the dismissed one is offered again.
    assert.ok(!(await suggestions()).some((x) => x.key === s.accepted.key));
  });

  step('the coverage matrix shows the threat and the not-applicable mark; the figure moved', async () => {
    const after = await openCoverage(s.before.considered + 2);
    assert.equal(after.considered, s.before.considered + 2, 'two more element-categories considered');
    assert.equal(after.total, s.before.total);
    assert.notEqual(after.percent, s.before.percent, 'the figure changed');
    assert.equal(await cellState(FLOW, s.accepted.category), 'threats');
    assert.equal(await cellAttr(FLOW, s.accepted.category, 'data-count'), '1');
    assert.equal(await cellState(FLOW, s.dismissed.category), 'not_applicable');
    assert.match(await cellAttr(FLOW, s.dismissed.category, 'title'), new RegExp(REASON));
    await h.saveScreenshot(browser, 'coverage-matrix');
    s.beforeQuit = { coverage: after, badge: await badge(FLOW) };
  });

  step('quit: the app exits', async () => {
    await h.quitApp(browser, driver);
    browser = null;
  });

  step('relaunch with the same data directory: the threat, its ratings and level, the badge, the N/A cell', async () => {
    browser = await h.launchApp(driver);
    await badgeIs(FLOW, 1, LEVEL.key);
    const coverage = await openCoverage(s.beforeQuit.coverage.considered);
    assert.deepEqual(coverage, s.beforeQuit.coverage);
    assert.equal(await cellState(FLOW, s.accepted.category), 'threats');
    assert.equal(await cellState(FLOW, s.dismissed.category), 'not_applicable');
    assert.match(await cellAttr(FLOW, s.dismissed.category, 'title'), new RegExp(REASON));

    // The threat list has it; a click selects the flow and opens the threat.
    await ui.clickTestId(browser, 'panel-tab-threats');
    const row = await browser.$(`[data-testid="threat-row"][data-id="${s.threatId}"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    assert.match(await row.getText(), new RegExp(LEVEL.label));
    await row.$('td.is-title').click();
    const editor = await ui.testId(browser, 'threat-editor');
    assert.equal(await editor.getAttribute('data-id'), s.threatId);
    await h.waitFor(
      () => browser.execute((id) => document.querySelector(`.react-flow__edge[data-id="${id}"]`)?.classList.contains('selected'), FLOW),
      { what: 'the flow to be selected on the canvas' },
    );
    await h.waitFor(async () => (await text('risk-level')) === LEVEL.label, { what: 'the risk level after the restart' });
    for (const [factor, value] of Object.entries(IMPACT)) assert.equal(await attr(`impact-${factor}`, 'data-value'), value);
    for (const [factor, value] of Object.entries(LIKELIHOOD)) assert.equal(await attr(`likelihood-${factor}`, 'data-value'), value);
    // The dismissed suggestion stays dismissed.
    await ui.clickTestId(browser, 'threat-back');
    await h.waitFor(() => browser.execute(() => document.querySelector('[data-testid="suggestions"]')?.getAttribute('data-loaded') === 'true'), {
      what: 'the suggestions of the flow',
    });
    const left = await suggestions();
    assert.ok(!left.some((x) => x.key === s.dismissed.key || x.key === s.accepted.key), 'the triaged suggestions stay triaged');
  });

  step('quick threat: T, a letter, a title, Enter logs a threat on the selected element', async () => {
    await ui.clickTestId(browser, 'panel-close');
    await ui.clickNode(browser, 'webapp');
    await browser.keys('t');
    const form = await ui.testId(browser, 'quick-threat');
    // A process takes all six letters; a letter key picks one and moves to the title.
    for (const c of ['S', 'T', 'R', 'I', 'D', 'E']) assert.ok(await browser.$(ui.byTestId(`quick-threat-cat-${c}`)).isExisting(), `letter ${c} offered`);
    await browser.keys('e');
    const title = await ui.testId(browser, 'quick-threat-title');
    await h.waitFor(() => title.isFocused(), { what: 'the title field to take focus after the letter' });
    assert.equal(await browser.$(ui.byTestId('quick-threat-cat-E')).getAttribute('aria-checked'), 'true');
    await title.addValue('Employees reach other employees payslips');
    const v = await ui.version(browser);
    await browser.keys('Enter');
    await ui.waitVersionAfter(browser, v, 'the quick threat to be logged');
    await form.waitForExist({ reverse: true, timeout: 5000 });
    await badgeIs('webapp', 1, 'unrated');
    assert.equal(await browser.execute(() => document.activeElement === document.body), true, 'focus is back on the canvas');
  });

  step('an encrypted protocol typed on a flow: the inspector proposes ticking "Encrypted in transit"; one click ticks it', async () => {
    const flow = 'f-call'; // "GET /payslips (JWT)", HTTP, recorded as not encrypted in the demo
    await selectFlow(flow);
    const box = await browser.$(ui.byTestId('prop-encrypted_in_transit')); // the input is drawn by its label
    await box.waitForExist({ timeout: 10000 });
    assert.equal(await box.isSelected(), false, 'the demo records it as not encrypted');
    assert.equal(await browser.$(ui.byTestId('propose-encrypted_in_transit')).isExisting(), false, 'HTTP says nothing');
    const protocol = await ui.testId(browser, 'prop-protocol');
    await protocol.click();
    await ui.replaceText(browser, 'SSH');
    let v = await ui.version(browser);
    await browser.keys('Enter');
    await ui.waitVersionAfter(browser, v, 'the protocol to be stored');
    const hint = await ui.testId(browser, 'propose-encrypted_in_transit');
    await hint.waitForDisplayed({ timeout: 10000 });
    assert.equal(await hint.getText(), 'SSH encrypts: tick Encrypted in transit');
    await h.saveScreenshot(browser, 'protocol-hint');
    v = await ui.version(browser);
    await hint.click();
    await ui.waitVersionAfter(browser, v, 'the box to be ticked');
    await h.waitFor(() => box.isSelected(), { what: 'Encrypted in transit to be ticked' });
    await hint.waitForExist({ reverse: true, timeout: 5000 });
  });

  // ---- helpers that need the session ----

  async function text(id) {
    return (await ui.testId(browser, id)).getText();
  }

  async function attr(id, name) {
    return (await ui.testId(browser, id)).getAttribute(name);
  }

  async function selectFlow(id) {
    await browser.$(`[data-testid="edge-label"][data-id="${id}"]`).click();
    await h.waitFor(
      () => browser.execute((eid) => document.querySelector(`.react-flow__edge[data-id="${eid}"]`)?.classList.contains('selected'), id),
      { what: `flow ${id} to be selected` },
    );
  }

  /** The suggestions the inspector lists for the selected element. */
  async function suggestions() {
    return browser.execute(() =>
      [...document.querySelectorAll('[data-testid="suggestions"] [data-testid="suggestion"]')].map((el) => ({
        key: el.getAttribute('data-key'),
        category: el.getAttribute('data-category'),
        title: el.querySelector('[data-testid="suggestion-title"]')?.textContent ?? '',
      })),
    );
  }

  async function suggestionButton(key, id) {
    const b = await browser.$(`[data-testid="suggestions"] [data-key="${key}"] [data-testid="${id}"]`);
    await b.waitForDisplayed({ timeout: 10000 });
    return b;
  }

  /** Clicks a rating and waits until the stored threat has it. */
  async function rate(group, value) {
    const sel = `[data-testid="${group}"] button[data-value="${value}"]`;
    // In the middle of the inspector, clear of its sticky risk header.
    await browser.execute((q) => document.querySelector(q)?.scrollIntoView({ block: 'center' }), sel);
    await (await browser.$(sel)).click();
    await h.waitFor(async () => (await attr(group, 'data-value')) === value, { what: `${group} to be rated ${value}` });
  }

  async function badge(elementId) {
    return browser.execute((id) => {
      const b = document.querySelector(`[data-testid="badge"][data-element="${id}"]`);
      return b && { count: b.getAttribute('data-count'), level: b.getAttribute('data-level'), text: b.textContent };
    }, elementId);
  }

  async function badgeIs(elementId, count, level) {
    await h.waitFor(async () => {
      const b = await badge(elementId);
      return b && b.count === String(count) && b.level === level && b.text === String(count);
    }, { what: `the badge on ${elementId} to show ${count} (${level}); it shows ${JSON.stringify(await badge(elementId))}` });
  }

  /** Opens the coverage tab; resolves to the figure (once `considered` is as expected, if given). */
  async function openCoverage(considered) {
    const open = await browser.$(ui.byTestId('coverage-matrix')).isExisting();
    if (!open) await ui.clickTestId(browser, 'status-coverage');
    const fig = await ui.testId(browser, 'coverage-figure');
    const read = async () => ({
      considered: Number(await fig.getAttribute('data-considered')),
      total: Number(await fig.getAttribute('data-total')),
      percent: Number(await fig.getAttribute('data-percent')),
      text: await fig.getText(),
    });
    if (considered !== undefined) await h.waitFor(async () => (await read()).considered === considered, { what: `coverage to count ${considered}` });
    return read();
  }

  function cellSelector(elementId, category) {
    return `[data-testid="coverage-cell"][data-element="${elementId}"][data-category="${category}"]`;
  }

  async function cellAttr(elementId, category, name) {
    const cell = await browser.$(cellSelector(elementId, category));
    await cell.waitForExist({ timeout: 10000 });
    return cell.getAttribute(name);
  }

  async function cellState(elementId, category) {
    return cellAttr(elementId, category, 'data-state');
  }
});
