// The side panels: vessel details with its live track, the searchable and sortable vessel list, and who is on watch.
import { state, emit, element, isStale } from './state.js';
import { api } from './session.js';
import { setTrack, extendTrack, redraw, panTo, markAlert, drawEvidence } from './map.js';

// ---- details ----
export async function select(mmsi, { alert = null } = {}) {
  state.selected = mmsi;
  state.shownAlert = alert?.id ?? null;
  markAlert(alert);
  drawEvidence(alert);
  const vessel = state.vessels.get(mmsi);
  if (vessel) panTo(vessel.lat, vessel.lon);
  else if (alert?.lat != null) panTo(alert.lat, alert.lon);
  renderDetails();
  redraw();
  setTrack([]);
  const from = new Date(Date.now() - 6 * 3600 * 1000).toISOString();
  const response = await api(`/api/vessels/${mmsi}/track?from=${encodeURIComponent(from)}`);
  if (!response.ok || state.selected !== mmsi) return;
  const track = await response.json();
  setTrack(track.geometry?.type === 'LineString' ? track.geometry.coordinates : []);
  state.trackShown = mmsi;
}

/** A live position of the selected vessel: the details change and the track grows. */
export function selectedMoved(vessel) {
  renderDetails();
  if (state.trackShown === vessel.mmsi) extendTrack(vessel);
}

export function renderDetails() {
  const section = document.getElementById('details');
  const vessel = state.vessels.get(state.selected);
  if (!vessel) {
    section.replaceChildren(element('h2', { textContent: 'Vessel' }), element('p', { className: 'hint', textContent: 'Select a vessel on the map, in the list or in an alert.' }));
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
  const list = element('dl');
  for (const [label, value] of rows) {
    if (value == null || value === '') continue;
    list.append(element('dt', { textContent: label }), element('dd', { textContent: String(value) }));
  }
  section.replaceChildren(element('h2', { textContent: vessel.name ?? `MMSI ${vessel.mmsi}` }), list);
}

// ---- find a ship: search and a sortable list of the vessels in view ----
let sortBy = 'name';
export function renderVesselList() {
  const query = document.getElementById('search').value.trim().toLowerCase();
  const matches = [...state.vessels.values()].filter((v) => !query
    || (v.name ?? '').toLowerCase().includes(query) || String(v.mmsi).includes(query) || (v.callsign ?? '').toLowerCase().includes(query));
  const key = {
    name: (v) => (v.name ?? `~${v.mmsi}`).toLowerCase(),
    sog: (v) => -(v.sog ?? -1),
    seen: (v) => -Date.parse(v.receivedAt ?? v.timestamp ?? 0),
  }[sortBy];
  matches.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  document.getElementById('vessel-results').textContent = `${matches.length} of ${state.vessels.size}`;
  document.getElementById('vessel-list').replaceChildren(...matches.slice(0, 200).map((v) => {
    const row = element('li', { className: isStale(v) ? 'stale' : '' },
      element('span', { className: 'name', textContent: v.name ?? `MMSI ${v.mmsi}` }),
      element('span', { className: 'meta', textContent: `${v.mmsi}${v.callsign ? ` · ${v.callsign}` : ''} · ${v.sog != null ? `${v.sog.toFixed(1)} kn` : '—'}` }));
    row.dataset.mmsi = v.mmsi;
    row.addEventListener('click', () => { emit('tab', 'map'); select(v.mmsi); }); // on a phone: show it on the map
    return row;
  }));
}

export function setUpVesselList() {
  let timer = null;
  document.getElementById('search').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { renderVesselList(); emit('tab', 'vessels'); }, 150);
  });
  document.getElementById('search').addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    renderVesselList(); // what is typed now, not what the debounced list showed
    const first = document.querySelector('#vessel-list li');
    if (first) { emit('tab', 'map'); select(Number(first.dataset.mmsi)); }
  });
  document.getElementById('sort').addEventListener('change', (event) => { sortBy = event.target.value; renderVesselList(); });
}

// ---- who is on watch ----
export function renderWatchers() {
  const fleetIds = state.fleetId === 'mine' ? state.fleets.map((f) => f.id) : [Number(state.fleetId)];
  const people = new Map();
  for (const id of fleetIds) for (const w of state.watchers.get(id) ?? []) people.set(w.userId, w);
  const names = [...people.keys()];
  document.getElementById('watchers').textContent = names.length ? `On watch: ${names.join(', ')}` : 'Nobody on watch';
}

export async function loadWatchers(fleetIds) {
  for (const id of fleetIds) {
    const response = await api(`/api/fleets/${id}/watchers`);
    if (response.ok) state.watchers.set(id, (await response.json()).watchers);
  }
  renderWatchers();
}
