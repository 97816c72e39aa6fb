// Labels render as text: a name that looks like HTML shows literally and
// creates no element (in a node label, a flow label and the inspector).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const EVIL = '<img src=x onerror=alert(1)>';

describe('labels are text, never HTML', { timeout: 120_000 }, () => {
  let home;
  let driver;
  let browser;

  before(async () => {
    home = h.makeAppHome('e2e-security');
    driver = await h.startDriver(home, { logName: 'security-driver' });
    browser = await h.launchApp(driver);
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  it('an element named <img src=x onerror=alert(1)> shows that text and adds no img', { timeout: 60_000 }, async () => {
    try {
      const imgsBefore = await countImgs();
      // Record any alert instead of opening one.
      await browser.execute(() => {
        window.__alerts = [];
        window.alert = (m) => window.__alerts.push(String(m));
      });
      await ui.clickTestId(browser, 'tool-process');
      await ui.typeInNameEditor(browser, EVIL);
      const node = await ui.waitNodeLabelled(browser, EVIL);

      // Rendered literally, as text, in the node label…
      const label = await browser.execute((id) => {
        const el = document.querySelector(`.react-flow__node[data-id="${id}"] [data-testid="node-label"]`);
        return el && { text: el.textContent, children: el.children.length, html: el.innerHTML };
      }, node.id);
      assert.deepEqual(label, { text: EVIL, children: 0, html: '&lt;img src=x onerror=alert(1)&gt;' });
      // …and in the inspector, once selected.
      await ui.clickNode(browser, node.id);
      const input = await ui.testId(browser, 'inspector-name');
      await h.waitFor(async () => (await input.getValue()) === EVIL, { what: 'the inspector to show the name' });

      // No element was created from it anywhere in the document, and no alert.
      assert.equal(await countImgs(), imgsBefore, 'no new img element');
      assert.equal(
        await browser.execute(() => document.querySelectorAll('img[src="x"], [onerror]').length),
        0,
        'no element carries the injected attributes',
      );
      assert.deepEqual(await browser.execute(() => window.__alerts), [], 'no alert was called');
    } catch (e) {
      await h.saveScreenshot(browser, 'failed-security').catch(() => {});
      throw e;
    }
  });

  async function countImgs() {
    return browser.execute(() => document.querySelectorAll('img').length);
  }
});
