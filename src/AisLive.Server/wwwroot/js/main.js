// AisLive map page: wiring. Streams come from stream.js, the map from map.js, alerts from alerts.js, panels from
// panels.js; they talk through state.js. No build step: Leaflet and topojson-client load as plain scripts.
import { state, on, emit, isStale } from './state.js';
import { LiveStream } from './stream.js';
import { ensureSignedIn, requireSignIn, watchExpiry, api } from './session.js';
import { redraw, drawAreas, drawPlaces, drawEvidence } from './map.js';
import { setUpPush } from './push.js';
import { setUpFleetHealth, renderFleetHealth } from './lifecycle.js';
import { applyAlert, applyAcknowledged, applyResolved, applyEscalated, applyUpdated, applyShelved, applyUnshelved, render as renderAlerts, setUpControls } from './alerts.js';
import { select, selectedMoved, renderDetails, renderVesselList, setUpVesselList, renderWatchers, loadWatchers } from './panels.js';

const HEARTBEAT_MS = 15000; // until the first heartbeat event says the server's interval
const streams = { vessels: null, alerts: null };

// ---- status line: both streams, the feed, and how fresh the data is ----
const LABELS = { live: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…', stale: 'stale', unavailable: 'server starting', unauthorized: 'signed out', closed: 'closed' };
function setStream(name, status, detail) {
  state.streams[name] = status;
  if (name === 'vessels') state.connection = status;
  const pill = document.getElementById(`${name}-state`);
  pill.textContent = `${name}: ${LABELS[status] ?? status}${detail ? ` (${detail})` : ''}`;
  pill.className = `pill ${status === 'live' ? 'ok' : ['stale', 'unauthorized', 'closed'].includes(status) ? 'bad' : 'warn'}`;
  if (status === 'unauthorized') signInAgain('Your session has ended. Sign in again to carry on.');
}

function renderStatus() {
  const live = [...state.vessels.values()].filter((v) => !isStale(v)).length;
  document.getElementById('vessel-count').textContent = `${live} vessel${live === 1 ? '' : 's'} live`;
  const feed = document.getElementById('feed');
  feed.textContent = `feed: ${state.feed?.state ?? 'unknown'}`;
  feed.className = `pill ${['live', 'ended'].includes(state.feed?.state) ? 'ok' : state.feed?.state === 'failed' ? 'bad' : 'warn'}`;
  const ago = state.lastUpdate ? Math.round((Date.now() - state.lastUpdate) / 1000) : null;
  document.getElementById('last-update').textContent = ago == null ? 'no update yet' : `last update ${ago} s ago`;
}
setInterval(renderStatus, 1000); // "N s ago" and staleness change with time alone
on('notice', (text) => { document.getElementById('notice').textContent = text ?? ''; });

async function signInAgain(reason) {
  state.me = await requireSignIn(reason);
  showIdentity();
  for (const stream of Object.values(streams)) stream?.reconnect();
}

function showIdentity() {
  document.getElementById('who').textContent = `${state.me.sub} (${state.me.role})`;
  watchExpiry(state.me, (renewed) => { state.me = renewed; showIdentity(); for (const s of Object.values(streams)) if (s?.state !== 'live') s?.reconnect(); });
}

// ---- the vessel stream: one fleet, or all the caller's fleets ----
function watchVessels(fleetId) {
  streams.vessels?.close();
  state.fleetId = fleetId;
  state.vessels.clear();
  renderFleetHealth();
  redraw();
  const url = fleetId === 'mine' ? '/api/me/stream' : `/api/fleets/${fleetId}/stream`;
  const changed = () => {
    const first = !state.lastUpdate;
    state.lastUpdate = Date.now();
    redraw();
    scheduleList();
    if (first) renderStatus(); // the status line says so at once, not at its next second
  };
  streams.vessels = new LiveStream(url, {
    heartbeatMs: HEARTBEAT_MS,
    handlers: {
      position: (vessel) => {
        state.vessels.set(vessel.mmsi, vessel);
        if (vessel.mmsi === state.selected) selectedMoved(vessel);
        changed();
      },
      remove: ({ mmsi }) => { state.vessels.delete(mmsi); changed(); },
      reset: () => { state.vessels.clear(); changed(); }, // a new server epoch: a fresh snapshot follows
      feed: (feed) => { state.feed = feed; renderStatus(); },
      presence: (presence) => { state.watchers.set(presence.fleetId, presence.watchers); renderWatchers(); renderAlerts(); },
      'fleets-changed': () => streams.vessels.restart(),
      'access-revoked': () => { streams.vessels.close(); emit('notice', 'You are no longer a member of this fleet.'); },
      'session-expired': () => {}, // the stream ends; the reconnect sees 401 and asks to sign in
    },
    onState: (status, detail) => setStream('vessels', status, detail),
  });
  const ids = fleetId === 'mine' ? state.fleets.map((f) => f.id) : [Number(fleetId)];
  loadWatchers(ids);
  loadAreas(ids);
}

let listTimer = null;
function scheduleList() {
  if (listTimer) return;
  listTimer = setTimeout(() => { listTimer = null; renderVesselList(); renderStatus(); }, 500);
}

// The rule areas on screen. Rules change (and a fresh server seeds its demo rules a moment after it answers), so they
// are read again every minute, and at once when an alert names a rule the page has not seen.
const knownRules = new Set();
let areaFleets = [];
async function loadAreas(fleetIds = areaFleets) {
  areaFleets = fleetIds;
  const response = await api('/api/rules');
  if (!response.ok) return;
  const rules = await response.json();
  for (const rule of rules) knownRules.add(rule.id);
  drawAreas(rules.filter((r) => areaFleets.includes(r.fleetId)));
  loadPlaces(); // the places are seeded and changed with the rules: read with them
}
setInterval(() => loadAreas(), 60000);

// The places (ports, anchorages...): every signed-in user reads them.
async function loadPlaces() {
  const response = await api('/api/places');
  if (response.ok) drawPlaces(await response.json());
}

function watchAlerts() {
  streams.alerts = new LiveStream('/api/alerts/stream', {
    heartbeatMs: HEARTBEAT_MS,
    handlers: {
      alert: (alert) => {
        applyAlert(alert, { isNew: !state.alerts.has(alert.id) });
        if (!knownRules.has(alert.ruleId)) { knownRules.add(alert.ruleId); loadAreas(); }
      },
      'alert-acknowledged': applyAcknowledged,
      'alert-resolved': applyResolved,
      'alert-returned': applyResolved,
      'alert-shelved': applyShelved,
      'alert-unshelved': applyUnshelved,
      'alert-escalated': applyEscalated,
      'alert-updated': applyUpdated,
      unavailable: () => emit('notice', 'Alerts are delayed: the alert store is not reachable; retrying.'),
      'session-expired': () => {},
    },
    onState: (status, detail) => setStream('alerts', status, detail),
  });
}

// ---- the phone layout: map, alerts and vessels as tabs ----
on('tab', (name) => {
  document.body.dataset.tab = name;
  for (const button of document.querySelectorAll('#tabs button')) button.setAttribute('aria-selected', String(button.dataset.tab === name));
  if (name === 'map') setTimeout(() => window.dispatchEvent(new Event('resize')), 0);
});
for (const button of document.querySelectorAll('#tabs button')) button.addEventListener('click', () => emit('tab', button.dataset.tab));

on('select', (mmsi) => select(mmsi));
on('show-alert', (alert) => { emit('tab', 'map'); select(alert.mmsi, { alert }); });
on('evidence', (alert) => drawEvidence(alert));

// ---- start ----
async function start() {
  state.me = await ensureSignedIn();
  showIdentity();
  setUpControls();
  setUpFleetHealth();
  setUpPush().catch((error) => emit('notice', `Phone alerts are not available here: ${error.message}`));
  setUpVesselList();
  renderDetails();
  if ('Notification' in window && Notification.permission === 'default') {
    const button = document.getElementById('notify');
    button.hidden = false;
    button.addEventListener('click', async () => { await Notification.requestPermission(); button.hidden = true; });
  }

  const response = await api('/api/fleets', {}, (waiting) => emit('notice', waiting));
  state.fleets = response.ok ? await response.json() : [];
  const picker = document.getElementById('fleet');
  const options = state.fleets.map((f) => Object.assign(document.createElement('option'), { value: f.id, textContent: `${f.name} (${f.vessels.length})` }));
  if (state.fleets.length > 1) options.unshift(Object.assign(document.createElement('option'), { value: 'mine', textContent: 'All my fleets' }));
  picker.replaceChildren(...options);
  const remembered = localStorage.getItem('aislive.fleet');
  if (remembered && options.some((o) => o.value === remembered)) picker.value = remembered;
  picker.addEventListener('change', () => { localStorage.setItem('aislive.fleet', picker.value); watchVessels(picker.value); });
  if (options.length > 0) watchVessels(picker.value);
  else emit('notice', 'You are not a member of any fleet.');
  watchAlerts();
  renderAlerts();
  loadPlaces();
}

start();
