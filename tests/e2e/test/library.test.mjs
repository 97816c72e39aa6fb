// The team's library (issue 11), in the real app under Xvfb: a demo finding
// saved to the library through "Save to library…" (the form shows the entry,
// edited before saving; a file appears in the library folder); File → New
// engagement, two processes, Ctrl+A, L, part of the title, Enter: both have
// the threat, and one Ctrl+Z removes both; restart: the picker still finds it.
// Then the inspector's suggestions list it beside the rules', labelled; the
// entry's file edited on disk (a git pull) shows "Library entry updated
// (v1 → v2)" with the diff, and "Take the library's text" takes it (Ctrl+Z
// gives it back); the demo engagement harvested (its saved finding marked as
// already in the library), and the folders panel.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const DEMO_TITLE = "Any employee can download another employee's payslip";
const TITLE = 'Records of other users downloadable by changing the id';
const ID = 'records-of-other-users-downloadable-by-changing-the-id';
const SCENARIO = 'A signed-in user changes the record number in the URL and downloads the record of another user.';
const SCENARIO_V2 = 'A signed-in user changes or guesses the record number in the URL and downloads the record of any user.';
const SEARCH = 'records of oth';
const PROCESSES = ['Orders API', 'Billing API'];

describe('the library: save in one engagement, apply with L in another, undo, restart, update', { timeout: 420_000 }, () => {
  let home;
  let driver;
  let browser;
  const s = {};

  const { step, failed } = h.steps('library', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-library');
    driver = await h.startDriver(home, { logName: 'library-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  const entryFile = () => path.join(home.data, 'library', `${ID}.toml`);

  step('Save to library… on a demo finding: the form shows the entry, only the kinds its category takes', async () => {
    browser = await h.launchApp(driver);
    await openRowTitled(DEMO_TITLE);
    await ui.clickTestId(browser, 'threat-save-library');
    await ui.testId(browser, 'library-save');
    const title = await ui.testId(browser, 'library-form-title');
    await h.waitFor(async () => (await title.getValue()) === DEMO_TITLE, { what: 'the drafted entry in the form' });
    await h.waitFor(() => title.isFocused(), { what: 'the title to take focus' });
    assert.equal(await attr('library-form-category', 'data-value'), 'I');
    // Information disclosure: processes, data stores and flows, never external entities.
    assert.equal(await attr('library-form-kind-process', 'aria-pressed'), 'true', 'the threat is on a process');
    assert.equal(await attr('library-form-kind-data_store', 'aria-pressed'), 'false');
    assert.equal(await browser.$(ui.byTestId('library-form-kind-external_entity')).isExisting(), false);
    assert.deepEqual(await chips('library-form-ref'), ['CWE-639', 'CAPEC-122']);
  });

  step('edit out the customer: title, scenario, a tag; Save: a toast names it and its folder, a file in the library', async () => {
    await ui.replaceText(browser, TITLE);
    await (await ui.testId(browser, 'library-form-scenario')).click();
    await ui.replaceText(browser, SCENARIO);
    await (await ui.testId(browser, 'library-form-tag-input')).click();
    await ui.typeText(browser, 'idor');
    await browser.keys('Enter');
    await h.waitFor(async () => (await chips('library-form-tag')).includes('idor'), { what: 'the tag chip' });
    await browser.execute(() => {
      document.querySelector('.tll-body').scrollTop = 0;
    });
    await h.saveScreenshot(browser, 'library-save-form');
    await ui.clickTestId(browser, 'library-form-save');
    await toastSays(new RegExp(`\u201c${TITLE}\u201d saved to the library: threatloom-data/library/${ID}\\.toml`));
    await browser.$(ui.byTestId('library-save')).waitForExist({ reverse: true, timeout: 5000 });
    assert.ok(fs.existsSync(entryFile()), `${entryFile()} written`);
    const text = fs.readFileSync(entryFile(), 'utf8');
    assert.match(text, /^version = 1$/m);
    assert.match(text, new RegExp(`^title = "${TITLE}"$`, 'm'));
    assert.match(text, /^tags = \["idor"\]$/m);
    assert.match(text, /"CWE-639"/);
    assert.doesNotMatch(text, /affected_users/, 'the factor ratings are not kept unless asked');
    assert.match(text, new RegExp(`^scenario = "${SCENARIO}"$`, 'm'), 'the scenario as edited, the customer words gone');
  });

  step("the demo's Payslip API: its suggestions list the entry beside the rules', each with its source", async () => {
    // Back from the threat to its element, the Payslip API.
    await ui.clickTestId(browser, 'threat-back');
    await h.waitFor(async () => (await attr('suggestions', 'data-loaded')) === 'true', { what: "the rules' suggestions" });
    const card = await browser.$(`[data-testid="library-suggestion"][data-id="${ID}"]`);
    await card.waitForDisplayed({ timeout: 10000, timeoutMsg: 'the entry among the suggestions' });
    const sources = await browser.execute(() => [...document.querySelectorAll('[data-testid="suggestions"] [data-testid="suggestion-source"]')].map((e) => e.textContent));
    assert.ok(sources.includes('Rule'), `the rules' suggestions say so: ${sources}`);
    assert.ok(sources.includes('Library · threatloom-data/library'), `the library's say its folder: ${sources}`);
    // Rules first, then the library's.
    assert.equal(sources[sources.length - 1], 'Library · threatloom-data/library');
    await browser.execute((id) => document.querySelector(`[data-testid="library-suggestion"][data-id="${id}"]`).scrollIntoView({ block: 'center' }), ID);
    await h.saveScreenshot(browser, 'library-suggestions');
  });

  step('File → New engagement; two processes drawn', async () => {
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-new');
    await (await ui.testId(browser, 'new-engagement-name')).setValue('Next customer');
    await ui.clickTestId(browser, 'new-engagement-create');
    await ui.waitVersionAfter(browser, v, 'the new engagement to open');
    await h.waitFor(async () => (await ui.nodes(browser)).length === 0, { what: 'an empty canvas' });
    // P at the mouse, once left and once right of the centre.
    const pane = await ui.paneRect(browser);
    for (const [i, name] of PROCESSES.entries()) {
      await ui.moveMouse(browser, { x: pane.left + pane.width / 2 + (i === 0 ? -180 : 180), y: pane.top + pane.height / 2 });
      await browser.keys('p');
      await ui.typeInNameEditor(browser, name);
      await ui.waitNodeLabelled(browser, name);
    }
    s.ids = (await ui.nodes(browser)).map((n) => n.id);
    assert.equal(s.ids.length, 2);
  });

  step('Ctrl+A, L: the picker with its search focused; part of the title, Enter: both processes have the threat', async () => {
    await browser.keys(['Control', 'a']);
    await h.waitFor(async () => (await selectedIds()).length === 2, { what: 'both processes selected' });
    await browser.keys('l');
    const search = await ui.testId(browser, 'library-search');
    await h.waitFor(() => search.isFocused(), { what: 'the search box to take focus' });
    await ui.typeText(browser, SEARCH);
    await h.waitFor(async () => (await hits())[0]?.id === ID, { what: `${ID} first in the picker` });
    const first = (await hits())[0];
    assert.equal(first.title, TITLE);
    assert.equal(first.applied, 'false');
    assert.equal(first.selected, 'true', 'the best match is highlighted');
    await h.saveScreenshot(browser, 'library-picker');
    const v = await ui.version(browser);
    await browser.keys('Enter');
    await ui.waitVersionAfter(browser, v, 'the entry to be applied');
    await browser.$(ui.byTestId('library-picker')).waitForExist({ reverse: true, timeout: 5000 });
    await toastSays(/applied to Orders API and Billing API/);
    const rows = await h.waitFor(async () => {
      const r = await rowsTitled(TITLE);
      return r.length === 2 && r;
    }, { what: 'two threats with the title' });
    assert.deepEqual(rows.map((r) => r.asset).sort(), [...PROCESSES].sort());
  });

  step('one Ctrl+Z removes both', async () => {
    const v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await ui.waitVersionAfter(browser, v, 'the undo');
    await h.waitFor(async () => (await rowsTitled(TITLE)).length === 0, { what: 'both threats gone' });
  });

  step('restart: the library is still there, the picker finds it', async () => {
    await h.quitApp(browser, driver);
    browser = await h.launchApp(driver);
    await h.waitFor(async () => (await browser.execute(() => document.querySelector('[data-testid="engagement-name"]')?.textContent)) === 'Next customer', {
      what: 'the engagement used last to open again',
    });
    await ui.clickNode(browser, s.ids[0]);
    await browser.keys(['Control', 'a']);
    await h.waitFor(async () => (await selectedIds()).length === 2, { what: 'both processes selected' });
    await browser.keys('l');
    const search = await ui.testId(browser, 'library-search');
    await h.waitFor(() => search.isFocused(), { what: 'the search box to take focus' });
    await ui.typeText(browser, 'changing');
    await h.waitFor(async () => (await hits())[0]?.id === ID, { what: `${ID} found after the restart` });
    await browser.keys('Escape');
    await browser.$(ui.byTestId('library-picker')).waitForExist({ reverse: true, timeout: 5000 });
  });

  step('one process selected: the entry among its suggestions, from the library; Accept applies it', async () => {
    await ui.clickNode(browser, s.ids[0]);
    const card = await browser.$(`[data-testid="library-suggestion"][data-id="${ID}"]`);
    await card.waitForDisplayed({ timeout: 10000, timeoutMsg: 'the entry among the suggestions' });
    assert.equal(await textOf(`[data-testid="library-suggestion"][data-id="${ID}"] [data-testid="suggestion-source"]`), 'Library · threatloom-data/library');
    const v = await ui.version(browser);
    await (await card.$(ui.byTestId('library-suggestion-accept'))).click();
    await ui.waitVersionAfter(browser, v, 'the entry to be applied');
    const editor = await ui.testId(browser, 'threat-editor');
    s.threat = await editor.getAttribute('data-id');
    assert.equal(await (await ui.testId(browser, 'threat-title')).getValue(), TITLE);
    assert.equal(await attr('threat-origin', 'data-origin'), 'library');
    assert.equal(await textOf(ui.byTestId('threat-origin-entry')), ID);
  });

  step("the entry's file changed on disk (a git pull): Library entry updated (v1 → v2), the diff, a marker in the list", async () => {
    await rowsTitled(TITLE); // the threat list open
    const text = fs.readFileSync(entryFile(), 'utf8');
    assert.ok(text.includes(SCENARIO), 'the file holds the saved scenario');
    fs.writeFileSync(entryFile(), text.replace(/^version = 1$/m, 'version = 2').replace(SCENARIO, SCENARIO_V2));
    // The shell looks every 2 s.
    const box = await browser.$(ui.byTestId('library-update'));
    await box.waitForDisplayed({ timeout: 15000, timeoutMsg: 'the update in the editor' });
    assert.equal(await box.getAttribute('data-from'), '1');
    assert.equal(await box.getAttribute('data-to'), '2');
    assert.match(await textOf(ui.byTestId('library-update')), /Library entry updated \(v1 → v2\)/);
    const fields = await browser.execute(() => [...document.querySelectorAll('[data-testid="library-diff-row"]')].map((r) => r.getAttribute('data-field')));
    assert.deepEqual(fields, ['Scenario']);
    const marked = await browser.execute(() => [...document.querySelectorAll('[data-testid="threat-row"]')].filter((r) => r.querySelector('[data-testid="threat-library-updated"]')).map((r) => r.getAttribute('data-id')));
    assert.deepEqual(marked, [s.threat]);
    await browser.execute(() => {
      document.querySelector('.tl-inspector').scrollTop = 0;
    });
    await h.saveScreenshot(browser, 'library-update-diff');
  });

  // ---- helpers ----

  async function attr(id, name) {
    return (await ui.testId(browser, id)).getAttribute(name);
  }

  async function textOf(selector) {
    return browser.execute((sel) => document.querySelector(sel)?.textContent ?? '', selector);
  }

  async function chips(id) {
    return browser.execute((tid) => [...document.querySelectorAll(`[data-testid="${tid}"]`)].map((c) => c.getAttribute('data-value')), id);
  }

  async function selectedIds() {
    return browser.execute(() => [...document.querySelectorAll('.react-flow__node.selected')].map((n) => n.getAttribute('data-id')));
  }

  async function hits() {
    return browser.execute(() =>
      [...document.querySelectorAll('[data-testid="library-hit"]')].map((r) => ({
        id: r.getAttribute('data-id'),
        applied: r.getAttribute('data-applied'),
        selected: r.getAttribute('aria-selected'),
        title: r.querySelector('[data-testid="library-hit-title"]')?.textContent ?? '',
      })),
    );
  }

  async function rowsTitled(title) {
    if (!(await browser.$(ui.byTestId('threat-list')).isExisting())) {
      await ui.clickTestId(browser, 'toggle-threat-panel');
      await ui.testId(browser, 'threat-list');
    }
    return browser.execute(
      (t) =>
        [...document.querySelectorAll('[data-testid="threat-row"]')]
          .filter((r) => r.querySelector('td.is-title')?.textContent === t)
          .map((r) => ({ id: r.getAttribute('data-id'), asset: r.querySelector('td.is-asset')?.textContent ?? '' })),
      title,
    );
  }

  async function openRowTitled(title) {
    const [row] = await h.waitFor(async () => {
      const r = await rowsTitled(title);
      return r.length > 0 && r;
    }, { what: `a threat row titled ${title}` });
    await (await browser.$(`[data-testid="threat-row"][data-id="${row.id}"] td.is-title`)).click();
    await h.waitFor(async () => (await attr('threat-editor', 'data-id')) === row.id, { what: `threat ${row.id} in the editor` });
    return row.id;
  }

  async function toastSays(re) {
    return h.waitFor(async () => {
      const texts = await browser.execute(() => [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent ?? ''));
      return texts.some((t) => re.test(t));
    }, { what: `a toast matching ${re}` });
  }
});
