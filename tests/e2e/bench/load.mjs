// UI load benchmark (`make bench`, or `npm run bench` here): the real app under
// Xvfb through tauri-driver, opening a large engagement named on its command
// line; measures the time until the canvas is drawn and stable.
//
//   launch: from the WebDriver session request (the app process starting) to
//           the canvas drawn and stable;
//   reload: from a navigation (page reload, the app process already running)
//           to the canvas drawn and stable;
//   open:   in the running app, from choosing the engagement in File → Recent
//           (a small engagement open before) to the canvas drawn and stable;
//   edit:   in the running app, from a click on the palette's Process button
//           (one add_element op) to the frame after the window has adopted the
//           core's derived views for that version (risk, badges, coverage,
//           analysis, suggestions: every view updated);
//   frame:  in the same edits, the longest frame (gap between animation
//           frames) in the 400 ms after the click: a hitch shows here.
//
// "Drawn and stable": the root carries data-ready="true", no node is still
// hidden waiting for its measurement, and the counts of drawn nodes and edges
// are the same over two animation frames. The UI mounts only what is in view
// above a size threshold, so the counts are those drawn, printed beside.
//
// Env: THREATLOOM_APP (the app binary, default target/release/threatloom-app),
// BIG_ENGAGEMENT (the big_engagement example binary; default: cargo run),
// BENCH_LAUNCHES (default 3), BENCH_RELOADS and BENCH_OPENS (default 3 per launch), BENCH_NODES
// (only the case with that many nodes, e.g. 1000).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from '../lib/harness.mjs';

const CASES = [
  { name: '1,000 nodes + 1,500 flows + 20 boundaries', nodes: 1000, flows: 1500, boundaries: 20 },
  { name: '10,000 elements (4,000 nodes + 5,960 flows + 40 boundaries)', nodes: 4000, flows: 5960, boundaries: 40 },
];
const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 3);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 3);
const OPENS = Number(process.env.BENCH_OPENS ?? 3);
const EDITS = Number(process.env.BENCH_EDITS ?? 10);

/** Runs in the page: clicks the palette's Process button and resolves with the
 *  ms until the frame after the next derived answer was adopted (`views`), and
 *  the longest frame in the 400 ms after the click (`frame`: the longest gap
 *  between animation frames, the click to the first frame included; one frame
 *  at 60 Hz is 16.7 ms). */
function editToViews(done) {
  const t0 = performance.now();
  const seen = performance.getEntriesByName('threatloom-derived').length;
  let views = null;
  let frame = 0;
  let last = t0;
  const tick = () => {
    const now = performance.now();
    frame = Math.max(frame, now - last);
    last = now;
    if (views === null && performance.getEntriesByName('threatloom-derived').length > seen) {
      // The frame after the one that adopted the answer: it is on screen.
      return requestAnimationFrame(() => {
        views = performance.now() - t0;
        tick();
      });
    }
    if (views !== null && now - t0 >= 400) return done({ views, frame });
    if (now - t0 > 20_000) return done({ views: -1, frame });
    requestAnimationFrame(tick);
  };
  document.querySelector('[data-testid="tool-process"]').click();
  requestAnimationFrame(tick);
}

/** Chooses `file` in File → Recent, in the page (a WebDriver click would add
 *  its own latency); resolves to the page's clock at the choice. */
async function openRecent(browser, file) {
  await browser.execute(() => document.querySelector('[data-testid="menu-file"]')?.click());
  await browser.execute(() => document.querySelector('[data-testid="menuitem-recent"]')?.click());
  await h.waitFor(
    () => browser.execute((p) => [...document.querySelectorAll('[data-testid="menuitem-recent-file"]')].some((e) => e.title === p), file),
    { what: `${file} in File → Recent` },
  );
  return browser.execute((p) => {
    const item = [...document.querySelectorAll('[data-testid="menuitem-recent-file"]')].find((e) => e.title === p);
    const at = performance.now();
    item.click();
    return at;
  }, file);
}

if (!process.env.THREATLOOM_APP && !fs.existsSync(h.APP)) {
  console.error(`no app binary at ${h.APP}; run: make ui-bench (builds the release app)`);
  process.exit(1);
}

function generate(file, c) {
  const args = [file, String(c.nodes), String(c.flows), String(c.boundaries)];
  const bin = process.env.BIG_ENGAGEMENT ? path.resolve(process.env.BIG_ENGAGEMENT) : null;
  const out = bin
    ? execFileSync(bin, args, { encoding: 'utf8' })
    : execFileSync('cargo', ['run', '-q', '--release', '-p', 'threatloom', '--example', 'big_engagement', '--', ...args], {
        cwd: h.ROOT,
        encoding: 'utf8',
      });
  return out.trim();
}

/**
 * Runs in the page: resolves when the canvas is drawn and stable, with the
 * time (epoch ms and ms since navigation start) of the first frame that
 * showed the final state.
 */
function waitStable(limitMs, minNodes, done) {
  const started = performance.now();
  let last = null;
  let since = null;
  let same = 0;
  let first = true;
  let wasStableAtFirst = false;
  let readyAt = null;
  const tick = () => {
    const ready = !!document.querySelector('[data-ready="true"]');
    if (ready && readyAt === null) readyAt = performance.now();
    const nodes = document.querySelectorAll('.react-flow__node');
    let hidden = 0;
    for (const n of nodes) if (n.style.visibility === 'hidden') hidden++;
    const edges = document.querySelectorAll('.react-flow__edge').length;
    const now = performance.now();
    const key = ready && nodes.length >= minNodes && hidden === 0 ? `${nodes.length}/${edges}` : null;
    if (key !== null && key === last) {
      same++;
    } else {
      same = 0;
      since = now;
      wasStableAtFirst = first && key !== null;
    }
    first = false;
    last = key;
    if (key !== null && same >= 2) {
      return done({
        epoch: performance.timeOrigin + since,
        sinceNavigation: since,
        nodes: nodes.length,
        edges,
        upperBound: wasStableAtFirst,
        firstLook: started,
        readyAt,
        domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
        marks: performance.getEntriesByType('mark').map((m) => `${m.name}@${Math.round(m.startTime)}`),
      });
    }
    if (now - started > limitMs) return done({ timeout: true, key, ready, nodes: nodes.length, hidden, edges });
    requestAnimationFrame(tick);
  };
  tick();
}

async function stable(browser, minNodes = 1) {
  const r = await browser.executeAsync(waitStable, 170_000, minNodes);
  if (r.timeout) throw new Error(`the canvas did not become stable: ${JSON.stringify(r)}`);
  return r;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${Math.round(ms)} ms`;

async function measure(file) {
  const small = file.replace(/\.threatmodel$/, '-small.threatmodel');
  generate(small, { nodes: 6, flows: 6, boundaries: 1 });
  const launches = [];
  const reloads = [];
  const opens = [];
  const edits = [];
  const frames = [];
  let drawn;
  // One data/home directory per case: the first launch meets empty WebKit
  // caches (as after installing), the next ones warm caches (as every day).
  const home = h.makeAppHome('bench');
  for (let i = 0; i < LAUNCHES; i++) {
    const driver = await h.startDriver(home, { logName: 'bench-driver' });
    let browser;
    try {
      const t0 = Date.now();
      browser = await h.launchApp(driver, { args: [file], waitReady: false });
      await browser.setTimeout({ script: 180_000 });
      const r = await stable(browser);
      launches.push({ ms: r.epoch - t0, upperBound: r.upperBound, toNavigation: r.epoch - r.sinceNavigation - t0 });
      drawn = r;
      if (i === LAUNCHES - 1) {
        for (let j = 0; j < EDITS; j++) {
          // Escape leaves the new element's name editor; a moment between edits, as a person takes.
          await browser.keys(['Escape']);
          await browser.pause(150);
          const r = await browser.executeAsync(editToViews);
          if (r.views < 0) throw new Error('no derived answer after an edit');
          edits.push({ ms: r.views, upperBound: false });
          frames.push({ ms: r.frame, upperBound: false });
        }
      }
      for (let j = 0; j < RELOADS; j++) {
        await browser.refresh();
        const rr = await stable(browser);
        reloads.push({ ms: rr.sinceNavigation, upperBound: rr.upperBound, firstLook: rr.firstLook, readyAt: rr.readyAt, dcl: rr.domContentLoaded, marks: rr.marks });
      }
      // A small engagement (opened once through the core, so it is in Recent), then the big one.
      await browser.executeAsync((p, done) => window.__TAURI_INTERNALS__.invoke('open_engagement', { path: p }).then(done, done), small);
      for (let j = 0; j < OPENS; j++) {
        await openRecent(browser, small);
        await h.waitFor(() => browser.execute(() => document.querySelectorAll('.react-flow__node').length < 20), { what: 'the small engagement to open' });
        await stable(browser);
        const at = await openRecent(browser, file);
        const r = await stable(browser, 20);
        opens.push({ ms: r.sinceNavigation - at, upperBound: r.upperBound });
      }
      await h.saveScreenshot(browser, `bench-${path.basename(file, '.threatmodel')}`);
    } finally {
      if (browser) await h.quitApp(browser, driver).catch(() => {});
      await h.stopDriver(driver);
    }
  }
  fs.rmSync(home.base, { recursive: true, force: true });
  return { launches, reloads, opens, edits, frames, drawn };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatloom-bench-'));
console.log(`UI load benchmark: ${path.relative(process.cwd(), h.APP)}, ${os.cpus().length} cores, ` +
  `${LAUNCHES} launches × (1 + ${RELOADS} reloads) per case; the first launch of a case has empty WebKit caches`);
try {
  for (const c of CASES.filter((c) => !process.env.BENCH_NODES || String(c.nodes) === process.env.BENCH_NODES)) {
    const file = path.join(dir, `bench-${c.nodes}-${c.flows}-${c.boundaries}.threatmodel`);
    console.log(`\n${c.name}`);
    console.log(`  ${generate(file, c)}`);
    const { launches, reloads, opens, edits, frames, drawn } = await measure(file);
    const line = (what, xs) => {
      const ms = xs.map((x) => x.ms);
      const bound = xs.some((x) => x.upperBound) ? ' (some runs were already stable when first looked at: upper bounds)' : '';
      return `  ${what}: median ${fmt(median(ms))}, min ${fmt(Math.min(...ms))}, max ${fmt(Math.max(...ms))}` +
        ` [${ms.map(fmt).join(', ')}]${bound}`;
    };
    console.log(line('launch → drawn and stable', launches));
    console.log(`    of which launch → page navigation starts: ${launches.map((x) => fmt(x.toNavigation)).join(', ')}`);
    console.log(line('reload → drawn and stable', reloads));
    console.log(`    (ms after navigation: DOMContentLoaded / first looked / data-ready seen / stable: ${reloads
      .map((x) => `${Math.round(x.dcl)}/${Math.round(x.firstLook)}/${Math.round(x.readyAt)}/${Math.round(x.ms)}`)
      .join(', ')})`);
    if (opens.length) console.log(line('open from File → Recent → drawn and stable', opens));
    if (edits.length) console.log(line('edit (add a process) → every view updated', edits));
    if (frames.length) console.log(line('longest frame in the 400 ms after adding a process', frames));
    const marks = reloads.at(-1)?.marks ?? [];
    if (marks.length) console.log(`    UI performance marks (last reload, ms after navigation): ${marks.join(', ')}`);
    console.log(`  drawn: ${drawn.nodes} nodes, ${drawn.edges} edges`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
// WebdriverIO keeps connections alive; everything we started is stopped.
process.exit(0);
