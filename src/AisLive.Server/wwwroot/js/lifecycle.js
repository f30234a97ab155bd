// The fleet's alarm health: the alarm-quality figures of the last 24 hours (is the room flooded? what chatters?) and
// the vessels out of service, with the operator's actions to take one out of service or back.
import { state, element } from './state.js';
import { api } from './session.js';

export function setUpFleetHealth() {
  const panel = document.getElementById('fleet-health');
  panel.addEventListener('toggle', () => { if (panel.open) renderFleetHealth(); });
  setInterval(() => { if (panel.open) renderFleetHealth(); }, 5 * 60 * 1000);
}

/** Redraws the panel for the fleets on screen (called when it opens and when the fleet changes). */
export async function renderFleetHealth() {
  const panel = document.getElementById('fleet-health');
  if (!panel?.open) return;
  const ids = state.fleetId === 'mine' ? state.fleets.map((f) => f.id) : [Number(state.fleetId)];
  const sections = await Promise.all(ids.map(fleetSection));
  document.getElementById('fleet-health-body').replaceChildren(...sections);
}

async function fleetSection(fleetId) {
  const fleet = state.fleets.find((f) => f.id === fleetId);
  const [quality, out] = await Promise.all([
    api(`/api/alerts/quality?fleetId=${fleetId}`).then((r) => (r.ok ? r.json() : null)),
    api(`/api/fleets/${fleetId}/out-of-service`).then((r) => (r.ok ? r.json() : [])),
  ]);
  const section = element('section', { className: 'fleet-health' }, element('h3', { textContent: fleet?.name ?? `Fleet ${fleetId}` }));
  section.dataset.fleetId = fleetId;
  if (quality) {
    const ack = quality.acknowledgeSeconds;
    section.append(element('div', { className: 'quality', textContent:
      `last 24 h: ${quality.alerts} alerts · peak ${quality.perTenMinutes.peak} per 10 min (average ${quality.perTenMinutes.average}) · ` +
      `${quality.floods} flood${quality.floods === 1 ? '' : 's'} · ${quality.chattering} chattering · ${quality.stale} stale · ` +
      `acknowledged in ${ack.p50 != null ? `${Math.round(ack.p50)} s (p50), ${Math.round(ack.p90)} s (p90)` : '–'}` }));
    if (quality.topRules.length) section.append(element('div', { className: 'meta', textContent: `most frequent: ${quality.topRules.slice(0, 3).map((r) => `${r.ruleName} (${r.count})`).join(', ')}` }));
  }
  const canAct = state.me?.role === 'admin' || (state.me?.role === 'operator' && fleet?.members?.some((m) => m.userId === state.me.sub && m.role === 'operator'));
  const list = element('ul', { className: 'out-of-service' }, ...out.map((o) => {
    const li = element('li', { textContent: `MMSI ${o.mmsi} out of service${o.until ? ` until ${new Date(o.until).toUTCString()}` : ''}: “${o.reason}” (${o.setBy}) ` });
    if (canAct) {
      const back = element('button', { type: 'button', textContent: 'Back in service' });
      back.addEventListener('click', async () => { await api(`/api/fleets/${fleetId}/vessels/${o.mmsi}/out-of-service`, { method: 'DELETE' }); renderFleetHealth(); });
      li.append(back);
    }
    return li;
  }));
  section.append(out.length ? list : element('div', { className: 'meta', textContent: 'no vessel out of service' }));
  if (canAct && fleet) section.append(outOfServiceForm(fleet));
  return section;
}

function outOfServiceForm(fleet) {
  const vessel = element('select', {}, ...fleet.vessels.map((mmsi) => element('option', { value: String(mmsi), textContent: state.vessels.get(mmsi)?.name ?? String(mmsi) })));
  vessel.setAttribute('aria-label', 'Vessel');
  const reason = element('input', { type: 'text', placeholder: 'Why (dry dock, laid up...)', maxLength: 500 });
  reason.setAttribute('aria-label', 'Why it is out of service');
  const until = element('input', { type: 'datetime-local' });
  until.setAttribute('aria-label', 'Until (optional)');
  const error = element('div', { className: 'error', role: 'alert' });
  const button = element('button', { type: 'button', textContent: 'Out of service' });
  button.addEventListener('click', async () => {
    const body = { reason: reason.value.trim(), until: until.value ? new Date(until.value).toISOString() : null };
    const response = await api(`/api/fleets/${fleet.id}/vessels/${vessel.value}/out-of-service`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) renderFleetHealth();
    else error.textContent = (await response.json().catch(() => ({}))).detail ?? `HTTP ${response.status}`;
  });
  return element('div', { className: 'oos-form' }, vessel, reason, until, button, error);
}
