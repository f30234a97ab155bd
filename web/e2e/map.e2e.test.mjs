// End-to-end: the map page in Debian's headless Chromium against the real server replaying the simulated
// recording. Screenshots go to $AISLIVE_RESULTS (CI keeps them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AisLiveServer } from './server.mjs';

const repo = path.resolve(import.meta.dirname, '..', '..');
const results = process.env.AISLIVE_RESULTS ?? path.join(repo, '.data', 'TestResults', 'e2e');
mkdirSync(results, { recursive: true });
const port = 20000 + Math.floor(Math.random() * 20000);
const server = new AisLiveServer({
  dll: process.env.AISLIVE_SERVER_DLL ?? path.join(repo, 'src/AisLive.Server/bin/Release/net10.0/AisLive.Server.dll'),
  port,
  settings: {
    'ConnectionStrings:Postgis': process.env.AISLIVE_E2E_PG,
    'Auth:SigningKey': process.env.AISLIVE_SIGNING_KEY ?? 'e2e-signing-key-that-is-long-enough-0123456789',
    'Ingest:Source': 'replay',
    'Replay:Path': path.join(repo, 'fixtures/demo.aisstream.jsonl.gz'),
    'Replay:Speed': '30',
    'Fleets:SeedPath': path.join(repo, 'fixtures/demo-fleets.json'),
    'Alerts:SeedPath': path.join(repo, 'fixtures/demo-rules.json'),
    'Web:VendorPath': path.join(repo, 'web/node_modules'),
    'Storage:JournalPath': mkdtempSync(path.join(tmpdir(), 'aislive-e2e-journal-')),
    'Live:HeartbeatInterval': '00:00:05',
    'Live:ClientRetry': '00:00:01',
  },
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

after(async () => {
  await browser.close();
  await server.stop();
});

async function openPage(sub, role) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${sub}] page error: ${error.message}`));
  await page.goto(`${server.url}/#token=${server.token(sub, role)}`);
  return page;
}

test('map: markers move, alerts are acknowledged across browsers, and the page recovers from a server restart', { timeout: 240000 }, async () => {
  assert.ok(process.env.AISLIVE_E2E_PG, 'AISLIVE_E2E_PG must name a fresh database (scripts/aislive test makes one)');
  await server.start();
  const anna = await openPage('ops-anna', 'operator');
  const victor = await openPage('viewer-victor', 'viewer');

  // Signed in with the cookie, and the token is gone from the address bar.
  await anna.waitForFunction(() => window.aislive.me !== null, null, { timeout: 30000 });
  assert.equal(new URL(anna.url()).hash, '');

  // Markers appear, the status counts them, and they move.
  await anna.waitForFunction(() => window.aislive.vessels.size >= 5, null, { timeout: 30000 });
  assert.match(await anna.textContent('#vessel-count'), /^\d+ vessels? live$/);
  const first = await anna.evaluate(() => [...window.aislive.vessels.values()].map((v) => ({ mmsi: v.mmsi, lat: v.lat, lon: v.lon })));
  await anna.waitForFunction((before) => before.some((b) => {
    const now = window.aislive.vessels.get(b.mmsi);
    return now && (now.lat !== b.lat || now.lon !== b.lon);
  }), first, { timeout: 30000 });
  await anna.screenshot({ path: path.join(results, 'map-live.png') });

  // An alert appears in both browsers; Anna acknowledges it and Victor sees who did.
  await anna.waitForSelector('#alerts li button', { timeout: 90000 });
  const alertId = await anna.getAttribute('#alerts li:has(button)', 'data-alert-id');
  await victor.waitForSelector(`#alerts li[data-alert-id="${alertId}"]`, { timeout: 30000 });
  assert.equal(await victor.locator(`#alerts li[data-alert-id="${alertId}"] button`).count(), 0, 'a viewer gets no Acknowledge button');
  await anna.click(`#alerts li[data-alert-id="${alertId}"] button`);
  await victor.waitForFunction((id) => document.querySelector(`#alerts li[data-alert-id="${id}"]`)?.textContent.includes('acknowledged by ops-anna'), alertId, { timeout: 30000 });
  await anna.screenshot({ path: path.join(results, 'alert-acknowledged-operator.png') });
  await victor.screenshot({ path: path.join(results, 'alert-acknowledged-viewer.png') });

  // Kill the server outright and bring it back: the page reconnects on its own and is live again.
  await server.kill();
  await anna.waitForFunction(() => window.aislive.connection !== 'live', null, { timeout: 30000 });
  await anna.screenshot({ path: path.join(results, 'server-down.png') });
  await server.start();
  await anna.waitForFunction(() => window.aislive.connection === 'live' && window.aislive.vessels.size >= 5, null, { timeout: 60000 });
  assert.match(await anna.textContent('#feed'), /feed: (live|ended)/);
  await anna.screenshot({ path: path.join(results, 'map-after-restart.png') });
});

test('openapi: /openapi/v1.json passes `redocly lint` with no errors', { timeout: 60000 }, async () => {
  // Runs after the map test, against the same running server.
  const response = await fetch(`${server.url}/openapi/v1.json`);
  assert.equal(response.status, 200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'aislive-openapi-')), 'v1.json');
  writeFileSync(file, await response.text());
  const redocly = path.join(repo, 'web', 'node_modules', '.bin', 'redocly');
  let output;
  try {
    output = execFileSync(redocly, ['lint', file, '--format=summary'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    assert.fail(`redocly lint found errors:\n${error.stdout}\n${error.stderr}`); // it exits non-zero on errors only
  }
  console.log(output.split('\n').filter((line) => /error|warning|valid/.test(line)).join('\n'));
});
