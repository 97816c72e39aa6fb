// No silent undo of other work (issue 12), in the real app under Xvfb: on the
// demo engagement, rename an element on the canvas, move a finding in the
// Findings view, relaunch; on the canvas Ctrl+Z undoes the rename and then
// nothing more (the finding move stays), and in Findings Ctrl+Z undoes the move.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const RENAMED = 'Renamed on the canvas';

describe('each view undoes its own changes', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;
  const s = {}; // what the steps found: node, old name, finding, its states

  const { step, failed } = h.steps('undo', () => browser, { timeout: 90_000 });

  before(async () => {
    home = h.makeAppHome('e2e-undo');
    driver = await h.startDriver(home, { logName: 'undo-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  const undoButton = async () => {
    const b = await ui.testId(browser, 'undo');
    return { scope: await b.getAttribute('data-scope'), title: await b.getAttribute('title'), enabled: await b.isEnabled() };
  };
  const label = async (id) => (await ui.nodes(browser)).find((n) => n.id === id)?.label;
  const rowState = (id) => browser.execute((id) => document.querySelector(`[data-testid="finding-row"][data-id="${id}"]`)?.getAttribute('data-state') ?? null, id);
  const showFindings = async () => {
    await ui.clickTestId(browser, 'view-engagement');
    await ui.clickTestId(browser, 'section-findings');
    await ui.testId(browser, 'findings');
  };

  step('rename an element on the canvas of the demo', async () => {
    browser = await h.launchApp(driver);
    const node = (await ui.nodes(browser)).find((n) => n.type !== 'boundary' && n.label);
    assert.ok(node, 'the demo has a named element');
    s.node = node.id;
    s.name = node.label;
    await ui.doubleClickNode(browser, s.node);
    await ui.typeInNameEditor(browser, RENAMED);
    await h.waitFor(async () => (await label(s.node)) === RENAMED, { what: 'the new name' });
    assert.deepEqual(await undoButton(), { scope: 'diagram', title: 'Undo rename (Ctrl+Z)', enabled: true });
  });

  step('move a finding in the Findings view', async () => {
    await showFindings();
    const row = await browser.$('[data-testid="finding-row"][data-state="draft"]');
    await row.waitForExist({ timeout: 10000, timeoutMsg: 'a draft finding in the demo' });
    s.finding = await row.getAttribute('data-id');
    await row.click();
    await ui.clickTestId(browser, 'finding-move-reported');
    const by = await ui.testId(browser, 'finding-move-by');
    if (!(await by.getValue())) await by.selectByIndex(1);
    const v = await ui.version(browser);
    await ui.clickTestId(browser, 'finding-move-confirm');
    await ui.waitVersionAfter(browser, v, 'the move');
    await h.waitFor(async () => (await rowState(s.finding)) === 'reported', { what: 'the finding reported' });
    const b = await undoButton();
    assert.equal(b.scope, 'findings', 'the top bar shows the Findings scope');
    assert.match(b.title, /^Undo move finding to reported/i);
  });

  step('relaunch: on the canvas, Ctrl+Z undoes the rename and never the finding move', async () => {
    await h.quitApp(browser, driver);
    browser = await h.launchApp(driver);
    await ui.clickTestId(browser, 'view-diagram').catch(() => {}); // the canvas shows first anyway
    await h.waitFor(async () => (await label(s.node)) === RENAMED, { what: 'the renamed element after the relaunch' });
    await ui.clickNode(browser, s.node);
    let v = await ui.version(browser);
    await browser.keys(['Control', 'z']);
    await h.waitFor(async () => (await label(s.node)) === s.name, { what: 'the rename undone' });
    v = await ui.waitVersionAfter(browser, v, 'the undo');
    // The canvas has nothing more to undo: the move in Findings is not its to take back.
    await h.waitFor(async () => !(await undoButton()).enabled, { what: 'the canvas undo to be disabled' });
    await browser.keys(['Control', 'z']);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await ui.version(browser), v, 'a second Ctrl+Z on the canvas changes nothing');
    await showFindings();
    assert.equal(await rowState(s.finding), 'reported', 'the finding move is still there');
  });

  step('in Findings, Ctrl+Z undoes the move', async () => {
    const b = await undoButton();
    assert.equal(b.scope, 'findings');
    assert.match(b.title, /^Undo move finding to reported/i);
    await browser.keys(['Control', 'z']);
    await h.waitFor(async () => (await rowState(s.finding)) === 'draft', { what: 'the move undone' });
    await ui.clickTestId(browser, 'view-diagram');
    await h.waitFor(async () => (await label(s.node)) === s.name, { what: 'the canvas as before' });
    await h.saveScreenshot(browser, 'undo-scopes');
  });
});
