// The installed package's app (THREATLOOM_APP=/usr/bin/threatloom-app, set by
// packaging/linux/check.sh): it starts under Xvfb through WebDriver, like the
// debug build in test/, and draws the demo engagement on first start.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

describe(`the installed app (${h.APP})`, { timeout: 120_000 }, () => {
  let home;
  let driver;
  let browser;
  const { step, failed } = h.steps('package', () => browser, { timeout: 60_000 });

  before(async () => {
    home = h.makeAppHome('package');
    driver = await h.startDriver(home, { logName: 'package-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  step('first start draws the demo engagement', async () => {
    const started = Date.now();
    browser = await h.launchApp(driver);
    await ui.waitNodeLabelled(browser, 'Web app');
    console.log(`launch to the demo drawn: ${Date.now() - started} ms (WebDriver session included)`);
    await h.waitFor(
      async () => (await browser.execute(() => document.querySelector('[data-testid="engagement-name"]')?.textContent)) === 'Payslip portal threat model',
      { what: 'the demo engagement named in the top bar' },
    );
    const nodes = await ui.nodes(browser);
    const edges = await ui.edges(browser);
    assert.ok(nodes.length >= 7, `the demo's elements and boundaries are drawn (${nodes.length})`);
    assert.ok(edges.length >= 6, `the demo's flows are drawn (${edges.length})`);
    assert.ok(nodes.every((n) => n.rect.width > 0 && n.rect.height > 0), 'every node has a size on screen');
    await h.saveScreenshot(browser, 'package-demo');
  });
});
