// End-to-end: the map page in Debian's headless Chromium against the real server replaying the simulated
// recording (fixtures/README.md). Screenshots of each state go to $AISLIVE_RESULTS (the README lists them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AisLiveServer } from './server.mjs';
import { openPage, serveFile, until } from './pages.mjs';

const repo = path.resolve(import.meta.dirname, '..', '..');
const results = process.env.AISLIVE_RESULTS ?? path.join(repo, '.data', 'TestResults', 'e2e');
mkdirSync(results, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(results, `${name}.png`) });
const HEARTBEAT_S = 2;
const example = await serveFile(path.join(repo, 'docs', 'example.html'));
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
    'Places:SeedPath': path.join(repo, 'fixtures/demo-places.json'),
    'Web:VendorPath': path.join(repo, 'web/node_modules'),
    'Storage:JournalPath': mkdtempSync(path.join(tmpdir(), 'aislive-e2e-journal-')),
    'Live:HeartbeatInterval': `00:00:0${HEARTBEAT_S}`,
    'Live:ClientRetry': '00:00:01',
    'Presence:Debounce': '00:00:00.200',
    'Security:CorsOrigins:0': example.url,
  },
});
const fleets = JSON.parse(readFileSync(path.join(repo, 'fixtures/demo-fleets.json'), 'utf8'));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
    '--autoplay-policy=no-user-gesture-required'],
});

after(async () => {
  await browser.close();
  await server.stop();
  await example.close();
});

test('operations room: alarms, alerts in context, notes, watchers, distress, all my fleets, and a truthful connection', { timeout: 300000 }, async () => {
  assert.ok(process.env.AISLIVE_E2E_PG, 'AISLIVE_E2E_PG must name a fresh database (scripts/aislive test makes one)');
  await server.start();
  const anna = await openPage(browser, server, 'ops-anna', 'operator', { notifications: true });
  const victor = await openPage(browser, server, 'viewer-victor', 'viewer');
  assert.equal(new URL(anna.url()).hash, '', 'the token is gone from the address bar');

  // Markers appear and move; the fleet's rule areas are drawn with their names; both streams are live.
  await until(anna, 'vessels', () => window.aislive.vessels.size >= 5);
  assert.match(await anna.textContent('#vessel-count'), /^\d+ vessels? live$/);
  const first = await anna.evaluate(() => [...window.aislive.vessels.values()].map((v) => ({ mmsi: v.mmsi, lat: v.lat, lon: v.lon })));
  await until(anna, 'a marker to move', (before) => before.some((b) => {
    const now = window.aislive.vessels.get(b.mmsi);
    return now && (now.lat !== b.lat || now.lon !== b.lon);
  }), first);
  await until(anna, 'both streams live', () => window.aislive.streams.vessels === 'live' && window.aislive.streams.alerts === 'live');
  await until(anna, 'the last update shown', () => /last update \d+ s ago/.test(document.getElementById('last-update').textContent));
  await shot(anna, 'map-live');

  // Who is on watch: both signed-in people, on every screen.
  await until(anna, 'watchers', () => /ops-anna/.test(document.querySelector('#watchers').textContent) && /viewer-victor/.test(document.querySelector('#watchers').textContent));

  // A distress beacon (the simulated AIS-SART, in no fleet) raises a critical alert shown as DISTRESS.
  await until(anna, 'the distress alert', () => document.querySelector('#alerts li.distress') !== null, null, 90000);
  assert.match(await anna.textContent('#alerts li.distress .severity'), /DISTRESS/);
  await until(victor, 'the distress alert for the viewer', () => document.querySelector('#alerts li.distress') !== null);
  // The rule areas, with their names (read again when an alert names a rule the page had not seen: a fresh server
  // seeds its demo rules a moment after it first answers).
  await until(anna, 'rule areas', () => window.aislive.areasDrawn >= 1);
  await shot(anna, 'alert-distress');

  // Behaviour between ships and places: the demo's places are drawn, and an encounter alert names both ships and
  // shows its evidence, in the list (closest approach, duration, thresholds, fixes) and on the map (the pair).
  await until(anna, 'the places', () => window.aislive.placesDrawn >= 5);
  await until(anna, 'the encounter alert', () => [...window.aislive.alerts.values()].some((a) => a.kind === 'encounter' && a.evidence?.closestMeters != null), null, 90000);
  const encounter = await anna.evaluate(() => [...window.aislive.alerts.values()].find((a) => a.kind === 'encounter'));
  assert.equal(encounter.otherMmsi, 636019825, 'the other ship is the reefer, which is in no fleet');
  const encounterItem = `#alerts li[data-alert-id="${encounter.id}"]`;
  assert.match(await anna.textContent(`${encounterItem} .evidence-summary`), /closest \d+ m · \d+ min/);
  await anna.click(`${encounterItem} .title`);
  await until(anna, 'the encounter drawn on the map', () => document.querySelector('.evidence-label') !== null);
  await anna.click(`${encounterItem} details.evidence summary`);
  assert.match(await anna.textContent(`${encounterItem} details.evidence`), /thresholds: .*meters 500/);
  await shot(anna, 'alert-encounter');

  // A critical alert: a toast, the count in the tab title, and a notification although the tab is in front.
  await until(anna, 'a critical toast', () => document.querySelector('.toast.critical') !== null, null, 90000);
  await until(anna, 'a notification', () => window.aislive.notifications >= 1);
  assert.match(await anna.title(), /^\(\d+\) AisLive$/);
  await shot(anna, 'alert-toast');

  // Clicking an alert pans to its vessel, highlights it, marks where the alert was raised and opens its track.
  const aground = await anna.getAttribute('#alerts li.critical:not(.distress)', 'data-alert-id');
  const alert = await anna.evaluate((id) => window.aislive.alerts.get(Number(id)), aground);
  await anna.click(`#alerts li[data-alert-id="${aground}"] .title`);
  await until(anna, 'the alert\'s vessel selected with its track', (mmsi) => window.aislive.selected === mmsi && window.aislive.trackShown === mmsi, alert.mmsi);
  assert.match(await anna.textContent('#details'), new RegExp(String(alert.mmsi)));
  await shot(anna, 'alert-in-context');

  // Acknowledging can fail: the page says why and offers a retry, which then works. The note shows everywhere.
  await anna.route('**/api/alerts/*/acknowledge', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Unavailable', detail: 'database restarting' }) }));
  const item = `#alerts li[data-alert-id="${aground}"]`;
  await anna.fill(`${item} input.note`, 'tug on its way');
  await anna.click(`${item} button.ack-button`);
  await until(anna, 'the failure explained', (sel) => /database restarting/.test(document.querySelector(sel)?.textContent ?? ''), item);
  await shot(anna, 'acknowledge-failed');
  await anna.unroute('**/api/alerts/*/acknowledge');
  await anna.fill(`${item} input.note`, 'tug on its way');
  await anna.click(`${item} button.ack-button`);
  await until(victor, 'the acknowledgement and its note for the viewer', (id) => /acknowledged by ops-anna: “tug on its way”/.test(document.querySelector(`#alerts li[data-alert-id="${id}"]`)?.textContent ?? ''), aground);
  assert.equal(await victor.locator('#alerts button.ack-button').count(), 0, 'a viewer gets no Acknowledge button');
  await shot(anna, 'alert-acknowledged-operator');
  await shot(victor, 'alert-acknowledged-viewer');

  // Find a ship by name; Enter selects it.
  await anna.fill('#search', 'STUCK');
  await until(anna, 'the search result', () => document.querySelectorAll('#vessel-list li').length === 1 && /STUCK FAST/.test(document.querySelector('#vessel-list').textContent));
  await anna.click('#alerts li.distress .title'); // select something else first, so that Enter visibly selects
  await until(anna, 'the SART selected', () => window.aislive.selected === 970012345);
  await anna.press('#search', 'Enter');
  await until(anna, 'the found ship selected', () => window.aislive.selected === 244990004);

  // All my fleets: Anna's two fleets through one stream, the vessel in both of them once.
  const mine = new Set(fleets.filter((f) => f.members.some((m) => m.userId === 'ops-anna')).flatMap((f) => f.vessels));
  await anna.selectOption('#fleet', 'mine');
  await until(anna, 'all my fleets', (ids) => window.aislive.streams.vessels === 'live' && window.aislive.vessels.size >= ids.length - 2
    && [...window.aislive.vessels.keys()].every((m) => ids.includes(m)), [...mine]);
  await anna.fill('#search', '244990004');
  await until(anna, 'one entry for the shared vessel', () => document.querySelectorAll('#vessel-list li[data-mmsi="244990004"]').length === 1);
  await shot(anna, 'all-my-fleets');

  // Frozen server (SIGSTOP): connections stay open and nothing arrives. Both streams turn stale within two
  // heartbeat intervals (plus the page's one-second check), then come back live after SIGCONT.
  server.freeze();
  const frozenAt = Date.now();
  try {
    await until(anna, 'both streams stale', () => window.aislive.streams.vessels !== 'live' && window.aislive.streams.alerts !== 'live', null, 4 * HEARTBEAT_S * 1000 + 5000);
    assert.ok(Date.now() - frozenAt <= 2 * HEARTBEAT_S * 1000 + 3000, `stale after ${Date.now() - frozenAt} ms`);
    await shot(anna, 'server-frozen');
  } finally {
    server.thaw();
  }
  await until(anna, 'both streams live again', () => window.aislive.streams.vessels === 'live' && window.aislive.streams.alerts === 'live', null, 60000);

  // Killed outright and restarted: shown as down, then live again on its own. Victor's session cookie is gone
  // meanwhile, so his page asks him to sign in.
  await victor.context().clearCookies();
  await server.kill();
  await until(anna, 'the page to notice', () => window.aislive.connection !== 'live');
  await shot(anna, 'server-down');
  await server.start();
  await until(anna, 'live after the restart', () => window.aislive.connection === 'live' && window.aislive.vessels.size >= 5, null, 60000);
  assert.match(await anna.textContent('#feed'), /feed: (live|ended)/);
  await shot(anna, 'map-after-restart');
  await until(victor, 'the sign-in dialog', () => document.querySelector('#signin').open, null, 60000);
  await shot(victor, 'signed-out');
});

test('phone: the map and the alerts are both usable at 390 x 844, and an alert is acknowledged with a thumb', { timeout: 120000 }, async () => {
  const phone = await openPage(browser, server, 'ops-anna', 'operator', { viewport: { width: 390, height: 844 } });
  await until(phone, 'vessels', () => window.aislive.vessels.size >= 5);
  await shot(phone, 'phone-map');
  await phone.click('#tabs button[data-tab="alerts"]');
  await until(phone, 'an alert to acknowledge', () => document.querySelector('#alerts button.ack-button') !== null, null, 60000);
  const button = phone.locator('#alerts button.ack-button').first();
  const box = await button.boundingBox();
  assert.ok(box.height >= 44 && box.x >= 0 && box.x + box.width <= 390, `a thumb-sized button on screen: ${JSON.stringify(box)}`);
  const id = await phone.locator('#alerts li:has(button.ack-button)').first().getAttribute('data-alert-id');
  await shot(phone, 'phone-alerts');
  await button.click();
  await until(phone, 'acknowledged from the phone', (alertId) => /acknowledged by ops-anna/.test(document.querySelector(`#alerts li[data-alert-id="${alertId}"]`)?.textContent ?? ''), id);
  await shot(phone, 'phone-acknowledged');
});

test('push and alarm health: the service worker shows an alert with Acknowledge and Open, its Acknowledge goes through the REST acknowledgement; quality and out of service on the page', { timeout: 120000 }, async () => {
  const page = await openPage(browser, server, 'ops-anna', 'operator', { notifications: true });
  const context = page.context();
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: 30000 });
  assert.match(worker.url(), /\/sw\.js$/);
  await until(page, 'an alert to acknowledge', () => document.querySelector('#alerts button.ack-button') !== null, null, 60000);
  const id = Number(await page.locator('#alerts li:has(button.ack-button)').first().getAttribute('data-alert-id'));

  // What the push handler shows (a browser here has no push service to deliver a real push: the handler is called directly).
  const shown = await worker.evaluate(async (alertId) => {
    await self.aislive.showAlert({ alertId, title: 'Warning: TEST', body: 'pushed', severity: 'warning', needsAcknowledgement: true, url: `/#alert=${alertId}` });
    return (await self.registration.getNotifications()).map((n) => ({ tag: n.tag, actions: n.actions.map((a) => a.action) }));
  }, id);
  assert.deepEqual(shown, [{ tag: String(id), actions: ['acknowledge', 'open'] }]);

  // The notification's Acknowledge action: the same REST call, with the signed-in session and its permission checks.
  assert.equal(await worker.evaluate((alertId) => self.aislive.handleClick('acknowledge', { alertId, url: `/#alert=${alertId}` }), id), 'acknowledged');
  await until(page, 'acknowledged from the notification', (alertId) => /acknowledged by ops-anna: .acknowledged from a notification/.test(document.querySelector(`#alerts li[data-alert-id="${alertId}"]`)?.textContent ?? ''), id);
  // The fleet's alarm health: the quality figures, and a vessel out of service and back.
  await page.click('#fleet-health summary');
  await until(page, 'the alarm quality', () => /last 24 h: \d+ alerts/.test(document.getElementById('fleet-health')?.textContent ?? ''));
  await page.locator('#fleet-health .oos-form input[type=text]').first().fill('dry dock');
  await page.locator('#fleet-health .oos-form button').first().click();
  await until(page, 'the vessel listed out of service', () => /out of service: .dry dock/.test(document.querySelector('#fleet-health ul.out-of-service')?.textContent ?? ''));
  await shot(page, 'fleet-health');
  await page.locator('#fleet-health ul.out-of-service button').first().click();
  await until(page, 'the vessel back in service', () => /no vessel out of service/.test(document.querySelector('#fleet-health section')?.textContent ?? ''));
  // Signed out, it is refused (the same permission checks), and Open is what the person gets instead.
  const other = Number(await page.locator('#alerts li:has(button.ack-button)').first().getAttribute('data-alert-id'));
  await page.evaluate(() => fetch('/api/auth/session', { method: 'DELETE', credentials: 'same-origin' }));
  assert.notEqual(await worker.evaluate((alertId) => self.aislive.handleClick('acknowledge', { alertId, url: `/#alert=${alertId}` }), other), 'acknowledged');
  const alerts = await (await fetch(`${server.url}/api/alerts?state=all`, { headers: { Authorization: `Bearer ${server.token('ops-anna', 'operator')}` } })).json();
  assert.equal(alerts.find((a) => a.id === other)?.acknowledgedBy, null, 'not acknowledged by a signed-out click');
  await context.close();
});

test('sessions: a 503 while the server starts is retried and said on screen; an ending session is renewed without a reload', { timeout: 120000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[sessions] page error: ${error.message}`));
  let refusals = 3; // what a starting server answers while its fleets load (FleetEndpoints: 503 with Retry-After)
  await page.route('**/api/fleets', (route) => (refusals-- > 0
    ? route.fulfill({ status: 503, headers: { 'Retry-After': '1' }, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Starting', status: 503 }) })
    : route.continue()));
  await page.goto(`${server.url}/#token=${server.token('ops-anna', 'operator', 5)}`); // five minutes left: warned at once
  await until(page, 'the starting notice', () => /server is starting/.test(document.querySelector('#notice').textContent));
  await shot(page, 'server-starting');
  await until(page, 'vessels once the server answers', () => window.aislive.vessels.size >= 5);
  assert.equal(await page.textContent('#notice'), '');

  await until(page, 'the session warning', () => !document.querySelector('#session-warning').hidden);
  await shot(page, 'session-ending');
  await page.evaluate(() => { window.keptAcrossRenewal = true; });
  await page.click('#session-warning button');
  await page.fill('#token', server.token('ops-anna', 'operator'));
  await page.click('#signin-form button[type=submit]');
  await until(page, 'a renewed session on the same page', () => document.querySelector('#session-warning').hidden && !document.querySelector('#signin').open
    && window.keptAcrossRenewal === true && window.aislive.vessels.size >= 5 && Date.parse(window.aislive.me.expiresAt) - Date.now() > 30 * 60 * 1000);
});

test('another origin: the example page shows a fleet live through stream.js and survives a server restart', { timeout: 120000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[example] page error: ${error.message}`));
  await page.goto(example.url);
  await page.fill('#server', server.url);
  await page.fill('#fleet', '1');
  await page.fill('#token', server.token('ops-anna', 'operator'));
  await page.click('button[type=submit]');
  await until(page, 'vessels on the example page', () => window.example.state === 'live' && window.example.vessels.size >= 5);
  await shot(page, 'example-other-origin');
  await server.kill();
  await until(page, 'the example page to notice', () => window.example.state !== 'live');
  await server.start();
  await until(page, 'the example page live again', () => window.example.state === 'live' && window.example.vessels.size >= 5, null, 60000);
});

test('markup from others is text: a rule named like a form is drawn as its characters, and the page forbids forms elsewhere', { timeout: 120000 }, async () => {
  const admin = { Authorization: `Bearer ${server.token('dev-admin', 'admin')}`, 'Content-Type': 'application/json' };
  const known = await (await fetch(`${server.url}/api/fleets`, { headers: admin })).json();
  const fleetId = known.find((f) => f.name === 'Rotterdam traffic').id;
  const name = '<form action=https://example.org><input name=t placeholder="session expired, paste your token"></form>';
  const area = { type: 'Polygon', coordinates: [[[3.9, 51.9], [4.1, 51.9], [4.1, 52.05], [3.9, 52.05], [3.9, 51.9]]] };
  const created = await fetch(`${server.url}/api/rules`, {
    method: 'POST', headers: admin, body: JSON.stringify({ name, fleetId, kind: 'geofence-enter', severity: 'info', parameters: { area } }),
  });
  assert.equal(created.status, 201, await created.text());

  const page = await openPage(browser, server, 'ops-anna', 'operator');
  await until(page, 'the rule area drawn with its name', () => [...document.querySelectorAll('.area-label')].some((l) => l.textContent.startsWith('<form action=')), null, 60000);
  assert.equal(await page.locator('form[action="https://example.org"], input[name="t"]').count(), 0, 'no form made of a rule name');
  const csp = (await (await fetch(`${server.url}/`)).headers.get('content-security-policy')) ?? '';
  for (const directive of ["form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
  await shot(page, 'rule-name-as-text');
});

test('a link with another user\'s token asks before it replaces the signed-in session', { timeout: 120000 }, async () => {
  const page = await openPage(browser, server, 'ops-anna', 'operator');
  const asked = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    return asked.length === 1 ? dialog.dismiss() : dialog.accept();
  });
  const link = `${server.url}/#token=${server.token('ops-ben', 'operator')}`;

  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForFunction(() => window.aislive?.me != null, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.aislive.me.sub), 'ops-anna', 'declined: still ops-anna');
  assert.match(asked[0], /signed in as ops-anna.*signs in as ops-ben/);

  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForFunction(() => window.aislive?.me?.sub === 'ops-ben', null, { timeout: 30000 });
  assert.equal(asked.length, 2);
});

test('openapi: /openapi/v1.json passes `redocly lint` with no errors', { timeout: 60000 }, async () => {
  // Runs after the tests above, against the same running server.
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
