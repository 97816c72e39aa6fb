// Models from other tools in the app (issue 10), in the real app under Xvfb:
// File → Import… reads a Microsoft Threat Modeling Tool `.tm7` and shows its
// report before anything is written (counts equal to what the file holds,
// counted here from the XML), then creates an engagement beside it and shows
// the diagram; a zip named .tm7 is refused in the dialog with one line; File →
// Import into this engagement… adds a Threat Dragon model as a new tab, and
// Ctrl+Z on the canvas takes it back in one step; File → Export to another tool
// → Threat Dragon… writes a file that parses and holds the diagram.
//
// The fixtures are copied to a temporary folder first: an import writes its
// engagement beside the source, and the fixtures' folder is read-only.
//
// "Choose…" opens the native file dialog, which WebDriver cannot drive: the
// tests type the path into the dialog's field, as a user may.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';
import { threatDragonContents, tm7Contents } from '../lib/models.mjs';

const FIXTURES = path.resolve(h.ROOT, '../shared/fixtures');
const KEYS = ['diagrams', 'entities', 'processes', 'stores', 'flows', 'boundaries', 'threats'];

describe('import from other tools: a .tm7 as a new engagement, a Threat Dragon model into it and undone, a Threat Dragon export', { timeout: 400_000 }, () => {
  let home;
  let driver;
  let browser;
  let models;
  let out;
  const s = {}; // what the steps found

  const { step, failed } = h.steps('import', () => browser, { timeout: 90_000 });

  const text = async (id) => (await ui.testId(browser, id)).getText();
  /** The files in the models folder, without SQLite's own beside the open engagement (-wal, -shm). */
  const files = () => fs.readdirSync(models).filter((f) => !/-(wal|shm)$/.test(f)).sort();
  const hash = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const tabs = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="diagram-tab"]')].map((t) => ({
        id: t.getAttribute('data-id'),
        name: t.querySelector('.tl-tab-label')?.textContent ?? '',
        active: t.getAttribute('aria-selected') === 'true',
      })),
    );
  const labels = async () => (await ui.nodes(browser)).map((n) => n.label);
  const edgeLabels = async () => (await ui.edges(browser)).map((e) => e.label);

  /** Opens File → `item`, types `file` into the dialog and reads it (Enter). */
  /** A toast stays a few seconds where a dialog's buttons may be: closed, as a user would. */
  async function dismissToasts() {
    for (const close of await browser.$$('[data-testid="toast"] .tl-toast-close')) await close.click();
  }

  async function readInDialog(item, file) {
    await dismissToasts();
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, item);
    await ui.testId(browser, 'import-dialog');
    const field = await ui.clickTestId(browser, 'import-path');
    await ui.replaceText(browser, file);
    await h.waitFor(async () => (await field.getValue()) === file, { what: 'the typed path' });
    await browser.keys('Enter');
  }

  /** Waits for the report; a refusal fails at once, with the dialog's line. */
  async function waitReport() {
    const seen = await h.waitFor(
      async () => {
        const err = await browser.$(ui.byTestId('import-error'));
        if (await err.isExisting()) return { refused: await err.getText() };
        return (await browser.$(ui.byTestId('import-report')).isExisting()) && { report: true };
      },
      { timeout: 30_000, what: 'the import report' },
    );
    if (seen.refused) throw new Error(`import refused: ${seen.refused}`);
  }

  /** The counts the report shows, as numbers. */
  async function shownCounts() {
    const c = {};
    for (const k of KEYS) c[k] = Number(await (await ui.testId(browser, `import-count-${k}`)).getAttribute('data-n'));
    return c;
  }

  before(async () => {
    home = h.makeAppHome('e2e-import');
    models = path.join(home.base, 'models');
    out = path.join(home.base, 'out');
    fs.mkdirSync(models);
    fs.mkdirSync(out);
    for (const f of ['mtmt/MTMT_MVP.tm7', 'mtmt/mtmt-invalid-format-zip.tm7', 'threat-dragon/three-tier-web-app.json']) {
      fs.copyFileSync(path.join(FIXTURES, f), path.join(models, path.basename(f)));
    }
    s.tm7 = path.join(models, 'MTMT_MVP.tm7');
    s.zip = path.join(models, 'mtmt-invalid-format-zip.tm7');
    s.td = path.join(models, 'three-tier-web-app.json');
    s.tm7Hash = hash(s.tm7);
    s.sources = fs.readdirSync(models).sort();
    driver = await h.startDriver(home, { logName: 'import-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('File → Import… reads the .tm7 and shows its report; nothing is written yet', async () => {
    browser = await h.launchApp(driver);
    await browser.setWindowSize(1280, 720); // the screen-share size the dialog must fit
    const want = tm7Contents(s.tm7);
    await readInDialog('menuitem-import', s.tm7);
    await waitReport();
    assert.match(await text('import-format'), /^Microsoft Threat Modeling Tool model\b/);
    assert.deepEqual(await shownCounts(), want.counts, 'the counts are what the file holds');
    assert.match(await text('import-count-flows'), new RegExp(`^${want.counts.flows} data flows?$`));
    // Every group that shows has a line, and Dropped always shows (nothing, or what was lost).
    const groups = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="import-group-"]')].map((g) => ({
        outcome: g.getAttribute('data-testid').slice('import-group-'.length),
        total: Number(g.getAttribute('data-total')),
        lines: g.querySelectorAll('[data-testid="import-line"]').length,
        text: g.textContent,
      })),
    );
    assert.equal(groups[0].outcome, 'mapped', 'Mapped first');
    assert.ok(groups[0].lines > 0, 'something was mapped');
    const dropped = groups.find((g) => g.outcome === 'dropped');
    assert.ok(dropped, 'the Dropped group always shows');
    if (dropped.lines === 0) assert.equal(dropped.text, 'Dropped: nothing');
    assert.match(await text('import-note'), /^Creates MTMT_MVP\.threatmodel in .*; MTMT_MVP\.tm7 itself is not changed\.$/);
    assert.deepEqual(files(), s.sources, 'reading wrote nothing');
    const fits = await browser.execute(() => {
      const r = document.querySelector('[data-testid="import-dialog"]').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(fits, 'the whole dialog fits the window');
    await h.saveScreenshot(browser, 'import-report');
    s.want = want;
  });

  step('Create engagement: the new file beside the source opens, the diagram on the canvas', async () => {
    const created = path.join(models, 'MTMT_MVP.threatmodel');
    await ui.clickTestId(browser, 'import-submit');
    await browser.$(ui.byTestId('import-dialog')).waitForExist({ reverse: true, timeout: 30_000, timeoutMsg: 'the dialog to close' });
    await h.waitFor(
      async () => (await browser.execute(() => document.querySelector('.tl-status-path')?.getAttribute('title'))) === created,
      { what: 'the new engagement to be the open one' },
    );
    const toasts = await browser.execute(() => [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent));
    assert.ok(toasts.some((t) => t.includes(created)), `the path is shown: ${JSON.stringify(toasts)}`);
    assert.ok(fs.statSync(created).size > 0);
    assert.equal(hash(s.tm7), s.tm7Hash, 'the source is untouched');
    const t = await tabs();
    assert.deepEqual(t.map((x) => x.name), s.want.names.diagrams, 'one tab per diagram of the file');
    for (const name of s.want.names.stencils) await ui.waitNodeLabelled(browser, name);
    const flows = await edgeLabels();
    for (const name of s.want.names.connectors) assert.ok(flows.includes(name), `the flow ${name} is drawn: ${JSON.stringify(flows)}`);
    s.tabs = t;
    s.labels = (await labels()).sort();
    await h.saveScreenshot(browser, 'import-canvas');
  });

  step('a zip named .tm7 is refused in the dialog, in one line, and nothing is written', async () => {
    const before = files();
    await readInDialog('menuitem-import', s.zip);
    const err = await h.waitFor(async () => {
      const el = await browser.$(ui.byTestId('import-error'));
      return (await el.isExisting()) && el.getText();
    }, { what: 'the refusal' });
    assert.match(err, /zip/i);
    assert.doesNotMatch(err, /\n/, 'one line');
    assert.equal(await (await ui.testId(browser, 'import-submit')).isEnabled(), false, 'nothing to create');
    assert.equal(await browser.$(ui.byTestId('import-report')).isExisting(), false);
    await h.saveScreenshot(browser, 'import-refused');
    await ui.clickTestId(browser, 'import-cancel');
    await browser.$(ui.byTestId('import-dialog')).waitForExist({ reverse: true, timeout: 5000 });
    assert.deepEqual(files(), before);
  });

  step('File → Import into this engagement… adds the Threat Dragon diagram as a new tab, shown', async () => {
    const want = threatDragonContents(s.td);
    await readInDialog('menuitem-import-into', s.td);
    await waitReport();
    assert.match(await text('import-format'), /^Threat Dragon model\b/);
    assert.deepEqual(await shownCounts(), want.counts);
    assert.match(await text('import-note'), /^Adds 1 diagram to .* as new tabs: one step, undone with Ctrl\+Z\.$/);
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'import-submit');
    await browser.$(ui.byTestId('import-dialog')).waitForExist({ reverse: true, timeout: 30_000, timeoutMsg: 'the dialog to close' });
    await ui.waitVersionAfter(browser, v, 'the import');
    const t = await h.waitFor(async () => {
      const now = await tabs();
      return now.length === s.tabs.length + want.counts.diagrams && now;
    }, { what: 'the new tab' });
    const active = t.find((x) => x.active);
    assert.ok(!s.tabs.some((x) => x.id === active.id), 'the new diagram is shown');
    assert.equal(active.name, want.diagrams[0]);
    for (const name of want.names) await ui.waitNodeLabelled(browser, name);
    const undo = await ui.testId(browser, 'undo');
    assert.match(await undo.getAttribute('title'), /^Undo import\b/i, 'one step, named "Import …"');
    assert.deepEqual(files(), [...s.sources, 'MTMT_MVP.threatmodel'].sort(), 'no file beside the source');
    s.tdNames = want.names;
  });

  step('Ctrl+Z on the canvas takes the whole import back: the tab is gone, the engagement as before', async () => {
    const pane = await ui.paneRect(browser);
    await ui.clickAt(browser, { x: pane.left + 12, y: pane.bottom - 12 });
    const v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await ui.waitVersionAfter(browser, v, 'the undo');
    const t = await h.waitFor(async () => {
      const now = await tabs();
      return now.length === s.tabs.length && now;
    }, { what: 'the imported tab to go' });
    assert.deepEqual(t.map((x) => [x.id, x.name]), s.tabs.map((x) => [x.id, x.name]));
    await h.waitFor(async () => JSON.stringify((await labels()).sort()) === JSON.stringify(s.labels), { what: 'the first diagram as before' });
    const undo = await ui.testId(browser, 'undo');
    assert.equal(await undo.isEnabled(), false, 'one step: nothing more to undo on the canvas');
    const redo = await ui.testId(browser, 'redo');
    assert.match(await redo.getAttribute('title'), /^Redo import\b/i);
  });

  step('File → Export to another tool → Threat Dragon… writes a file that parses and holds the diagram', async () => {
    await dismissToasts();
    await ui.clickTestId(browser, 'menu-file');
    await ui.clickTestId(browser, 'menuitem-export-model');
    await ui.clickTestId(browser, 'menuitem-export-threat-dragon');
    await ui.testId(browser, 'export-dialog');
    assert.equal(await (await ui.testId(browser, 'export-format-threat_dragon')).getAttribute('aria-checked'), 'true');
    await ui.testId(browser, 'export-whole-model');
    const dest = await h.waitFor(async () => (await ui.testId(browser, 'export-path')).getValue(), { what: 'the default destination' });
    assert.match(dest, / — Threat Dragon v\d+\.json$/, dest);
    await ui.clickTestId(browser, 'export-format-otm_json');
    assert.match(await (await ui.testId(browser, 'export-path')).getValue(), /\.otm\.json$/);
    await ui.clickTestId(browser, 'export-format-otm_yaml');
    assert.match(await (await ui.testId(browser, 'export-path')).getValue(), /\.yaml$/);
    await ui.clickTestId(browser, 'export-format-threat_dragon');

    const file = path.join(out, 'model.json');
    await ui.clickTestId(browser, 'export-path');
    await ui.replaceText(browser, file);
    await h.waitFor(async () => (await (await ui.testId(browser, 'export-path')).getValue()) === file, { what: 'the typed path' });
    await h.saveScreenshot(browser, 'import-export-threat-dragon');
    await ui.clickTestId(browser, 'export-submit');
    const written = await h.waitFor(
      async () => {
        const err = await browser.$(ui.byTestId('export-error'));
        if (await err.isExisting()) throw new Error(`export failed: ${await err.getText()}`);
        const res = await browser.$(ui.byTestId('export-result-path'));
        return (await res.isExisting()) && res.getText();
      },
      { timeout: 30_000, what: 'the export result' },
    );
    assert.equal(written, file);
    const model = JSON.parse(fs.readFileSync(file, 'utf8'));
    const diagrams = model.detail?.diagrams ?? [];
    assert.deepEqual(diagrams.map((d) => d.title), s.want.names.diagrams, 'the one diagram left after the undo');
    const names = diagrams.flatMap((d) => d.cells ?? []).map((c) => c.data?.name);
    for (const name of [...s.want.names.stencils, ...s.want.names.connectors]) assert.ok(names.includes(name), `${name} is in the export`);
    for (const name of s.tdNames) assert.ok(!names.includes(name), `the undone import's ${name} is not`);
    await ui.clickTestId(browser, 'export-close');
  });
});
