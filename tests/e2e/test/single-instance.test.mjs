// A second launch while the app runs, as the file manager makes it when a
// .threatmodel is opened: `threatloom-app FILE` hands FILE to the running app
// over D-Bus and exits, and the running app shows FILE in a new window; no
// second app process stays. Needs a session bus: a private dbus-daemon here.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const NAME = 'Second launch check';
// A small Open Threat Model file the command line turns into an engagement.
const OTM = `otmVersion: 0.2.0
project:
  name: ${NAME}
  id: second-launch
trustZones:
  - id: internet
    name: Internet
    risk:
      trustRating: 10
components:
  - id: api
    name: Orders API
    type: web-service
    parent:
      trustZone: internet
`;

/** Runs the app binary as a person would a second time; resolves with its exit. */
function secondLaunch(home, args) {
  return new Promise((resolve) => {
    const p = spawn(h.APP, args, { cwd: home.base, env: h.appEnv(home), stdio: 'ignore' });
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

async function engagementName(browser) {
  return browser.execute(() => document.querySelector('[data-testid="engagement-name"]')?.textContent ?? null);
}

describe('a second launch opens its file in the running app', { timeout: 180_000 }, () => {
  let home;
  let bus;
  let driver;
  let browser;
  const { step, failed } = h.steps('single-instance', () => browser, { timeout: 60_000 });

  before(async () => {
    home = h.makeAppHome('e2e-single');
    bus = await h.startSessionBus();
    driver = await h.startDriver(home, { logName: 'single-instance-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    h.stopSessionBus(bus);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('the app runs on the demo; another engagement is made with the command line', async () => {
    browser = await h.launchApp(driver);
    await h.waitFor(async () => (await engagementName(browser)) === 'Payslip portal threat model', { what: 'the demo open' });
    fs.writeFileSync(path.join(home.base, 'second.otm.yaml'), OTM);
    // The command line sits beside the app: target/debug, or /usr/bin.
    const cli = path.join(path.dirname(h.APP), 'threatloom');
    const made = spawnSync(cli, ['import', 'second.otm.yaml', 'second.threatmodel'], { cwd: home.base, encoding: 'utf8' });
    assert.equal(made.status, 0, `threatloom import: ${made.stderr}`);
  });

  step('`threatloom-app second.threatmodel` exits at once and the file opens in a new window', async () => {
    const handles = await browser.getWindowHandles();
    const started = Date.now();
    const exit = await secondLaunch(home, ['second.threatmodel']);
    assert.deepEqual(exit, { code: 0, signal: null }, 'the second launch hands over and exits');
    console.log(`second launch handed over in ${Date.now() - started} ms`);
    assert.equal(h.appPids(driver).length, 1, 'still one app process');

    const fresh = await h.waitFor(async () => {
      const all = await browser.getWindowHandles();
      return all.length === handles.length + 1 && all.find((x) => !handles.includes(x));
    }, { what: 'a new window' });
    await browser.switchToWindow(fresh);
    await h.waitForReady(browser);
    await h.waitFor(async () => (await engagementName(browser)) === NAME, { what: `the new window on "${NAME}"` });
    await ui.waitNodeLabelled(browser, 'Orders API');
    await h.saveScreenshot(browser, 'single-instance-new-window');
    // One engagement per app: the first window follows, as after File → Open.
    await browser.switchToWindow(handles[0]);
    await h.waitFor(async () => (await engagementName(browser)) === NAME, { what: 'the first window on it too' });
  });

  step('a file that does not open leaves the engagement and says why in the new window', async () => {
    fs.writeFileSync(path.join(home.base, 'junk.threatmodel'), 'not an engagement');
    const handles = await browser.getWindowHandles();
    const exit = await secondLaunch(home, ['junk.threatmodel']);
    assert.equal(exit.code, 0);
    const fresh = await h.waitFor(async () => {
      const all = await browser.getWindowHandles();
      return all.length === handles.length + 1 && all.find((x) => !handles.includes(x));
    }, { what: 'a new window' });
    await browser.switchToWindow(fresh);
    await h.waitForReady(browser);
    assert.equal(await engagementName(browser), NAME, 'the engagement stays');
    await h.waitFor(
      () => browser.execute(() => [...document.querySelectorAll('[data-testid="toast"]')]
        .some((t) => t.textContent.includes('junk.threatmodel is not a Threatloom engagement file'))),
      { what: 'a toast saying why the file did not open' },
    );
  });
});
