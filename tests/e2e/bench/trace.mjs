// Where an add's time goes (`npm run bench:trace`, after `make ui-bench` built
// the release app and the big_engagement example): opens an engagement of
// N nodes (default 1,000) + 1.5 N flows + 20 boundaries in the release app under
// Xvfb, clicks the palette's Process button ADDS times (default 5), 0.7 s
// apart, and prints for each the page's performance marks (ms after the click;
// see ui/README.md, "Tracing") and every frame in the 500 ms after it
// (`at:gap`, ms), then the size of the snapshot and of a derived answer.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import * as h from '../lib/harness.mjs';

const N = Number(process.env.N ?? 1000);
const ADDS = Number(process.env.ADDS ?? 5);
process.env.THREATLOOM_APP ??= path.join(h.ROOT, 'target/release/threatloom-app');
const file = path.join(os.tmpdir(), `threatloom-trace-${N}.threatmodel`);
execFileSync(path.join(h.ROOT, 'target/release/examples/big_engagement'), [file, String(N), String(Math.round(N * 1.5)), '20']);

/** Runs in the page: one add, its marks and frames. */
function oneAdd(done) {
  window.__threatloomTrace = true;
  performance.clearMarks();
  const t0 = performance.now();
  const frames = [];
  let last = t0;
  const tick = () => {
    const now = performance.now();
    frames.push(`${Math.round(now - t0)}:${Math.round(now - last)}`);
    last = now;
    if (now - t0 < 500) requestAnimationFrame(tick);
    else done({ marks: performance.getEntriesByType('mark').map((m) => `${m.name}@${Math.round(m.startTime - t0)}`), frames });
  };
  document.querySelector('[data-testid="tool-process"]').click();
  requestAnimationFrame(tick);
}

/** Runs in the page: the sizes (JSON characters) of a snapshot and a derived answer. */
function sizes(done) {
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const out = {};
  invoke('current')
    .then((snap) => {
      out.snapshot = JSON.stringify(snap).length;
      const query = { diagram_id: snap.diagrams[0]?.id ?? null, element_id: null, all_suggestions: false, engagement: false, coverage_rows: false };
      return invoke('derived', { query });
    })
    .then((d) => {
      out.derived = JSON.stringify(d).length;
      for (const [k, v] of Object.entries(d)) if (v && typeof v === 'object') out[`derived.${k}`] = JSON.stringify(v).length;
      done(out);
    })
    .catch((e) => done({ error: String(e) }));
}

const home = h.makeAppHome('trace');
const driver = await h.startDriver(home, { logName: 'trace-driver' });
try {
  const browser = await h.launchApp(driver, { args: [file] });
  await browser.setTimeout({ script: 60_000 });
  await h.sleep(3000); // the first frames and reads settle
  for (let i = 0; i < ADDS; i++) {
    await browser.keys(['Escape']); // leaves the last new element's name editor
    await h.sleep(700);
    const r = await browser.executeAsync(oneAdd);
    console.log(r.marks.join(' '));
    console.log(`  frames ${r.frames.join(' ')}`);
  }
  console.log(await browser.executeAsync(sizes));
  await h.quitApp(browser, driver);
} finally {
  await h.stopDriver(driver);
}
