// The other engines of the citizen's journey, behind one small interface: Firefox ESR through
// puppeteer-core (WebDriver BiDi, spoken by Firefox itself) and WebKitGTK through
// WebKitWebDriver (classic WebDriver over HTTP, plain fetch calls), the latter on Xvfb. See
// "Other engines" in ../shared/TOOLCHAIN.md for what works on these machines.
//
// Interface: open(url), eval(fn, ...args) in the top page, frameEval({ url, selector }, fn, ...args)
// in an iframe of it (found by part of its URL, or by its element's CSS selector, as the driver can), clickAt(x, y) (viewport px of the top page: real pointer input, which
// reaches into shadow roots and frames), type(text), press(key), screenshot(path), close().
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }).on('error', ko);
  });
}

export async function firefox({ width, height }) {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  const frame = (sel) => page.frames().find((f) => f !== page.mainFrame() && f.url().includes(sel));
  return {
    name: 'firefox',
    async open(url) { await page.goto(url, { waitUntil: 'load' }); },
    eval: (fn, ...args) => page.evaluate(fn, ...args),
    /** Puppeteer finds frames by URL: `url` is part of the frame's. */
    frameEval: ({ url }, fn, ...args) => frame(url).evaluate(fn, ...args),
    clickAt: (x, y) => page.mouse.click(x, y),
    type: (text) => page.keyboard.type(text, { delay: 20 }),
    press: (key) => page.keyboard.press(key),
    screenshot: (path) => page.screenshot({ path }),
    close: () => browser.close(),
  };
}

const KEYS = { Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C' };

export async function webkit({ width, height }) {
  // MiniBrowser has no headless mode: a virtual display unless the caller gave one.
  let xvfb = null;
  const env = { ...process.env };
  if (!env.DISPLAY) {
    // -displayfd: Xvfb picks a free display and writes its number on fd 3 once it is ready.
    xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x1100x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    const number = await new Promise((ok, ko) => {
      let text = '';
      xvfb.stdio[3].on('data', (b) => { text += b; if (text.includes('\n')) ok(text.trim()); });
      xvfb.on('exit', (code) => ko(new Error(`Xvfb exited (${code}) before giving a display`)));
    });
    env.DISPLAY = `:${number}`;
  }
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  async function call(method, path, body) {
    const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await r.json();
    if (json.value && json.value.error) throw new Error(`WebDriver ${method} ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  }
  let session = null;
  for (let i = 0; i < 50 && !session; i++) {
    try {
      session = (await call('POST', '/session', { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { args: ['--automation'] } } } })).sessionId;
    } catch (e) {
      if (i === 49) throw e;
      await sleep(200);
    }
  }
  const s = (path) => `/session/${session}${path}`;
  await call('POST', s('/window/rect'), { width, height });
  const run = (fn, args) => call('POST', s('/execute/sync'), { script: `return (${fn}).apply(null, arguments)`, args });
  const key = (k) => KEYS[k] || k;
  return {
    name: 'webkit',
    async open(url) { await call('POST', s('/url'), { url }); },
    eval: (fn, ...args) => run(fn, args),
    /** WebDriver switches to a frame by its element: `selector` finds it in the top page. */
    async frameEval({ selector }, fn, ...args) {
      const el = await call('POST', s('/element'), { using: 'css selector', value: selector });
      await call('POST', s('/frame'), { id: el });
      try { return await run(fn, args); } finally { await call('POST', s('/frame'), { id: null }); }
    },
    // Element Click refuses elements in a shadow root ("element click intercepted"): pointer
    // actions at the element's centre instead.
    clickAt: (x, y) => call('POST', s('/actions'), { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
      actions: [{ type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }] }),
    async type(text) {
      for (const c of text) {
        await call('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }] }] });
        await sleep(20);
      }
    },
    press: (k) => call('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: key(k) }, { type: 'keyUp', value: key(k) }] }] }),
    async screenshot(path) { writeFileSync(path, Buffer.from(await call('GET', s('/screenshot')), 'base64')); },
    async close() {
      try { await call('DELETE', s('')); } catch { /* the browser is gone already */ }
      driver.kill();
      if (xvfb) xvfb.kill();
    },
  };
}
