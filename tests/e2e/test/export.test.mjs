// Deliverables from the app (issue 5), in the real app under Xvfb: on the demo
// engagement, File → Export… shows the findings count and "first delivery";
// the spreadsheet is written to a typed path and recorded as delivered; the
// dialog (reopened with Ctrl+E) then counts changes since that delivery; the
// PDF report and the diagrams folder are written; a bad folder is an inline
// error; presenter mode closes the dialog and keeps it closed.
//
// "Export diagram as SVG/PNG…" goes through the native save dialog, which
// WebDriver cannot drive: the `export_diagram` command is covered by the IPC
// tests (src-tauri/src/ipc_tests.rs), and the same SVG renderer by the
// "Diagrams (SVG folder)" export here.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const LABEL = 'Report v1 to Payslip Co';

describe('export from the app: spreadsheet recorded as a delivery, then the PDF report and the diagrams', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  let out;

  const { step, failed } = h.steps('export', () => browser);

  const text = async (id) => (await ui.testId(browser, id)).getText();

  /** Replaces the destination with `dest` (typed, as a user would). */
  async function typePath(dest) {
    await ui.clickTestId(browser, 'export-path');
    await ui.replaceText(browser, dest);
    await h.waitFor(async () => (await (await ui.testId(browser, 'export-path')).getValue()) === dest, { what: 'the typed path' });
  }

  /** Clicks Export and waits for the written path (or fails with the inline error). */
  async function exportAndWait() {
    await h.waitFor(async () => (await ui.testId(browser, 'export-submit')).isEnabled(), { what: 'Export to be enabled' });
    await ui.clickTestId(browser, 'export-submit');
    return h.waitFor(
      async () => {
        const err = await browser.$(ui.byTestId('export-error'));
        if (await err.isExisting()) throw new Error(`export failed: ${await err.getText()}`);
        const res = await browser.$(ui.byTestId('export-result-path'));
        return (await res.isExisting()) && res.getText();
      },
      { timeout: 30_000, what: 'the export result' },
    );
  }

  const head = (file, n) => fs.readFileSync(file).subarray(0, n).toString('latin1');

  before(async () => {
    home = h.makeAppHome('e2e-export');
    out = path.join(home.base, 'deliverables');
    fs.mkdirSync(out);
    driver = await h.startDriver(home, { logName: 'export-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('File → Export… counts the demo findings; nothing delivered yet', async () => {
    browser = await h.launchApp(driver);
    await browser.setWindowSize(1280, 720); // the screen-share size the dialog must fit
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-export');
    await ui.testId(browser, 'export-dialog');
    const preview = await h.waitFor(async () => {
      const t = await text('export-preview');
      return /^\d+ findings?/.test(t) && t;
    }, { what: 'the findings count' });
    assert.match(preview, /^[1-9]\d* findings?: /, 'the demo has rated findings');
    assert.match(await text('export-changes'), /^First delivery/);
    const dest = await (await ui.testId(browser, 'export-path')).getValue();
    assert.match(dest, / — report v1\.pdf$/, `default destination beside the engagement: ${dest}`);
    await h.saveScreenshot(browser, 'export-dialog');
  });

  step('Spreadsheet (XLSX) to a typed path, recorded as a delivery', async () => {
    await ui.clickTestId(browser, 'export-format-xlsx');
    assert.match(await (await ui.testId(browser, 'export-path')).getValue(), / — findings v1\.xlsx$/, 'the default follows the format');
    const file = path.join(out, 'findings.xlsx');
    await typePath(file);
    await ui.clickTestId(browser, 'export-record');
    const label = await ui.testId(browser, 'export-label');
    await h.waitFor(() => label.isEnabled(), { what: 'the delivery name field' });
    assert.equal(await label.getValue(), 'Report v1');
    await label.click();
    await ui.replaceText(browser, LABEL);

    const before = await ui.version(browser);
    assert.equal(await exportAndWait(), file, 'the dialog shows the written path');
    assert.ok(fs.statSync(file).size > 0);
    assert.equal(head(file, 2), 'PK', 'an XLSX is a zip');
    await ui.waitVersionAfter(browser, before, 'the delivery to reach the window');
    await h.waitFor(async () => (await text('export-changes')).startsWith(`Since ${LABEL}`), { what: 'the preview to count from the delivery' });
    const fits = await browser.execute(() => {
      const r = document.querySelector('[data-testid="export-dialog"]').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(fits, 'the whole dialog, result included, fits the window');
    await h.saveScreenshot(browser, 'export-dialog-done');
  });

  step('reopened with Ctrl+E, the dialog counts changes since the delivery', async () => {
    await ui.clickTestId(browser, 'export-close');
    await browser.$(ui.byTestId('export-dialog')).waitForExist({ reverse: true, timeout: 5000 });
    await browser.keys(['Control', 'e']);
    await ui.testId(browser, 'export-dialog');
    const changes = await h.waitFor(async () => {
      const t = await text('export-changes');
      return t.startsWith('Since') && t;
    }, { what: 'the changes line' });
    assert.match(changes, new RegExp(`^Since ${LABEL} \\(\\d{4}-\\d{2}-\\d{2}\\): 0 new, 0 changed, 0 removed$`));
    const record = await browser.$(`${ui.byTestId('export-record')} input`);
    assert.equal(await record.isSelected(), false, 'recording is a choice made each time');
    assert.equal(await (await ui.testId(browser, 'export-label')).getValue(), 'Report v2');
  });

  step('the PDF report', async () => {
    await ui.clickTestId(browser, 'export-format-report_pdf');
    assert.match(await (await ui.testId(browser, 'export-path')).getValue(), / — report v2\.pdf$/);
    const file = path.join(out, 'report.pdf');
    await typePath(file);
    assert.equal(await exportAndWait(), file);
    assert.equal(head(file, 5), '%PDF-');
  });

  step('a missing folder is an error in the dialog, and nothing is recorded', async () => {
    const before = await ui.version(browser);
    await typePath(path.join(out, 'missing', 'report.pdf'));
    await ui.clickTestId(browser, 'export-record');
    await ui.clickTestId(browser, 'export-submit');
    const err = await h.waitFor(async () => {
      const el = await browser.$(ui.byTestId('export-error'));
      return (await el.isExisting()) && el.getText();
    }, { what: 'the inline error' });
    assert.match(err, /^Export failed: .*missing/);
    assert.equal(await ui.version(browser), before, 'no delivery recorded');
    await ui.clickTestId(browser, 'export-record');
  });

  step('Jira (CSV) with the keys from a Jira export: an Issue key column for a re-import that updates', async () => {
    await ui.clickTestId(browser, 'export-format-jira_csv');
    const first = path.join(out, 'jira.csv');
    await typePath(first);
    assert.equal(await exportAndWait(), first);
    const id = fs.readFileSync(first, 'utf8').match(/"([0-9a-f]{12}-t\d+)"/)?.[1];
    assert.ok(id, 'a Threatloom ID in the CSV');
    const jira = path.join(out, 'jira-export.csv');
    fs.writeFileSync(jira, `Issue key,Summary,Custom field (Threatloom ID)\nSEC-12,x,${id}\n`);
    const keys = await ui.testId(browser, 'export-jira-keys');
    await keys.click();
    await keys.addValue(jira);
    const again = path.join(out, 'jira-update.csv');
    await typePath(again);
    assert.equal(await exportAndWait(), again);
    const text = fs.readFileSync(again, 'utf8');
    assert.ok(text.startsWith('"Issue key",'), text.slice(0, 80));
    assert.ok(text.includes('"SEC-12"'));
  });

  step('Diagrams (SVG folder): one drawing per diagram', async () => {
    await ui.clickTestId(browser, 'export-format-diagrams_svg');
    const dir = path.join(out, 'diagrams');
    await typePath(dir);
    assert.equal(await exportAndWait(), dir);
    const svgs = fs.readdirSync(dir).filter((f) => f.endsWith('.svg'));
    assert.ok(svgs.length >= 1, `SVG files in ${dir}: ${svgs}`);
    assert.match(fs.readFileSync(path.join(dir, svgs[0]), 'utf8'), /<svg[\s>]/);
  });

  step('presenter mode closes the dialog, and Ctrl+E does not open it there', async () => {
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !!document.querySelector('[data-presenting="true"]')), { what: 'presenter mode' });
    assert.equal(await browser.$(ui.byTestId('export-dialog')).isExisting(), false);
    await browser.keys(['Control', 'e']);
    await h.sleep(300);
    assert.equal(await browser.$(ui.byTestId('export-dialog')).isExisting(), false);
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !document.querySelector('[data-presenting="true"]')), { what: 'presenter mode to end' });
    assert.equal(await browser.$(ui.byTestId('export-dialog')).isExisting(), false, 'it stays closed');
  });
});
