// AisLive map page: a fleet's vessels live from SSE, drawn on one canvas, with the alerts panel.
// No build step: Leaflet and topojson-client are loaded as plain scripts from /vendor/.
const L = window.L;
const STALE_AFTER_MS = 10 * 60 * 1000;

const state = {
  vessels: new Map(),   // mmsi -> vessel state (the position event's data)
  alerts: new Map(),    // alert id -> alert
  selected: null,
  fleetId: null,
  feed: null,
  connection: 'connecting',
  me: null,
};
window.aislive = state; // for the browser test and for curious operators

// ---- Streams: EventSource gives up for good on a non-200 answer, so reconnection is ours. ----
class ReconnectingStream {
  constructor(url, handlers, onStatus) {
    this.url = url;
    this.handlers = handlers;
    this.onStatus = onStatus;
    this.attempt = 0;
    this.lastEventId = null;
    this.closed = false;
    this.open();
  }

  open() {
    const url = this.lastEventId ? `${this.url}?lastEventId=${encodeURIComponent(this.lastEventId)}` : this.url;
    const source = new EventSource(url, { withCredentials: true });
    this.source = source;
    source.onopen = () => { this.attempt = 0; this.onStatus('live'); };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && !this.closed) {
        this.onStatus('reconnecting');
        this.retry();
      } else if (!this.closed) {
        this.onStatus('reconnecting'); // the browser retries by itself after a dropped connection
      }
    };
    for (const [type, handler] of Object.entries(this.handlers)) {
      source.addEventListener(type, (event) => {
        if (event.lastEventId) this.lastEventId = event.lastEventId;
        handler(event.data ? JSON.parse(event.data) : null, event);
      });
    }
  }

  retry() {
    // Exponential backoff with jitter, capped, so a restarted server is not stampeded.
    const base = Math.min(30000, 1000 * 2 ** Math.min(this.attempt++, 5));
    const delay = base / 2 + Math.random() * base / 2;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (!this.closed) this.open(); }, delay);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
  }
}

// ---- Sign-in: a token in the URL fragment (the dev link) or pasted, exchanged for the session cookie. ----
async function signIn(token) {
  const response = await fetch('/api/auth/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(response.status === 401 ? 'That token is not valid (or has expired).' : `Sign-in failed (${response.status}).`);
  return response.json();
}

async function whoAmI() {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin' });
  return response.ok ? response.json() : null;
}

async function ensureSignedIn() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    history.replaceState(null, '', location.pathname + location.search); // never leave the token in the address bar
    try { return await signIn(token); } catch (error) { document.getElementById('signin-error').textContent = error.message; }
  }

  const me = await whoAmI();
  if (me) return me;
  const dialog = document.getElementById('signin');
  dialog.showModal();
  return new Promise((resolve) => {
    document.getElementById('signin-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const identity = await signIn(document.getElementById('token').value.trim());
        dialog.close();
        resolve(identity);
      } catch (error) {
        document.getElementById('signin-error').textContent = error.message;
      }
    });
  });
}

// ---- Map: an offline basemap (Natural Earth land from the world-atlas package) and a canvas vessel layer. ----
const map = L.map('map', { preferCanvas: true, worldCopyJump: true }).setView([52.0, 3.0], 7);
const renderer = L.canvas({ padding: 0.2 });
fetch('/vendor/world-atlas/land-50m.json')
  .then((r) => r.json())
  .then((topology) => L.geoJSON(window.topojson.feature(topology, topology.objects.land), {
    renderer, interactive: false, style: { color: '#6b8e6b', weight: 1, fillColor: '#dfe8d8', fillOpacity: 1 },
  }).addTo(map))
  .catch(() => setConnection('basemap missing: run scripts/aislive to install the page packages'));

const trackLayer = L.polyline([], { color: '#ff8c00', weight: 2, renderer }).addTo(map);

function colourOf(vessel) {
  if (isStale(vessel)) return '#8a8a8a';
  const type = vessel.shipType ?? 0;
  if (type >= 60 && type < 70) return '#2f7ed8';   // passenger
  if (type >= 70 && type < 80) return '#2e9e4f';   // cargo
  if (type >= 80 && type < 90) return '#d64545';   // tanker
  if (type === 30) return '#e08a1e';               // fishing
  return '#7b61c9';
}

function isStale(vessel) {
  return Date.now() - Date.parse(vessel.receivedAt ?? vessel.timestamp ?? 0) > STALE_AFTER_MS;
}

// One canvas for every vessel, redrawn at most once per animation frame: thousands of markers stay smooth.
const VesselLayer = L.Layer.extend({
  onAdd(m) {
    this.canvas = L.DomUtil.create('canvas', 'leaflet-zoom-hide');
    this.canvas.style.pointerEvents = 'none';
    m.getPanes().overlayPane.appendChild(this.canvas);
    m.on('moveend zoomend resize', this.reset, this);
    m.on('mousemove', this.hover, this);
    m.on('click', this.click, this);
    this.tooltip = L.tooltip({ direction: 'top', offset: [0, -8], className: 'vessel-tip' });
    this.reset();
  },
  onRemove(m) {
    this.canvas.remove();
    m.off('moveend zoomend resize', this.reset, this);
  },
  reset() {
    const size = this._map.getSize();
    const topLeft = this._map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(this.canvas, topLeft);
    this.canvas.width = size.x;
    this.canvas.height = size.y;
    this.draw();
  },
  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = null; this.draw(); });
  },
  draw() {
    const ctx = this.canvas.getContext('2d');
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (const vessel of state.vessels.values()) {
      const p = this._map.latLngToContainerPoint([vessel.lat, vessel.lon]);
      if (p.x < -10 || p.y < -10 || p.x > this.canvas.width + 10 || p.y > this.canvas.height + 10) continue;
      const angle = ((vessel.heading ?? vessel.cog ?? 0) * Math.PI) / 180;
      ctx.save();
      ctx.translate(p.x, p.y);
      ctx.rotate(angle);
      ctx.beginPath();
      ctx.moveTo(0, -8); ctx.lineTo(5, 6); ctx.lineTo(0, 3); ctx.lineTo(-5, 6); ctx.closePath();
      ctx.fillStyle = colourOf(vessel);
      ctx.fill();
      ctx.lineWidth = vessel.mmsi === state.selected ? 2.5 : 1;
      ctx.strokeStyle = vessel.mmsi === state.selected ? '#ffffff' : '#1b1b1b';
      ctx.stroke();
      ctx.restore();
    }
  },
  nearest(containerPoint) {
    let best = null;
    let bestDistance = 10;
    for (const vessel of state.vessels.values()) {
      const d = this._map.latLngToContainerPoint([vessel.lat, vessel.lon]).distanceTo(containerPoint);
      if (d < bestDistance) { best = vessel; bestDistance = d; }
    }
    return best;
  },
  hover(event) {
    const vessel = this.nearest(event.containerPoint);
    if (vessel) {
      this.tooltip.setLatLng([vessel.lat, vessel.lon]).setContent(vessel.name ?? `MMSI ${vessel.mmsi}`);
      if (!this._map.hasLayer(this.tooltip)) this.tooltip.addTo(this._map);
    } else if (this._map.hasLayer(this.tooltip)) {
      this._map.removeLayer(this.tooltip);
    }
  },
  click(event) {
    const vessel = this.nearest(event.containerPoint);
    if (vessel) select(vessel.mmsi);
  },
});
const vesselLayer = new VesselLayer().addTo(map);

// ---- Vessel details and recent track (history endpoint). ----
async function select(mmsi) {
  state.selected = mmsi;
  renderDetails();
  vesselLayer.schedule();
  const from = new Date(Date.now() - 6 * 3600 * 1000).toISOString();
  const response = await fetch(`/api/vessels/${mmsi}/track?from=${encodeURIComponent(from)}`, { credentials: 'same-origin' });
  if (!response.ok || state.selected !== mmsi) return;
  const track = await response.json();
  const coordinates = track.geometry?.type === 'LineString' ? track.geometry.coordinates : [];
  trackLayer.setLatLngs(coordinates.map(([lon, lat]) => [lat, lon]));
}

function renderDetails() {
  const section = document.getElementById('details');
  const vessel = state.vessels.get(state.selected);
  if (!vessel) {
    section.innerHTML = '<h2>Vessel</h2><p class="hint">Select a vessel on the map.</p>';
    return;
  }
  const rows = [
    ['Name', vessel.name], ['MMSI', vessel.mmsi], ['Call sign', vessel.callsign], ['IMO', vessel.imo], ['Type', vessel.shipType],
    ['Position', `${vessel.lat?.toFixed(5)}, ${vessel.lon?.toFixed(5)}`], ['Speed', vessel.sog != null ? `${vessel.sog.toFixed(1)} kn` : null],
    ['Course', vessel.cog != null ? `${vessel.cog.toFixed(1)}°` : null], ['Heading', vessel.heading != null ? `${vessel.heading}°` : null],
    ['Status', vessel.navStatus], ['Destination', vessel.destination], ['ETA', vessel.eta ? new Date(vessel.eta).toUTCString() : null],
    ['Size', vessel.length ? `${vessel.length} × ${vessel.width ?? '?'} m` : null], ['Draught', vessel.draught ? `${vessel.draught} m` : null],
    ['Last report', vessel.timestamp ? new Date(vessel.timestamp).toUTCString() : null],
  ];
  section.innerHTML = '<h2>Vessel</h2><dl></dl>';
  const list = section.querySelector('dl');
  for (const [label, value] of rows) {
    if (value == null || value === '') continue;
    list.append(Object.assign(document.createElement('dt'), { textContent: label }), Object.assign(document.createElement('dd'), { textContent: String(value) }));
  }
}

// ---- Status line: feed, connection, and how many vessels are live. ----
function setConnection(text) {
  state.connection = text;
  const pill = document.getElementById('connection');
  pill.textContent = text;
  pill.className = `pill ${text === 'live' ? 'ok' : text.startsWith('reconnecting') ? 'warn' : 'bad'}`;
}

function renderStatus() {
  const live = [...state.vessels.values()].filter((v) => !isStale(v)).length;
  document.getElementById('vessel-count').textContent = `${live} vessel${live === 1 ? '' : 's'} live`;
  const feed = document.getElementById('feed');
  feed.textContent = `feed: ${state.feed?.state ?? 'unknown'}`;
  feed.className = `pill ${['live', 'ended'].includes(state.feed?.state) ? 'ok' : state.feed?.state === 'failed' ? 'bad' : 'warn'}`;
}
setInterval(renderStatus, 5000); // staleness changes with time alone

// ---- Fleet stream. ----
let fleetStream = null;
function watchFleet(fleetId) {
  fleetStream?.close();
  state.fleetId = fleetId;
  state.vessels.clear();
  vesselLayer.schedule();
  fleetStream = new ReconnectingStream(`/api/fleets/${fleetId}/stream`, {
    position: (vessel) => {
      state.vessels.set(vessel.mmsi, vessel);
      if (vessel.mmsi === state.selected) renderDetails();
      vesselLayer.schedule();
    },
    remove: ({ mmsi }) => { state.vessels.delete(mmsi); vesselLayer.schedule(); },
    reset: () => { state.vessels.clear(); vesselLayer.schedule(); }, // a new server epoch: a fresh snapshot follows
    feed: (feed) => { state.feed = feed; renderStatus(); },
    'access-revoked': () => { fleetStream.close(); setConnection('no longer a member of this fleet'); },
    'session-expired': () => { fleetStream.close(); setConnection('session expired: sign in again'); location.reload(); },
  }, (status) => { setConnection(status); renderStatus(); });
}

// ---- Alerts panel, fed by the durable alerts stream; acknowledgements by anyone appear live. ----
function renderAlerts() {
  const list = document.getElementById('alerts');
  const alerts = [...state.alerts.values()].sort((a, b) => b.id - a.id);
  document.getElementById('alert-count').textContent = `(${alerts.filter((a) => a.status === 'open').length} open)`;
  list.replaceChildren(...alerts.map((alert) => {
    const item = document.createElement('li');
    item.className = `${alert.severity} ${alert.status}`;
    item.dataset.alertId = alert.id;
    const title = Object.assign(document.createElement('div'), { textContent: alert.message });
    const meta = Object.assign(document.createElement('div'), { className: 'meta' });
    const status = alert.acknowledgedBy ? `${alert.status === 'resolved' ? 'resolved, ' : ''}acknowledged by ${alert.acknowledgedBy}` : alert.status;
    meta.textContent = `${alert.ruleName} · ${new Date(alert.raisedAt).toUTCString()} · ${status}`;
    item.append(title, meta);
    if (!alert.acknowledgedBy && state.me?.role !== 'viewer') {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Acknowledge' });
      button.addEventListener('click', () => acknowledge(alert.id, button));
      item.append(button);
    }
    item.addEventListener('dblclick', () => { if (state.vessels.has(alert.mmsi)) select(alert.mmsi); });
    return item;
  }));
}

async function acknowledge(id, button) {
  button.disabled = true;
  const response = await fetch(`/api/alerts/${id}/acknowledge`, {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  if (response.ok) {
    const alert = await response.json();
    state.alerts.set(alert.id, alert);
    renderAlerts();
  } else {
    button.disabled = false;
  }
}

function notify(alert) {
  if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
    new Notification(`AisLive: ${alert.severity}`, { body: alert.message, tag: `alert-${alert.id}` });
  }
}

function watchAlerts() {
  return new ReconnectingStream('/api/alerts/stream', {
    alert: (alert) => { const isNew = !state.alerts.has(alert.id); state.alerts.set(alert.id, alert); renderAlerts(); if (isNew && alert.status === 'open') notify(alert); },
    'alert-acknowledged': (ack) => {
      const alert = state.alerts.get(ack.alertId);
      if (alert) { Object.assign(alert, { acknowledgedBy: ack.acknowledgedBy, acknowledgedAt: ack.acknowledgedAt, status: ack.status ?? 'acknowledged' }); renderAlerts(); }
    },
    'alert-resolved': (resolved) => {
      const alert = state.alerts.get(resolved.alertId);
      if (alert) { Object.assign(alert, { status: 'resolved', resolvedAt: resolved.resolvedAt }); renderAlerts(); }
    },
  }, () => {});
}

// ---- Start. ----
async function start() {
  state.me = await ensureSignedIn();
  document.getElementById('who').textContent = `${state.me.sub} (${state.me.role})`;
  if ('Notification' in window && Notification.permission === 'default') {
    const button = document.getElementById('notify');
    button.hidden = false;
    button.addEventListener('click', async () => { await Notification.requestPermission(); button.hidden = true; });
  }

  const fleets = await (await fetch('/api/fleets', { credentials: 'same-origin' })).json();
  const select = document.getElementById('fleet');
  select.replaceChildren(...fleets.map((f) => Object.assign(document.createElement('option'), { value: f.id, textContent: `${f.name} (${f.vessels.length})` })));
  const remembered = localStorage.getItem('aislive.fleet');
  if (remembered && fleets.some((f) => String(f.id) === remembered)) select.value = remembered;
  select.addEventListener('change', () => { localStorage.setItem('aislive.fleet', select.value); watchFleet(select.value); });
  if (fleets.length > 0) watchFleet(select.value);
  else setConnection('you are not a member of any fleet');
  watchAlerts();
}

start();
