// One status from note to report (issue 12), in the real app under Xvfb: three
// demo findings picked at once (click, Ctrl-click) and moved to Mitigated in
// one step; the overview, the threat list and an exported spreadsheet all say
// 3 mitigated; the executive summary lists none of them among its top risks.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';
import { sheetRows } from '../lib/xlsx.mjs';

const CONTROL = '\uE009';

describe('bulk triage: three findings mitigated at once, and every view and export agrees', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  let out;
  const s = {};

  const { step, failed } = h.steps('triage', () => browser);


  const rowSel = (id) => `[data-testid="finding-row"][data-id="${id}"]`;
  const states = (ids) => browser.execute((list) => list.map((id) => document.querySelector(`[data-testid="finding-row"][data-id="${id}"]`)?.getAttribute('data-state')), ids);

  async function exportTo(format, file) {
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-export');
    await ui.testId(browser, 'export-dialog');
    await ui.clickTestId(browser, `export-format-${format}`);
    await ui.clickTestId(browser, 'export-path');
    await ui.replaceText(browser, file);
    await h.waitFor(async () => (await ui.testId(browser, 'export-submit')).isEnabled(), { what: 'Export to be enabled' });
    await ui.clickTestId(browser, 'export-submit');
    await h.waitFor(
      async () => {
        const err = await browser.$(ui.byTestId('export-error'));
        if (await err.isExisting()) throw new Error(`export failed: ${await err.getText()}`);
        return browser.$(ui.byTestId('export-result-path')).isExisting();
      },
      { timeout: 30_000, what: `the ${format} export` },
    );
    await h.saveScreenshot(browser, `export-${format}`);
    const left = await browser.$(ui.byTestId('export-left-out'));
    const leftText = (await left.isExisting()) ? await left.getText() : '';
    await ui.clickTestId(browser, 'export-close');
    await browser.$(ui.byTestId('export-dialog')).waitForExist({ reverse: true, timeout: 5000 });
    return leftText;
  }

  before(async () => {
    home = h.makeAppHome('e2e-triage');
    out = path.join(home.base, 'deliverables');
    fs.mkdirSync(out);
    driver = await h.startDriver(home, { logName: 'triage-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('pick three draft findings: a click, then two Ctrl-clicks', async () => {
    browser = await h.launchApp(driver);
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-findings');
    s.drafts = await h.waitFor(
      () => browser.execute(() => [...document.querySelectorAll('[data-testid="finding-row"][data-state="draft"]')].map((r) => r.getAttribute('data-id'))),
      { what: 'the demo draft findings' },
    );
    assert.ok(s.drafts.length >= 3, `three drafts in the demo: ${s.drafts}`);
    s.ids = s.drafts.slice(0, 3);
    s.titles = await browser.execute((ids) => ids.map((id) => document.querySelector(`[data-testid="finding-row"][data-id="${id}"] .tle-finding-title`)?.textContent), s.ids);
    const assets = await browser.execute(() => [...document.querySelectorAll('[data-testid="finding-asset"]')].map((a) => a.textContent));
    assert.ok(assets.length > 0 && assets.every((a) => a.trim() !== ''), `every finding shows its asset: ${assets}`);

    await (await browser.$(rowSel(s.ids[0]))).click();
    await ui.clickWith(browser, rowSel(s.ids[1]), CONTROL);
    await ui.clickWith(browser, rowSel(s.ids[2]), CONTROL);
    const bulk = await ui.testId(browser, 'findings-bulk');
    assert.match(await bulk.getText(), /^3 findings selected/);
  });

  step('move them to Mitigated in one step, with who and why once', async () => {
    const before = await ui.version(browser);
    await ui.clickTestId(browser, 'findings-bulk-move-mitigated');
    const by = await ui.testId(browser, 'finding-move-by');
    if (!(await by.getValue())) {
      const first = await browser.execute(() => [...document.querySelectorAll('[data-testid="finding-move-by"] option')].map((o) => o.value).find(Boolean));
      await by.selectByAttribute('value', first);
    }
    await (await ui.testId(browser, 'finding-move-comment')).setValue('Fixed in release 4.2');
    await ui.clickTestId(browser, 'finding-move-confirm');
    await ui.waitVersionAfter(browser, before, 'the bulk move');
    await h.waitFor(async () => (await states(s.ids)).every((st) => st === 'mitigated'), { what: 'the three rows mitigated' });
    assert.equal(Number(await ui.version(browser)), Number(before) + 1, 'one op, one version: one undoable step');
    await h.saveScreenshot(browser, 'findings-bulk-moved');
  });

  step('the overview and the threat list say 3 mitigated', async () => {
    await ui.clickTestId(browser, 'section-overview');
    await h.waitFor(async () => (await (await ui.testId(browser, 'four-mitigated')).getText()) === '3', { what: 'the overview: 3 mitigated' });
    await ui.clickTestId(browser, 'view-diagram');
    if (!(await browser.$(ui.byTestId('panel-tab-threats')).isDisplayed())) await ui.clickTestId(browser, 'toggle-threat-panel');
    await ui.clickTestId(browser, 'panel-tab-threats');
    await ui.testId(browser, 'threat-list');
    const mitigated = await h.waitFor(
      async () => {
        const cells = await browser.execute(() => [...document.querySelectorAll('[data-testid="threat-row"] td.is-status')].map((c) => c.textContent));
        return cells.length > 0 && cells.filter((c) => c === 'Mitigated').length;
      },
      { what: 'the threat list rows' },
    );
    assert.equal(mitigated, 3);
  });

  step('a draft found not to apply is closed as a false positive at once', async () => {
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-findings');
    s.fp = s.drafts[3];
    s.fpTitle = await browser.execute((id) => document.querySelector(`[data-testid="finding-row"][data-id="${id}"] .tle-finding-title`)?.textContent, s.fp);
    await (await browser.$(rowSel(s.fp))).click();
    await ui.clickTestId(browser, 'finding-move-false_positive');
    const before = await ui.version(browser);
    const by = await ui.testId(browser, 'finding-move-by');
    if (!(await by.getValue())) {
      const first = await browser.execute(() => [...document.querySelectorAll('[data-testid="finding-move-by"] option')].map((o) => o.value).find(Boolean));
      await by.selectByAttribute('value', first);
    }
    await ui.clickTestId(browser, 'finding-move-confirm');
    await ui.waitVersionAfter(browser, before, 'the false positive');
    await h.waitFor(async () => (await states([s.fp]))[0] === 'false_positive', { what: 'the row marked false positive' });
  });

  step('the spreadsheet says 3 mitigated and leaves the false positive out; the summary lists none of them among its top risks', async () => {
    const xlsx = path.join(out, 'findings.xlsx');
    const left = await exportTo('xlsx', xlsx);
    assert.equal(left, 'Leaves out 1 false positive', 'the dialog says what the defaults exclude');
    const [header, ...rows] = sheetRows(xlsx, 1);
    const col = header.indexOf('Status');
    assert.ok(col >= 0, `a Status column: ${header}`);
    assert.equal(rows.filter((r) => r[col] === 'Mitigated').length, 3);
    assert.equal(header.filter((c) => /state/i.test(c)).length, 0, 'one status column, not two');
    assert.equal(rows.filter((r) => r[col] === 'False positive').length, 0, 'no false positive delivered by default');

    const md = path.join(out, 'summary.md');
    await exportTo('summary_markdown', md);
    const text = fs.readFileSync(md, 'utf8');
    const top = text.split('\n## Top risks')[1]?.split('\n## ')[0];
    assert.ok(top !== undefined, 'a Top risks section');
    for (const title of s.titles) assert.ok(!top.includes(title), `“${title}” is mitigated: not a top risk`);
    assert.ok(s.fpTitle && !text.includes(s.fpTitle), `the false positive “${s.fpTitle}” is nowhere in the summary`);
  });
});
