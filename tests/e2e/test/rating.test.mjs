// A threat rated as fast as it is logged, in the real app under Xvfb: select
// an element, T, a letter, then the title, Tab, two keys (impact, likelihood)
// and Enter typed as one — 4 actions. The threat exists with that title,
// category and risk level (in the UI and in the core), the inspector says
// "rated overall"; refining a factor replaces the overall level, the editor's
// Overall level rates an axis again; one Ctrl+Z
// removes a quick-rated threat whole.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const ELEMENT = 'webapp'; // a process in the demo: all six letters apply
const TITLE = 'Forged payslip download link';
// Impact High, likelihood Medium: the default matrix gives High.
const KEYS = { impact: 'h', likelihood: 'm' };
const LEVEL = { key: 'high', label: 'High' };
// WebDriver's Tab and Enter keys.
const TAB = '\uE004';
const ENTER = '\uE007';

describe('rate a threat as fast as it is logged: 4 actions', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const s = {};

  const { step, failed } = h.steps('rating', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-rating');
    driver = await h.startDriver(home, { logName: 'rating-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('the demo opens; the element has no threat of ours yet', async () => {
    browser = await h.launchApp(driver);
    s.before = await coreThreats();
    assert.ok(!s.before.some((t) => t.title === TITLE));
    s.badge = await badge(ELEMENT);
    s.count = await statusCount();
  });

  step('select, T, a letter, then title + Tab + impact + likelihood + Enter: 4 actions log a rated threat', async () => {
    let actions = 0;
    const v = await ui.version(browser);
    // 1: select the element (in view: clickNode would otherwise fit the view first).
    assert.ok(await browser.$(`.react-flow__node[data-id="${ELEMENT}"]`).isDisplayed({ withinViewport: true }), 'the element is in view');
    await ui.clickNode(browser, ELEMENT);
    actions++;
    // 2: T opens the quick form.
    await browser.keys('t');
    actions++;
    const form = await ui.testId(browser, 'quick-threat');
    // The keys are shown on the form.
    assert.match(await (await ui.testId(browser, 'quick-threat-rating')).getText(), /Impact[\s\S]*L[\s\S]*M[\s\S]*H[\s\S]*Likelihood/);
    // 3: a letter picks the category; the title takes focus.
    await browser.keys('e');
    actions++;
    const title = await ui.testId(browser, 'quick-threat-title');
    await h.waitFor(() => title.isFocused(), { what: 'the title field to take focus after the letter' });
    // 4: the title, Tab to the rating, impact, likelihood, Enter — one key sequence.
    await type([...TITLE, TAB, KEYS.impact, KEYS.likelihood, ENTER]);
    actions++;
    assert.equal(actions, 4, 'select, T, letter, title-and-rating');
    await ui.waitVersionAfter(browser, v, 'the rated threat to be logged');
    await form.waitForExist({ reverse: true, timeout: 5000 });

    // The core: one new threat, with that title, category and level.
    const threats = await coreThreats();
    const added = threats.filter((t) => !s.before.some((b) => b.id === t.id));
    assert.equal(added.length, 1, 'one threat logged');
    const t = added[0];
    s.id = t.id;
    assert.equal(t.title, TITLE, 'the title typed, the rating keys not in it');
    assert.equal(t.category, 'E');
    assert.deepEqual(t.element_ids, [ELEMENT]);
    assert.equal(t.impact.rated_overall, 'high');
    assert.equal(t.likelihood.rated_overall, 'medium');
    assert.equal(t.impact.affected_users, null, 'no factor invented');
    assert.equal(await coreRisk(t.id), LEVEL.key, 'the core computes High');
  });

  step('the UI shows it: the badge, the threat list row, the editor says "rated overall"', async () => {
    await h.waitFor(async () => (await badge(ELEMENT))?.count === String(Number(s.badge?.count ?? 0) + 1), {
      what: 'the badge to count the new threat',
    });
    // The status bar counts it; its button opens the threat list.
    await h.waitFor(async () => (await statusCount()) === s.count + 1, { what: 'the status bar to count the new threat' });
    await ui.clickTestId(browser, 'status-threats');
    const row = await browser.$(`[data-testid="threat-row"][data-id="${s.id}"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    assert.match(await row.getText(), new RegExp(LEVEL.label));
    assert.equal(await row.$('[data-testid="threat-row-rated-overall"]').getText(), 'overall', 'the row says the level is an overall one');
    await row.$('td.is-title').click();
    const editor = await ui.testId(browser, 'threat-editor');
    assert.equal(await editor.getAttribute('data-id'), s.id);
    await h.waitFor(async () => (await text('risk-level')) === LEVEL.label, { what: `the risk level to read ${LEVEL.label}` });
    assert.equal(await text('threat-rated-overall'), 'Rated overall: impact High, likelihood Medium · rate the factors below to refine');
    assert.equal(await attr('impact-overall', 'data-value'), 'high');
    assert.equal(await attr('likelihood-overall', 'data-value'), 'medium');
    await h.saveScreenshot(browser, 'rated-overall');
  });

  step('refining a factor replaces the overall impact; likelihood stays rated overall', async () => {
    const sel = '[data-testid="impact-affected_users"] button[data-value="low"]';
    await browser.execute((q) => document.querySelector(q)?.scrollIntoView({ block: 'center' }), sel);
    const v = await ui.version(browser);
    await (await browser.$(sel)).click();
    await ui.waitVersionAfter(browser, v, 'the factor to be stored');
    const t = (await coreThreats()).find((x) => x.id === s.id);
    assert.equal(t.impact.rated_overall, null, 'the factor replaced the overall level');
    assert.equal(t.impact.affected_users, 'low');
    assert.equal(t.likelihood.rated_overall, 'medium');
    // Low × Medium in the default matrix.
    assert.equal(await coreRisk(s.id), 'low');
    await h.waitFor(async () => (await text('risk-level')) === 'Low', { what: 'the editor to follow the core' });
    assert.equal(await text('threat-rated-overall'), 'Rated overall: likelihood Medium · rate the factors below to refine');
    assert.equal(await browser.$(ui.byTestId('impact-overall')).isExisting(), false, 'impact is by its factors now');
  });

  step("the editor's Overall level for likelihood: one rate_threat, the level follows", async () => {
    const sel = '[data-testid="likelihood-overall"] button[data-value="high"]';
    await browser.execute((q) => document.querySelector(q)?.scrollIntoView({ block: 'center' }), sel);
    const v = await ui.version(browser);
    await (await browser.$(sel)).click();
    await ui.waitVersionAfter(browser, v, 'the overall likelihood to be stored');
    const t = (await coreThreats()).find((x) => x.id === s.id);
    assert.equal(t.likelihood.rated_overall, 'high');
    assert.equal(t.impact.affected_users, 'low', 'the impact factor stays');
    // Low × High in the default matrix.
    assert.equal(await coreRisk(s.id), 'medium');
    await h.waitFor(async () => (await text('risk-level')) === 'Medium', { what: 'the editor to follow the core' });
  });

  step('a second quick-rated threat: one Ctrl+Z removes it whole', async () => {
    await ui.clickTestId(browser, 'threat-back');
    await ui.clickTestId(browser, 'panel-close').catch(() => {});
    const before = await coreThreats();
    let v = await ui.version(browser);
    await ui.clickNode(browser, ELEMENT);
    await browser.keys('t');
    await ui.testId(browser, 'quick-threat');
    await browser.keys('d');
    const title = await ui.testId(browser, 'quick-threat-title');
    await h.waitFor(() => title.isFocused(), { what: 'the title field' });
    await type([...'Payslip service flooded', TAB, '3', '3']);
    const rating = await ui.testId(browser, 'quick-threat-rating');
    assert.equal(await rating.getAttribute('data-impact'), 'high');
    assert.equal(await rating.getAttribute('data-likelihood'), 'high');
    assert.equal(await title.getValue(), 'Payslip service flooded', 'the digits went to the rating, not the title');
    await h.saveScreenshot(browser, 'quick-threat-rated');
    await type([ENTER]);
    await ui.waitVersionAfter(browser, v, 'the second threat');
    const added = (await coreThreats()).filter((t) => !before.some((b) => b.id === t.id));
    assert.equal(added.length, 1);
    assert.equal(added[0].category, 'D');
    assert.equal(await coreRisk(added[0].id), 'critical', 'high × high');
    await h.waitFor(() => browser.execute(() => document.activeElement === document.body), { what: 'focus back on the canvas' });
    v = await ui.version(browser);
    await ui.chord(browser, ['Control', 'z']);
    await ui.waitVersionAfter(browser, v, 'the undo');
    const left = await coreThreats();
    assert.ok(!left.some((t) => t.id === added[0].id), 'one undo removed the rated threat');
    assert.equal(left.length, before.length, 'and nothing else');
    const first = left.find((t) => t.id === s.id);
    assert.equal(first?.likelihood.rated_overall, 'high', 'the first threat is untouched');
  });

  // ---- helpers that need the session ----

  /** Types `keys` one after another (down, up each) as ONE WebDriver action,
   *  to whatever has the focus — as a person types. */
  async function type(keys) {
    const seq = browser.action('key');
    for (const k of keys) seq.down(k).up(k);
    await seq.perform();
  }

  async function text(id) {
    return (await ui.testId(browser, id)).getText();
  }

  async function attr(id, name) {
    return (await ui.testId(browser, id)).getAttribute(name);
  }

  /** The core's threats (its snapshot), not the page's copy. */
  async function coreThreats() {
    const got = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('current').then(
        (snap) => done({ ok: snap.threats }),
        (e) => done({ err: String(e?.message ?? JSON.stringify(e)) }),
      );
    });
    assert.ok(got.ok, got.err);
    return got.ok;
  }

  /** The level the core's threat overview gives the threat. */
  async function coreRisk(id) {
    const got = await browser.executeAsync((tid, done) => {
      window.__TAURI_INTERNALS__.invoke('derived', { query: { all_suggestions: false, engagement: false } }).then(
        (d) => done({ ok: d.overview.risks[tid]?.effective ?? null }),
        (e) => done({ err: String(e?.message ?? JSON.stringify(e)) }),
      );
    }, id);
    assert.ok(!got.err, got.err);
    return got.ok;
  }

  /** "12 threats" in the status bar, as a number. */
  async function statusCount() {
    return Number((await text('status-threats')).split(' ')[0]);
  }

  async function badge(elementId) {
    return browser.execute((id) => {
      const b = document.querySelector(`[data-testid="badge"][data-element="${id}"]`);
      return b && { count: b.getAttribute('data-count'), level: b.getAttribute('data-level') };
    }, elementId);
  }
});
