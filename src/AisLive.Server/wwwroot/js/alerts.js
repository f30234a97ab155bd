// The alerts panel, fed by the durable alerts stream: toasts, a sound for critical alerts, the open count in the tab
// title, notifications, acknowledgement with a note (retried on failure), and a history filter.
import { state, emit, element } from './state.js';
import { api } from './session.js';

// Severity is said by an icon and a word as well as by colour (glyphs every system font has).
const SEVERITY = { critical: { icon: '✖', label: 'Critical' }, warning: { icon: '⚠', label: 'Warning' }, info: { icon: 'ℹ', label: 'Info' } };
const MAX_TOASTS = 3;
const settings = {
  filter: localStorage.getItem('aislive.alertFilter') ?? 'active',
  keepResolved: Number(localStorage.getItem('aislive.keepResolved') ?? 20),
  muted: localStorage.getItem('aislive.muted') === 'true',
};
const failures = new Map(); // alert id -> why the last acknowledgement failed

// The alarm lifecycle (SPEC 9.4): what still asks for someone's attention, and in which order (IMO's bridge alert
// order: emergencies first, then what nobody has acknowledged, by severity, newest first).
const ATTENTION = ['unacknowledged', 'returned-unacknowledged', 'acknowledged'];
const RANK = { critical: 0, warning: 1, info: 2 };
const STATE_LABEL = { unacknowledged: 'active, not acknowledged', acknowledged: 'active, acknowledged', 'returned-unacknowledged': 'over, not acknowledged', closed: 'closed', shelved: 'shelved' };
const stateOf = (a) => a.state ?? (a.status === 'resolved' ? (a.acknowledgedBy ? 'closed' : 'returned-unacknowledged') : a.acknowledgedBy ? 'acknowledged' : 'unacknowledged');
const needsAck = (a) => ['unacknowledged', 'returned-unacknowledged'].includes(stateOf(a));
const attentionOrder = (a, b) =>
  Number(b.kind === 'distress') - Number(a.kind === 'distress') || Number(needsAck(b)) - Number(needsAck(a))
  || (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) || b.id - a.id;

export function applyAlert(alert, { isNew } = {}) {
  state.alerts.set(alert.id, alert);
  if (isNew && stateOf(alert) === 'unacknowledged') announce(alert);
  render();
}

/** A shelved alert: out of the attention list until its shelf expires (then alert-unshelved brings it back). */
export function applyShelved(shelved) {
  const alert = state.alerts.get(shelved.alertId);
  if (!alert) return;
  Object.assign(alert, { state: 'shelved', shelvedUntil: shelved.shelvedUntil, shelvedBy: shelved.shelvedBy, shelveReason: shelved.reason });
  render();
}

/** The shelf expired: the alert as it now is (one raised while shelved is announced for the first time). */
export function applyUnshelved(alert) {
  applyAlert(alert, { isNew: true });
}

export function applyAcknowledged(ack) {
  const alert = state.alerts.get(ack.alertId);
  if (!alert) return;
  Object.assign(alert, { acknowledgedBy: ack.acknowledgedBy, acknowledgedAt: ack.acknowledgedAt, note: ack.note, status: ack.status ?? 'acknowledged', state: ack.state ?? alert.state });
  render();
}

export function applyResolved(resolved) {
  const alert = state.alerts.get(resolved.alertId);
  if (!alert) return;
  // alert-returned (nobody acknowledged it) keeps it in the attention list until someone does; alert-resolved closes it.
  Object.assign(alert, { status: 'resolved', resolvedAt: resolved.resolvedAt, state: resolved.state ?? (alert.acknowledgedBy ? 'closed' : 'returned-unacknowledged') });
  if (resolved.evidence) alert.evidence = { ...alert.evidence, ...resolved.evidence }; // what the end measured: time in port, the whole encounter
  render();
}

/** The same alert, its evidence moved on (an encounter going on, a dark vessel's reach growing): no new toast. */
export function applyUpdated(alert) {
  const known = state.alerts.get(alert.id);
  state.alerts.set(alert.id, known ? { ...known, ...alert } : alert);
  render();
  if (state.shownAlert === alert.id) emit('evidence', state.alerts.get(alert.id));
}

export async function applyEscalated(escalated) {
  let alert = state.alerts.get(escalated.alertId);
  if (!alert) {
    // Escalated to me: I was not a recipient, so the event is all I have. Fetch the alert itself and announce it.
    const response = await api('/api/alerts?status=open');
    alert = response.ok ? (await response.json()).find((a) => a.id === escalated.alertId) : null;
    if (!alert) return;
    applyAlert(alert, { isNew: true });
  }
  Object.assign(alert, { escalatedAt: escalated.escalatedAt, escalatedTo: escalated.escalatedTo });
  toast(`${SEVERITY[alert.severity]?.icon ?? ''} Escalated to ${escalated.escalatedTo.join(', ')}: ${alert.message}`, alert);
  render();
}

// ---- announcing a new alert ----
function announce(alert) {
  toast(alert.kind === 'distress' ? `SOS ${alert.message}` : `${SEVERITY[alert.severity]?.icon ?? ''} ${alert.message}`, alert);
  if (alert.severity === 'critical') beep();
  const notifyAnyway = alert.severity === 'critical'; // critical alerts notify even while the tab is in front
  if ('Notification' in window && Notification.permission === 'granted' && (notifyAnyway || document.hidden)) {
    const notification = new Notification(`AisLive ${SEVERITY[alert.severity]?.label ?? alert.severity}: ${alert.vesselName ?? `MMSI ${alert.mmsi}`}`,
      { body: alert.message, tag: `alert-${alert.id}`, requireInteraction: notifyAnyway });
    notification.onclick = () => { window.focus(); emit('show-alert', alert); };
    state.notifications = (state.notifications ?? 0) + 1;
  }
}

function toast(text, alert) {
  const item = element('div', { className: `toast ${alert.severity}${alert.kind === 'distress' ? ' distress' : ''}`, role: 'alert', textContent: text });
  item.addEventListener('click', () => { emit('show-alert', alert); item.remove(); });
  const toasts = document.getElementById('toasts');
  toasts.append(item);
  while (toasts.children.length > MAX_TOASTS) toasts.firstElementChild.remove(); // the newest stay; the list has them all
  setTimeout(() => item.remove(), alert.severity === 'critical' ? 30000 : 10000);
}

let audio = null;
function beep() {
  if (settings.muted) return;
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.8);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.8);
    state.beeps = (state.beeps ?? 0) + 1;
  } catch {
    // no audio device: the toast and the title still say it
  }
}

// ---- acknowledging ----
async function acknowledge(alert, note, button) {
  button.disabled = true;
  failures.delete(alert.id);
  try {
    const response = await api(`/api/alerts/${alert.id}/acknowledge`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ note: note || null }),
    }, undefined, { retryUnavailable: false });
    if (response.ok) {
      applyAlert(await response.json());
      return;
    }
    const problem = await response.json().catch(() => ({}));
    failures.set(alert.id, `${problem.title ?? `HTTP ${response.status}`}${problem.detail ? `: ${problem.detail}` : ''}`);
  } catch {
    failures.set(alert.id, 'the server did not answer');
  }
  render();
}

// ---- the list ----
function visible(alerts) {
  const byFilter = {
    active: (a) => ATTENTION.includes(stateOf(a)),
    shelved: (a) => stateOf(a) === 'shelved',
    open: (a) => a.status === 'open',
    acknowledged: (a) => a.status === 'acknowledged',
    resolved: (a) => a.status === 'resolved',
    all: () => true,
  }[settings.filter] ?? (() => true);
  return alerts.filter(byFilter);
}

/** Resolved alerts kept in memory: the newest N; older ones stay available through "Load older". */
function prune() {
  const resolved = [...state.alerts.values()].filter((a) => stateOf(a) === 'closed').sort((a, b) => b.id - a.id);
  for (const old of resolved.slice(settings.keepResolved)) state.alerts.delete(old.id);
}

function watchingRecipients(alert) {
  const watchers = state.watchers.get(Number(alert.fleetId));
  if (!watchers) return null; // unknown: presence is shown for the fleets on screen
  return alert.recipients.filter((r) => watchers.some((w) => w.userId === r));
}

export function render() {
  prune();
  const all = [...state.alerts.values()].sort(attentionOrder);
  const open = all.filter(needsAck).length;
  document.getElementById('alert-count').textContent = `(${open} to acknowledge)`;
  document.title = open > 0 ? `(${open}) AisLive` : 'AisLive';
  document.getElementById('alerts-tab-count').textContent = open > 0 ? String(open) : '';
  document.getElementById('alerts').replaceChildren(...visible(all).map(item));
}

function item(alert) {
  const severity = SEVERITY[alert.severity] ?? { icon: '•', label: alert.severity };
  const li = element('li', { className: `${alert.severity} ${alert.status} ${stateOf(alert)}${alert.kind === 'distress' ? ' distress' : ''}` });
  li.dataset.alertId = alert.id;
  const badge = element('span', { className: 'severity', textContent: alert.kind === 'distress' ? 'SOS DISTRESS' : `${severity.icon} ${severity.label}` });
  const title = element('div', { className: 'title' }, badge, ' ', alert.message);
  const meta = element('div', { className: 'meta', textContent: `${alert.ruleName} · ${new Date(alert.raisedAt).toUTCString()} · ${STATE_LABEL[stateOf(alert)] ?? alert.status}` });
  li.append(title, meta);
  if (stateOf(alert) === 'shelved') {
    li.append(element('div', { className: 'shelved', textContent: `shelved by ${alert.shelvedBy} until ${new Date(alert.shelvedUntil).toUTCString()}: “${alert.shelveReason}”` }));
  }
  if (alert.acknowledgedBy) {
    li.append(element('div', { className: 'ack', textContent: `acknowledged by ${alert.acknowledgedBy}${alert.note ? `: “${alert.note}”` : ''}` }));
  }
  const summary = evidenceSummary(alert);
  if (summary) li.append(element('div', { className: 'evidence-summary', textContent: summary }));
  if (alert.evidence) li.append(evidenceDetails(alert.evidence));
  if (alert.escalatedTo?.length) li.append(element('div', { className: 'meta', textContent: `escalated to ${alert.escalatedTo.join(', ')}` }));
  const watching = alert.status === 'open' ? watchingRecipients(alert) : null;
  if (watching && watching.length === 0) li.append(element('div', { className: 'warning', textContent: 'No recipient of this alert is on watch' }));
  if (failures.has(alert.id)) li.append(element('div', { className: 'error', role: 'alert', textContent: `Not acknowledged: ${failures.get(alert.id)}. Try again.` }));
  if (state.me?.role !== 'viewer' && alert.kind !== 'distress' && ATTENTION.includes(stateOf(alert))) li.append(shelveForm(alert)); // an emergency is never shelved
  if (!alert.acknowledgedBy && state.me?.role !== 'viewer' && needsAck(alert)) {
    const note = element('input', { type: 'text', placeholder: 'Note (optional)', className: 'note', maxLength: 2000 });
    note.setAttribute('aria-label', 'Acknowledgement note');
    const button = element('button', { type: 'button', className: 'ack-button', textContent: failures.has(alert.id) ? 'Retry acknowledge' : 'Acknowledge' });
    button.addEventListener('click', (event) => { event.stopPropagation(); acknowledge(alert, note.value.trim(), button); });
    note.addEventListener('click', (event) => event.stopPropagation());
    li.append(element('div', { className: 'ack-form' }, note, button));
  }
  li.addEventListener('click', () => emit('show-alert', alert));
  return li;
}

/** Shelve: park a known, expected alarm for a while, with a reason the next shift reads. */
function shelveForm(alert) {
  const minutes = element('select', { className: 'shelve-minutes' },
    ...[[30, '30 min'], [60, '1 h'], [240, '4 h'], [720, '12 h'], [1440, '24 h']].map(([value, label]) => element('option', { value: String(value), textContent: label })));
  minutes.setAttribute('aria-label', 'Shelve for');
  const reason = element('input', { type: 'text', placeholder: 'Why (required)', className: 'shelve-reason', maxLength: 500 });
  reason.setAttribute('aria-label', 'Why it is shelved');
  const button = element('button', { type: 'button', className: 'shelve-button', textContent: 'Shelve' });
  const error = element('div', { className: 'error', role: 'alert' });
  button.addEventListener('click', async () => {
    if (!reason.value.trim()) { error.textContent = 'Say why it is shelved.'; return; }
    const response = await api(`/api/alerts/${alert.id}/shelve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ minutes: Number(minutes.value), reason: reason.value.trim() }) });
    if (response.ok) applyShelved({ alertId: alert.id, ...(await response.json()), reason: reason.value.trim() });
    else error.textContent = `Not shelved: ${(await response.json().catch(() => ({}))).detail ?? `HTTP ${response.status}`}`;
  });
  const details = element('details', { className: 'shelve' }, element('summary', { textContent: 'Shelve…' }), minutes, reason, button, error);
  details.addEventListener('click', (event) => event.stopPropagation());
  return details;
}

// ---- evidence: what raised the alert, in words and in figures ----
function evidenceSummary(alert) {
  const e = alert.evidence;
  if (!e) return null;
  const other = alert.otherName ?? (alert.otherMmsi ? `MMSI ${alert.otherMmsi}` : null);
  switch (alert.kind) {
    case 'encounter': return `with ${other} · closest ${e.closestMeters} m · ${e.minutes} min`;
    case 'loitering': return `${e.averageKnots} kn on average over ${e.minutes} min`;
    case 'port-call': return `${e.place?.name ?? 'place'}${e.minutesInPort != null ? ` · ${e.minutesInPort} min in port` : ''}`;
    case 'dark': return `silent ${e.gapMinutes} min (expected every ${e.expectedIntervalSeconds} s) · reach ${(e.reachMeters / 1852).toFixed(1)} nm${e.watchAreasInReach?.length ? ` · in reach: ${e.watchAreasInReach.join(', ')}` : ''}`;
    case 'identity': return e.anomaly === 'position' ? `${Math.round(e.meters / 1000)} km apart at ${e.impliedKnots} kn implied` : `${e.anomaly}: ${(e.values ?? []).join(' / ')}`;
    default: return null;
  }
}

function evidenceDetails(e) {
  const thresholds = Object.entries(e.thresholds ?? {}).filter(([, v]) => v != null).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : v}`).join(' · ');
  const rows = (e.fixes ?? []).map((f) => element('tr', {},
    element('td', { textContent: new Date(f.ts).toISOString().slice(11, 19) }), element('td', { textContent: `${f.lat.toFixed(5)}, ${f.lon.toFixed(5)}` }),
    element('td', { textContent: f.sog != null ? `${f.sog} kn` : '–' })));
  const details = element('details', { className: 'evidence' },
    element('summary', { textContent: 'Evidence' }),
    element('div', { className: 'meta', textContent: `thresholds: ${thresholds || 'none'}` }),
    element('table', {}, element('thead', {}, element('tr', {}, element('th', { textContent: 'UTC' }), element('th', { textContent: 'position' }), element('th', { textContent: 'speed' }))), element('tbody', {}, ...rows)));
  details.addEventListener('click', (event) => event.stopPropagation());
  return details;
}

/** Filter, how many resolved alerts to keep, sound on or off, and older alerts from the API. */
export function setUpControls() {
  const filter = document.getElementById('alert-filter');
  filter.value = settings.filter;
  filter.addEventListener('change', () => { settings.filter = filter.value; localStorage.setItem('aislive.alertFilter', filter.value); render(); });
  const keep = document.getElementById('keep-resolved');
  keep.value = settings.keepResolved;
  keep.addEventListener('change', () => { settings.keepResolved = Math.max(0, Number(keep.value) || 0); localStorage.setItem('aislive.keepResolved', settings.keepResolved); render(); });
  const sound = document.getElementById('sound');
  const showSound = () => { sound.textContent = settings.muted ? '♪ Sound off' : '♪ Sound on'; sound.setAttribute('aria-pressed', String(!settings.muted)); };
  showSound();
  sound.addEventListener('click', () => { settings.muted = !settings.muted; localStorage.setItem('aislive.muted', settings.muted); showSound(); });
  document.getElementById('older').addEventListener('click', async () => {
    const response = await api('/api/alerts?status=resolved');
    if (!response.ok) return;
    for (const alert of await response.json()) if (!state.alerts.has(alert.id)) state.alerts.set(alert.id, alert);
    settings.keepResolved = Math.max(settings.keepResolved, [...state.alerts.values()].filter((a) => stateOf(a) === 'closed').length);
    keep.value = settings.keepResolved;
    filter.value = settings.filter = 'resolved';
    render();
  });
}
