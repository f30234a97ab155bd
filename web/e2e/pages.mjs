// Helpers for the browser tests: Chromium contexts signed in as someone, and a static server for a second origin.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';

export async function openPage(browser, server, sub, role, { viewport = { width: 1400, height: 900 }, notifications = false } = {}) {
  const context = await browser.newContext({ viewport });
  if (notifications) await context.grantPermissions(['notifications'], { origin: server.url });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${sub}] page error: ${error.message}`));
  await page.goto(`${server.url}/#token=${server.token(sub, role)}`);
  await page.waitForFunction(() => window.aislive?.me != null, null, { timeout: 30000 });
  return page;
}

/** Serves one file at / from another origin (another port), as an integrator's site would. */
export async function serveFile(file) {
  const body = readFileSync(file);
  const http = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(body);
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return { url: `http://127.0.0.1:${http.address().port}`, close: () => new Promise((resolve) => http.close(resolve)) };
}

/** Waits until fn() (run in the page) is truthy; fails with `what` in the message. */
export async function until(page, what, fn, arg, timeout = 30000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch (error) {
    throw new Error(`timed out waiting for ${what}: ${error.message.split('\n')[0]}`);
  }
}
