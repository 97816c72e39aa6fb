// The command palette in the real app (`npm run bench:palette`, part of
// `make ui-bench`): an engagement of 10,000 elements (4,000 nodes + 5,960
// flows + 40 boundaries) opened, Ctrl+K, queries typed one key at a time
// through WebDriver. Per keystroke, measured in the page: from the input event
// reaching the window (before React) to the same event leaving it, React
// having searched, rendered and committed the rows, plus the style and layout
// that follow (forced there) — what one keystroke costs before paint. Also
// the time from Ctrl+K to the palette drawn (the index built the first time).
//
// Env: THREATLOOM_APP (default target/debug/threatloom-app; make ui-bench
// gives the release build), BIG_ENGAGEMENT (the big_engagement example
// binary; default: cargo run --release), PALETTE_ROUNDS (default 3).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const QUERIES = ['element 12', 'zone', 'elem 9 9', 'export'];
const ROUNDS = Number(process.env.PALETTE_ROUNDS ?? 3);

function generate(file) {
  const args = [file, '4000', '5960', '40'];
  const bin = process.env.BIG_ENGAGEMENT ? path.resolve(process.env.BIG_ENGAGEMENT) : null;
  return (
    bin
      ? execFileSync(bin, args, { encoding: 'utf8' })
      : execFileSync('cargo', ['run', '-q', '--release', '-p', 'threatloom', '--example', 'big_engagement', '--', ...args], { cwd: h.ROOT, encoding: 'utf8' })
  ).trim();
}

/** In the page: records each input event's cost (capture at the window, before React, to bubble at the window, after it, layout forced). */
function installMeter() {
  window.__paletteKeys = [];
  let t0 = 0;
  window.addEventListener('input', () => (t0 = performance.now()), true);
  window.addEventListener('input', () => {
    void document.body.offsetHeight;
    window.__paletteKeys.push(performance.now() - t0);
  });
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
};
const f = (x) => `${x.toFixed(1)} ms`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatloom-palette-'));
const file = path.join(dir, 'palette-10000.threatmodel');
console.log(`palette in the app: ${path.relative(process.cwd(), h.APP)}, ${os.cpus().length} cores`);
console.log(`  ${generate(file)}`);
const home = h.makeAppHome('bench-palette');
const driver = await h.startDriver(home, { logName: 'bench-palette-driver' });
let browser;
try {
  browser = await h.launchApp(driver, { args: [file], readyTimeout: 180_000 });
  await h.waitFor(() => browser.execute(() => document.querySelectorAll('.react-flow__node').length > 20), { timeout: 120_000, what: 'the big diagram drawn' });
  await browser.execute(installMeter);
  const opens = [];
  const perQuery = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const t0 = Date.now();
      await browser.keys(['Control', 'k']);
      await ui.testId(browser, 'command-search', { timeout: 60_000 });
      opens.push(Date.now() - t0);
      await browser.execute(() => (window.__paletteKeys = []));
      await ui.typeText(browser, q);
      await h.waitFor(() => browser.execute((n) => window.__paletteKeys.length >= n, q.length), { what: `${q.length} keystrokes measured` });
      const keys = await browser.execute(() => window.__paletteKeys);
      perQuery.set(q, [...(perQuery.get(q) ?? []), ...keys]);
      if (round === 0 && q === QUERIES[0]) await h.saveScreenshot(browser, 'bench-palette-10000');
      await browser.keys('Escape');
      await browser.$(ui.byTestId('command-palette')).waitForExist({ reverse: true, timeout: 10_000 });
    }
  }
  const all = [...perQuery.values()].flat();
  console.log(`  Ctrl+K to the palette shown (WebDriver round trips included): median ${f(pct(opens, 0.5))}, max ${f(Math.max(...opens))} (first: ${f(opens[0])}, the index built)`);
  console.log(`  per keystroke (search + render + commit + layout), ${ROUNDS} rounds:`);
  for (const [q, xs] of perQuery) console.log(`    ${JSON.stringify(q).padEnd(14)} median ${f(pct(xs, 0.5))}, p95 ${f(pct(xs, 0.95))}, max ${f(Math.max(...xs))}`);
  console.log(`    all ${all.length} keys     median ${f(pct(all, 0.5))}, p95 ${f(pct(all, 0.95))}, max ${f(Math.max(...all))}`);
} finally {
  if (browser) await h.quitApp(browser, driver).catch(() => {});
  await h.stopDriver(driver);
  fs.rmSync(home.base, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
