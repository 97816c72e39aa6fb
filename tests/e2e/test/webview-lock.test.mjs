// The webview stays locked (issue 13), in the real app: the page cannot fetch
// from a server, load a remote script or image, open or navigate to another
// page, or call a command its capability does not grant. A local HTTP server
// counts every request, so "blocked" means blocked before the request was sent.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import * as h from '../lib/harness.mjs';

describe('the webview is locked to the app', { timeout: 180_000 }, () => {
  let home;
  let driver;
  let browser;
  let server;
  let base;
  const hits = [];

  before(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url);
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.end(req.url.endsWith('.js') ? 'window.__remote = true;' : 'remote');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
    home = h.makeAppHome('e2e-webview-lock');
    driver = await h.startDriver(home, { logName: 'webview-lock-driver' });
    browser = await h.launchApp(driver);
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    await h.stopDriver(driver);
    server?.close();
    if (home) fs.rmSync(home.base, { recursive: true, force: true });
  });

  it('cannot fetch, load a remote script or image, open or navigate to a page', { timeout: 60_000 }, async () => {
    const result = await browser.executeAsync((url, done) => {
      const out = {};
      const settle = (key) => (v) => {
        out[key] = v;
        if (Object.keys(out).length === 3) done(out);
      };
      fetch(`${url}/data`).then(() => settle('fetch')('loaded'), () => settle('fetch')('blocked'));
      const s = document.createElement('script');
      s.src = `${url}/x.js`;
      s.onload = () => settle('script')(window.__remote ? 'ran' : 'loaded');
      s.onerror = () => settle('script')('blocked');
      document.head.appendChild(s);
      const img = new Image();
      img.onload = () => settle('image')('loaded');
      img.onerror = () => settle('image')('blocked');
      img.src = `${url}/pixel.png`;
    }, base);
    assert.deepEqual(result, { fetch: 'blocked', script: 'blocked', image: 'blocked' });

    const handles = (await browser.getWindowHandles()).length;
    await browser.execute((url) => {
      window.open(`${url}/popup`);
    }, base);
    await h.sleep(800);
    assert.equal((await browser.getWindowHandles()).length, handles, 'no new window opened');

    const before = await browser.getUrl();
    await browser.execute((url) => {
      window.location.href = `${url}/elsewhere`;
    }, base);
    await h.sleep(1000);
    assert.equal(await browser.getUrl(), before, 'the page stays the app');
    assert.ok(await browser.execute(() => !!document.querySelector('[data-ready="true"]')), 'the app still runs');
    assert.deepEqual(hits, [], `no request reached the server: ${hits}`);
  });

  it('cannot call a command its capability does not grant', { timeout: 30_000 }, async () => {
    const outcome = await browser.executeAsync((done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const tryIt = (cmd, args) =>
        invoke(cmd, args).then(
          () => 'allowed',
          (e) => String(e?.message ?? e),
        );
      Promise.all([
        tryIt('plugin:window|set_always_on_top', { label: 'main', value: true }),
        tryIt('plugin:webview|create_webview_window', { options: { label: 'stranger', url: 'http://127.0.0.1:1/' } }),
        tryIt('current', {}),
      ]).then(done);
    });
    const [onTop, create, granted] = outcome;
    assert.match(onTop, /not allowed/i, onTop);
    assert.match(create, /not allowed/i, create);
    assert.equal(granted, 'allowed', `a granted command works: ${granted}`);
  });
});
