// The command palette (issue 14), in the real app on the demo, keyboard only:
// Ctrl+K, part of a threat's title, Enter: its element is selected on the
// canvas and the threat is open in the inspector. Ctrl+K, "export", Enter:
// the Export dialog (the File menu's command) opens. ↑ ↓ move the
// highlight; Esc closes and the focus goes back where it was; a finding
// (reported) opens in Findings and a menu command brings the diagram back; a
// person and a note are shown, marked, in the overview and Sessions; nothing
// opens while presenting.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import * as h from '../lib/harness.mjs';
import * as ui from '../lib/ui.mjs';

const THREAT = 'Payslip downloads are not logged per employee';
const FINDING = "Any employee can download another employee's payslip";

describe('the command palette: Ctrl+K, a few letters, Enter', { timeout: 300_000 }, () => {
  let home;
  let driver;
  let browser;

  const { step, failed } = h.steps('palette', () => browser);

  before(async () => {
    home = h.makeAppHome('e2e-palette');
    driver = await h.startDriver(home, { logName: 'palette-driver' });
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    if (!failed() && home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  /** Ctrl+K, and the search box has the focus. */
  async function openPalette() {
    await browser.keys(['Control', 'k']);
    const search = await ui.testId(browser, 'command-search');
    await h.waitFor(() => search.isFocused(), { what: 'the search box to take the focus' });
    return search;
  }

  /** The rows shown, best first. */
  const rows = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="command-row"]')].map((r) => ({
        kind: r.getAttribute('data-kind'),
        id: r.getAttribute('data-id'),
        title: r.querySelector('[data-testid="command-row-title"]')?.textContent ?? '',
        where: r.querySelector('.tl-cmdk-where')?.textContent ?? '',
        selected: r.getAttribute('aria-selected'),
      })),
    );

  /** Waits until the best row is titled `title`; returns the rows. */
  const bestIs = (title) =>
    h.waitFor(
      async () => {
        const r = await rows();
        return r[0]?.title === title && r;
      },
      { what: `the best row to be ${JSON.stringify(title)}` },
    );

  const closed = () =>
    h.waitFor(() => browser.execute(() => !document.querySelector('[data-testid="command-palette"]')), { what: 'the palette to close' });

  const selectedNodes = () =>
    browser.execute(() => [...document.querySelectorAll('.react-flow__node.selected')].map((n) => n.querySelector('[data-testid="node-label"]')?.textContent ?? ''));

  step('Ctrl+K on the demo opens the palette; part of a threat title finds it first, with where it lives', async () => {
    browser = await h.launchApp(driver);
    assert.deepEqual(await selectedNodes(), [], 'nothing selected at start');
    await openPalette();
    // Empty: the menu commands.
    const first = await h.waitFor(async () => (await rows()).length > 0 && rows(), { what: 'the commands listed' });
    assert.ok(first.every((r) => r.kind === 'command'), 'an empty search lists commands');
    await ui.typeText(browser, 'not logged per');
    const found = await bestIs(THREAT);
    assert.equal(found[0].kind, 'threat');
    assert.equal(found[0].selected, 'true', 'the best match is highlighted');
    assert.match(found[0].where, /Repudiation · on /);
    await h.saveScreenshot(browser, 'palette-threat');
  });

  step('Enter: the palette closes, the threat’s element is selected and the threat is open in the inspector', async () => {
    const [row] = await rows();
    const element = row.where.replace(/^.* · on /, '');
    await browser.keys('Enter');
    await closed();
    const editor = await ui.testId(browser, 'threat-editor');
    assert.equal(await editor.getAttribute('data-id'), row.id, 'the threat in the editor');
    assert.equal(await (await ui.testId(browser, 'threat-title')).getValue(), THREAT);
    await h.waitFor(async () => JSON.stringify(await selectedNodes()) === JSON.stringify([element]), { what: `only ${element} selected on the canvas` });
    // The focus is not left in a vanished field: canvas keys work again.
    assert.equal(await browser.execute(() => document.activeElement === document.body), true);
  });

  step('Ctrl+K, "export", Enter runs the File menu’s Export…', async () => {
    await openPalette();
    await ui.typeText(browser, 'export');
    const found = await bestIs('Export…');
    assert.equal(found[0].kind, 'command');
    assert.equal(found[0].where, 'File');
    await h.saveScreenshot(browser, 'palette-command');
    await browser.keys('Enter');
    await closed();
    await ui.testId(browser, 'export-dialog');
    await ui.clickTestId(browser, 'export-close');
    await browser.$(ui.byTestId('export-dialog')).waitForExist({ reverse: true, timeout: 5000 });
  });

  step('↑ ↓ move the highlight; Esc closes and the focus goes back where it was', async () => {
    await browser.execute(() => document.querySelector('[data-testid="fit-view"]')?.focus());
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('data-testid')), 'fit-view');
    await openPalette();
    await ui.typeText(browser, 'payslip');
    await h.waitFor(async () => (await rows()).length >= 3, { what: 'several rows for "payslip"' });
    await browser.keys('ArrowDown');
    await h.waitFor(async () => (await rows())[1]?.selected === 'true', { what: 'the second row highlighted' });
    await browser.keys('ArrowUp');
    await browser.keys('ArrowUp');
    const r = await rows();
    await h.waitFor(async () => (await rows()).at(-1)?.selected === 'true', { what: 'Up from the first row wraps to the last' });
    assert.ok(r.length > 2);
    await browser.keys('Escape');
    await closed();
    await h.waitFor(() => browser.execute(() => document.activeElement?.getAttribute('data-testid') === 'fit-view'), { what: 'the focus back on the button' });
  });

  step('a finding (reported) opens in Findings; the "Diagram" command brings the canvas back', async () => {
    await browser.execute(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await openPalette();
    await ui.typeText(browser, 'another employee');
    const found = await bestIs(FINDING);
    assert.equal(found[0].kind, 'finding');
    await browser.keys('Enter');
    await closed();
    await h.waitFor(() => browser.execute(() => document.querySelector('[data-testid="engagement-view"]')?.getAttribute('data-section') === 'findings'), {
      what: 'the Findings section',
    });
    await h.waitFor(() => browser.execute((id) => !!document.querySelector(`[data-testid="finding-row"][data-id="${id}"]`), found[0].id), { what: 'the finding listed' });
    await ui.testId(browser, 'finding-detail');
    await openPalette();
    await ui.typeText(browser, 'diagram');
    await bestIs('Diagram');
    await browser.keys('Enter');
    await closed();
    await h.waitFor(() => browser.execute(() => !document.querySelector('[data-testid="engagement-view"]')), { what: 'the diagram view' });
  });

  step('a person: the overview, the row scrolled to and marked; a note: Sessions, its session open, the note marked', async () => {
    await openPalette();
    await ui.typeText(browser, 'okafor');
    const person = await bestIs('Sam Okafor');
    assert.equal(person[0].kind, 'person');
    assert.equal(person[0].where, 'Customer · Tech lead');
    await browser.keys('Enter');
    await closed();
    await h.waitFor(() => browser.execute((id) => document.querySelector(`[data-testid="person-row"][data-id="${id}"]`)?.getAttribute('data-spotlit') === 'true', person[0].id), {
      what: 'the person marked in the overview',
    });
    await openPalette();
    await ui.typeText(browser, 'who can read');
    const note = await bestIs('Who can read the nightly database snapshots?');
    assert.equal(note[0].kind, 'note');
    await browser.keys('Enter');
    await closed();
    await h.waitFor(() => browser.execute((id) => document.querySelector(`[data-testid="note"][data-id="${id}"]`)?.getAttribute('data-spotlit') === 'true', note[0].id), {
      what: 'the note shown and marked in Sessions',
    });
    assert.equal(await browser.execute(() => document.querySelector('[data-testid="engagement-view"]')?.getAttribute('data-section')), 'sessions');
    await h.saveScreenshot(browser, 'palette-note');
    await openPalette();
    await ui.typeText(browser, 'diagram');
    await bestIs('Diagram');
    await browser.keys('Enter');
    await closed();
  });

  step('nothing opens while presenting', async () => {
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !!document.querySelector('[data-presenting="true"]')), { what: 'presenter mode' });
    await browser.keys(['Control', 'k']);
    await h.sleep(400);
    assert.equal(await browser.execute(() => !!document.querySelector('[data-testid="command-palette"]')), false, 'no palette on the share');
    await browser.keys('F5');
    await h.waitFor(() => browser.execute(() => !document.querySelector('[data-presenting="true"]')), { what: 'presenter mode left' });
  });
});
