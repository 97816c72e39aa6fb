// One edit, at most one read per window: with the note-taker open, adding a
// process in the main window costs one write (`apply_op`), whose answer brings
// the main window's derived views (no read there), and one `derived` read in the
// note-taker, and no other read command. The UI's sync module counts every IPC
// call it makes by command in `window.__threatloomIpc`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

/** Calls that change something (or tell the core something): not reads. */
const WRITES = new Set(['applyOp', 'select']);

/** Time for the debounced read (100 ms, 400 on a big engagement) and its answer. */
const SETTLE_MS = 1500;

describe('one edit, at most one derived read per window', { timeout: 180_000 }, () => {
  let home;
  let driver;
  let browser;
  const w = {}; // window handles: main, notes

  before(async () => {
    home = h.makeAppHome('e2e-sync');
    driver = await h.startDriver(home, { logName: 'sync-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  const counts = async (handle) => {
    await browser.switchToWindow(handle);
    return browser.execute(() => ({ ...(window.__threatloomIpc ?? {}) }));
  };
  const reads = (beforeCounts, afterCounts) => {
    const out = {};
    for (const [name, n] of Object.entries(afterCounts)) {
      const d = n - (beforeCounts[name] ?? 0);
      if (d > 0 && !WRITES.has(name)) out[name] = d;
    }
    return out;
  };

  it('adding a process: the write brings the main window its views, the note-taker reads them once', async (t) => {
    try {
      browser = await h.launchApp(driver);
      w.main = await browser.getWindowHandle();
      await ui.clickTestId(browser, 'menu-window');
      await ui.clickTestId(browser, 'menuitem-note-taker');
      const handles = await h.waitFor(async () => {
        const all = await browser.getWindowHandles();
        return all.length === 2 && all;
      }, { what: 'the note-taker window' });
      w.notes = handles.find((x) => x !== w.main);
      await browser.switchToWindow(w.notes);
      await h.waitForReady(browser);
      assert.ok(await browser.execute(() => !!window.__threatloomIpc), 'the note-taker counts its IPC calls');
      await browser.switchToWindow(w.main);
      assert.ok(await browser.execute(() => !!window.__threatloomIpc), 'the main window counts its IPC calls');

      // Both windows settled: every start-up read answered.
      await h.sleep(SETTLE_MS);
      const before = { main: await counts(w.main), notes: await counts(w.notes) };

      // One canvas edit in the main window.
      await browser.switchToWindow(w.main);
      const v0 = await ui.version(browser);
      await ui.clickTestId(browser, 'tool-process');
      const v1 = await ui.waitVersionAfter(browser, v0, 'the process to be added');
      await browser.switchToWindow(w.notes);
      await h.waitFor(async () => (await ui.version(browser)) === v1, { what: 'the note-taker to see the change' });
      await h.sleep(SETTLE_MS);

      const afterCounts = { main: await counts(w.main), notes: await counts(w.notes) };
      const main = reads(before.main, afterCounts.main);
      const notes = reads(before.notes, afterCounts.notes);
      t.diagnostic(`main: ${JSON.stringify(main)}; note-taker: ${JSON.stringify(notes)}`);
      assert.equal((afterCounts.main.applyOp ?? 0) - (before.main.applyOp ?? 0), 1, 'one write');
      assert.deepEqual(main, {}, 'the main window: no read (its views came with the write)');
      // The note-taker shows the sessions (the core's summaries): it reads them once too.
      assert.deepEqual(notes, { derived: 1 }, 'the note-taker: exactly one derived read, no other read');
    } catch (e) {
      if (browser) await h.saveScreenshot(browser, 'failed-sync').catch(() => {});
      throw e;
    }
  });
});
