// Drives the real Threatloom app: Xvfb (when DISPLAY is unset), tauri-driver
// (which runs WebKitWebDriver), and a WebDriver session on the debug binary,
// with its data, config, cache and home directories in a temporary folder.
//
// Everything started here is killed by process group on stop(), and again at
// process exit, so a failing test leaves nothing behind.

import { it } from 'node:test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
export const APP = path.resolve(
  process.env.THREATLOOM_APP ?? path.join(ROOT, 'target/debug/threatloom-app'),
);

/** Process groups we started (Xvfb, tauri-driver + WebKitWebDriver + the app). */
const groups = new Set();
process.on('exit', () => {
  for (const pgid of groups) killGroup(pgid, 'SIGKILL');
  writeGroupsFile();
});

// Groups are also written down (with our pid), so that a later run can end
// what a run killed outright (SIGKILL: no exit handler) left behind; only
// groups whose owner is dead and whose leader is still ours are ended.
const GROUPS_FILE = path.join(os.tmpdir(), 'threatloom-e2e-groups.json');
const OWN_COMMS = new Set(['tauri-driver', 'Xvfb', 'dbus-daemon']);
function readGroupsFile() {
  try {
    return JSON.parse(fs.readFileSync(GROUPS_FILE, 'utf8'));
  } catch {
    return [];
  }
}
function writeGroupsFile() {
  const others = readGroupsFile().filter((g) => g.owner !== process.pid && alive(g.owner));
  const mine = [...groups].map((pgid) => ({ owner: process.pid, pgid }));
  try {
    fs.writeFileSync(GROUPS_FILE, JSON.stringify([...others, ...mine]));
  } catch {
    // best effort
  }
}
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
function comm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}
for (const g of readGroupsFile()) {
  if (!alive(g.owner) && OWN_COMMS.has(comm(g.pgid))) killGroup(g.pgid, 'SIGKILL');
}
writeGroupsFile();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => process.exit(130));
}

function killGroup(pgid, signal = 'SIGTERM') {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws with `what` on timeout. */
export async function waitFor(fn, { timeout = 15000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await sleep(interval);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Starts Xvfb on a free display unless DISPLAY is already set. */
let displayReady;
export function ensureDisplay() {
  if (process.env.DISPLAY) return Promise.resolve(process.env.DISPLAY);
  displayReady ??= new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3.
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    groups.add(xvfb.pid);
    writeGroupsFile();
    let out = '';
    let err = '';
    xvfb.stderr.on('data', (d) => { err += d; });
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      const m = out.match(/^(\d+)\n/);
      if (m) {
        process.env.DISPLAY = `:${m[1]}`;
        resolve(process.env.DISPLAY);
      }
    });
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.trim()}`)));
  });
  return displayReady;
}

/** A temporary home for one app installation: data dir, XDG dirs, HOME. */
export function makeAppHome(name = 'e2e') {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `threatloom-${name}-`));
  const dirs = {
    base,
    data: path.join(base, 'threatloom-data'),
    home: path.join(base, 'home'),
    xdgData: path.join(base, 'xdg-data'),
    xdgConfig: path.join(base, 'xdg-config'),
    xdgCache: path.join(base, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

/** The environment the app runs in for `home` (also a second launch's). */
export function appEnv(home) {
  return {
    ...process.env,
    THREATLOOM_DATA_DIR: home.data,
    HOME: home.home,
    XDG_DATA_HOME: home.xdgData,
    XDG_CONFIG_HOME: home.xdgConfig,
    XDG_CACHE_HOME: home.xdgCache,
    // Not WEBKIT_DISABLE_COMPOSITING_MODE=1: it brings a changed canvas frame
    // under Xvfb from 43-56 ms to 16 ms, but WebKitWebDriver then stalls for
    // seconds on input and screenshots (WebKitGTK 2.50), so tests time out.
    NO_AT_BRIDGE: '1', // no accessibility bus under Xvfb
  };
}

/**
 * A private D-Bus session bus, through which a second launch of the app finds
 * the running one (the single-instance plugin). Its address goes into this
 * process's environment, so tauri-driver, the app and a second launch use it;
 * stopSessionBus() ends it and takes the address away again.
 */
export async function startSessionBus() {
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  });
  groups.add(bus.pid);
  writeGroupsFile();
  const address = await new Promise((resolve, reject) => {
    let out = '';
    bus.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    bus.on('error', reject);
    bus.on('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  return { pgid: bus.pid, address };
}

export function stopSessionBus(bus) {
  if (!bus) return;
  killGroup(bus.pgid, 'SIGKILL');
  groups.delete(bus.pgid);
  writeGroupsFile();
  delete process.env.DBUS_SESSION_BUS_ADDRESS;
}

/**
 * tauri-driver on a free port with the app's environment (inherited by
 * WebKitWebDriver and by the app it launches).
 */
export async function startDriver(home, { logName = 'driver' } = {}) {
  await ensureDisplay();
  if (!fs.existsSync(APP)) throw new Error(`app binary not found: ${APP} (run: make app)`);
  const port = await freePort();
  const nativePort = await freePort();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, `${logName}.log`);
  const log = fs.openSync(logFile, 'w');
  const env = appEnv(home);
  const proc = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', log, log],
    detached: true, // its own process group: WebKitWebDriver and the app join it
  });
  fs.closeSync(log);
  groups.add(proc.pid);
  writeGroupsFile();
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  proc.on('error', (e) => { exited = { error: e.message }; });
  await waitFor(
    async () => {
      if (exited) throw new Error(`tauri-driver exited: ${JSON.stringify(exited)}; see ${logFile}`);
      return (await canConnect(port)) && (await canConnect(nativePort));
    },
    { timeout: 20000, what: 'tauri-driver to listen' },
  );
  return { port, pgid: proc.pid, proc, logFile, home, exited: () => exited };
}

export async function stopDriver(driver) {
  if (!driver) return;
  if (killGroup(driver.pgid, 'SIGTERM')) {
    await waitFor(() => appPids(driver).length === 0 && driver.exited(), { timeout: 5000, what: 'driver exit' })
      .catch(() => killGroup(driver.pgid, 'SIGKILL'));
  }
  killGroup(driver.pgid, 'SIGKILL');
  groups.delete(driver.pgid);
  writeGroupsFile();
}

/** Pids of running app processes in the driver's process group. */
export function appPids(driver) {
  const name = path.basename(APP).slice(0, 15);
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [state, , pgrp] = fields;
      if (comm === name && Number(pgrp) === driver.pgid && state !== 'Z') pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/**
 * Starts the app through the driver and waits until the UI has drawn its
 * snapshot (root `data-ready="true"`). `args` go to the app's command line.
 */
export async function launchApp(driver, { args = [], readyTimeout = 30000, waitReady = true } = {}) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: driver.port,
    logLevel: 'warn',
    connectionRetryCount: 0,
    connectionRetryTimeout: 120000,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP, args },
    },
  });
  if (!waitReady) return browser;
  try {
    await waitForReady(browser, { timeout: readyTimeout });
  } catch (e) {
    await saveScreenshot(browser, 'launch-failed').catch(() => {});
    await browser.deleteSession().catch(() => {});
    throw e;
  }
  return browser;
}

export async function waitForReady(browser, { timeout = 30000 } = {}) {
  await waitFor(
    () => browser.execute(() => !!document.querySelector('[data-ready="true"]')),
    { timeout, what: 'the UI to be ready (data-ready="true")' },
  );
}

/** Ends the session (the app quits) and waits until the app process is gone. */
export async function quitApp(browser, driver, { timeout = 15000 } = {}) {
  await browser.deleteSession();
  await waitFor(() => appPids(driver).length === 0, { timeout, what: 'the app process to exit' });
}

export async function saveScreenshot(browser, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // Let the page paint what the DOM already holds: two animation frames and
  // a short settle (the snapshot is of the last presented frame).
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await sleep(250);
  await browser.saveScreenshot(file);
  return file;
}

/**
 * The steps of one story in the real app: once a step fails, the later ones are
 * skipped (they build on it), and the failure is kept as a screenshot named
 * `failed-<prefix>-<step>`. `failed()` says whether any step failed.
 */
export function steps(prefix, browserOf, { timeout = 60_000 } = {}) {
  let broken = false;
  const step = (name, fn) =>
    it(name, { timeout }, async (t) => {
      if (broken) return t.skip('an earlier step failed');
      try {
        await fn(t);
      } catch (e) {
        broken = true;
        const browser = browserOf();
        if (browser) await saveScreenshot(browser, `failed-${prefix}-${name.replace(/\W+/g, '-')}`).catch(() => {});
        throw e;
      }
    });
  return { step, failed: () => broken };
}
