// The map: an offline basemap (Natural Earth land from world-atlas), one canvas for every vessel, the selected
// vessel's track, where an alert was raised, and the fleets' rule areas with their names.
import { state, emit, isStale } from './state.js';

const L = window.L;

// Leaflet reads a tooltip's string as HTML. Names come from other people (rules) and from the air (vessels), so they
// go in as a text node: a rule named "<form ...>" is drawn as those characters, never as a form.
function asText(text) {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
export const map = L.map('map', { preferCanvas: true, worldCopyJump: true }).setView([52.0, 3.0], 7);
const renderer = L.canvas({ padding: 0.2 });

// Tiles where the operator configured a tile server (Map:TileUrl), else the offline coastline, which needs no network.
fetch('/map-config.json')
  .then((r) => (r.ok ? r.json() : {}))
  .catch(() => ({}))
  .then((config) => {
    state.basemap = config.tileUrl ? 'tiles' : 'coastline';
    if (config.tileUrl) L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    else drawCoastline();
    if (config.overlayUrl) L.tileLayer(config.overlayUrl, { attribution: config.overlayAttribution, maxZoom: 18 }).addTo(map);
  });

function drawCoastline() {
  fetch('/vendor/world-atlas/land-50m.json')
    .then((r) => r.json())
    .then((topology) => L.geoJSON(window.topojson.feature(topology, topology.objects.land), {
      renderer, interactive: false, style: { color: '#6b8e6b', weight: 1, fillColor: '#dfe8d8', fillOpacity: 1 },
    }).addTo(map).bringToBack())
    .catch(() => emit('notice', 'basemap missing: run scripts/aislive to install the page packages'));
}

const trackLayer = L.polyline([], { color: '#ff8c00', weight: 2, renderer }).addTo(map);
const alertMarker = L.circleMarker([0, 0], { radius: 9, color: '#e5484d', weight: 3, fill: false, renderer });
const areas = L.layerGroup().addTo(map);
const places = L.layerGroup().addTo(map);
const evidence = L.layerGroup().addTo(map);
L.control.layers(null, { 'Rule areas': areas, Places: places, Evidence: evidence }, { collapsed: false, position: 'topright' }).addTo(map);
const PLACE_COLOURS = { port: '#1f6feb', terminal: '#0e8a8a', anchorage: '#8250df', canal: '#3b8eea', other: '#6e7781' };

function colourOf(vessel) {
  if (isStale(vessel)) return '#8a8a8a';
  const type = vessel.shipType ?? 0;
  if (type >= 60 && type < 70) return '#2f7ed8';   // passenger
  if (type >= 70 && type < 80) return '#2e9e4f';   // cargo
  if (type >= 80 && type < 90) return '#d64545';   // tanker
  if (type === 30) return '#e08a1e';               // fishing
  return '#7b61c9';
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
    L.DomUtil.setPosition(this.canvas, this._map.containerPointToLayerPoint([0, 0]));
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
      const selected = vessel.mmsi === state.selected;
      ctx.save();
      ctx.translate(p.x, p.y);
      if (selected) { ctx.beginPath(); ctx.arc(0, 0, 14, 0, 2 * Math.PI); ctx.strokeStyle = '#ffd400'; ctx.lineWidth = 3; ctx.stroke(); }
      ctx.rotate(((vessel.heading ?? vessel.cog ?? 0) * Math.PI) / 180);
      ctx.beginPath();
      ctx.moveTo(0, -8); ctx.lineTo(5, 6); ctx.lineTo(0, 3); ctx.lineTo(-5, 6); ctx.closePath();
      ctx.fillStyle = colourOf(vessel);
      ctx.fill();
      ctx.lineWidth = selected ? 2.5 : 1;
      ctx.strokeStyle = selected ? '#ffffff' : '#1b1b1b';
      ctx.stroke();
      ctx.restore();
    }
  },
  nearest(containerPoint) {
    let best = null;
    let bestDistance = 12;
    for (const vessel of state.vessels.values()) {
      const d = this._map.latLngToContainerPoint([vessel.lat, vessel.lon]).distanceTo(containerPoint);
      if (d < bestDistance) { best = vessel; bestDistance = d; }
    }
    return best;
  },
  hover(event) {
    const vessel = this.nearest(event.containerPoint);
    if (vessel) {
      this.tooltip.setLatLng([vessel.lat, vessel.lon]).setContent(asText(vessel.name ?? `MMSI ${vessel.mmsi}`));
      if (!this._map.hasLayer(this.tooltip)) this.tooltip.addTo(this._map);
    } else if (this._map.hasLayer(this.tooltip)) {
      this._map.removeLayer(this.tooltip);
    }
  },
  click(event) {
    const vessel = this.nearest(event.containerPoint);
    if (vessel) emit('select', vessel.mmsi);
  },
});
export const vesselLayer = new VesselLayer().addTo(map);

export function redraw() { vesselLayer.schedule(); }

export function setTrack(coordinates) { trackLayer.setLatLngs(coordinates.map(([lon, lat]) => [lat, lon])); }

/** Extends the open track with a live position, so it keeps growing while the details are open. */
export function extendTrack(vessel) {
  const points = trackLayer.getLatLngs();
  const last = points[points.length - 1];
  if (!last || last.lat !== vessel.lat || last.lng !== vessel.lon) trackLayer.addLatLng([vessel.lat, vessel.lon]);
}

export function panTo(lat, lon) { map.setView([lat, lon], Math.max(map.getZoom(), 10)); }

/** Marks where an alert was raised (null clears it). */
export function markAlert(alert) {
  if (alert?.lat == null || alert?.lon == null) { alertMarker.remove(); return; }
  alertMarker.setLatLng([alert.lat, alert.lon]).bindTooltip(asText(`Raised here: ${alert.ruleName}`)).addTo(map);
}

/** Draws the places (ports, anchorages, terminals...), labelled with their name and kind. */
export function drawPlaces(list) {
  places.clearLayers();
  for (const place of list) {
    const colour = PLACE_COLOURS[place.kind] ?? PLACE_COLOURS.other;
    L.geoJSON(place.area, { renderer, interactive: false, style: { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.1 } })
      .bindTooltip(asText(`${place.name} (${place.kind})`), { permanent: true, direction: 'center', className: 'place-label' })
      .addTo(places);
  }
  state.placesDrawn = places.getLayers().length;
}

/**
 * Draws an alert's evidence: the fixes that raised it, the line between an encounter's two vessels and its start,
 * the radius a dark vessel could have reached. Null clears it.
 */
export function drawEvidence(alert) {
  evidence.clearLayers();
  const e = alert?.evidence;
  if (!e) return;
  for (const fix of e.fixes ?? []) {
    L.circleMarker([fix.lat, fix.lon], { radius: 3, color: '#e5484d', weight: 1, fillOpacity: 0.8, renderer })
      .bindTooltip(asText(`${new Date(fix.ts).toISOString().slice(11, 19)} UTC${fix.sog != null ? ` · ${fix.sog} kn` : ''}`)).addTo(evidence);
  }
  if (alert.kind === 'encounter' && e.fixes?.length >= 2) {
    const own = e.fixes[e.fixes.length - 2];
    const other = e.fixes[e.fixes.length - 1];
    L.polyline([[own.lat, own.lon], [other.lat, other.lon]], { color: '#e5484d', weight: 3, renderer })
      .bindTooltip(asText(`${alert.otherName ?? `MMSI ${alert.otherMmsi}`}: ${e.closestMeters} m at closest · ${e.minutes} min`), { permanent: true, className: 'evidence-label' }).addTo(evidence);
    map.setView([(own.lat + other.lat) / 2, (own.lon + other.lon) / 2], Math.max(map.getZoom(), 14)); // 500 m is a few pixels at sea scale
  }
  if (e.start) L.circleMarker([e.start.lat, e.start.lon], { radius: 6, color: '#f0b429', weight: 2, fill: false, renderer }).bindTooltip(asText('started here')).addTo(evidence);
  if (alert.kind === 'dark' && e.reachMeters && alert.lat != null) {
    L.circle([alert.lat, alert.lon], { radius: e.reachMeters, color: '#7b61c9', weight: 1.5, dashArray: '6 4', fillOpacity: 0.05, renderer })
      .bindTooltip(asText(`could be ${(e.reachMeters / 1852).toFixed(1)} nm away`)).addTo(evidence);
  }
  if (alert.kind === 'identity' && e.positions?.length === 2) {
    L.polyline(e.positions.map((p) => [p.lat, p.lon]), { color: '#7b61c9', weight: 2, dashArray: '2 4', renderer }).addTo(evidence);
  }
}

/** Draws the rule areas (geofences, distress areas) of the fleets on screen, labelled with the rule's name. */
export function drawAreas(rules) {
  areas.clearLayers();
  for (const rule of rules) {
    const area = rule.parameters?.area;
    if (!area) continue;
    const colour = rule.kind === 'distress' ? '#e5484d' : rule.kind === 'geofence-exit' ? '#2fbf71' : '#f0b429';
    L.geoJSON(area, { renderer, interactive: false, style: { color: colour, weight: 2, dashArray: '6 4', fillOpacity: 0.06 } })
      .bindTooltip(asText(rule.name), { permanent: true, direction: 'center', className: 'area-label' })
      .addTo(areas);
  }
  state.areasDrawn = areas.getLayers().length;
}
