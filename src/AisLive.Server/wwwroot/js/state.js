// The page's shared state and a tiny event bus, so the modules (map, alerts, streams) do not import each other.
export const STALE_AFTER_MS = 10 * 60 * 1000;

export const state = {
  vessels: new Map(),   // mmsi -> vessel state (the position event's data)
  alerts: new Map(),    // alert id -> alert
  watchers: new Map(),  // fleet id -> [{userId, role, streams, since}]
  selected: null,
  fleetId: null,        // a fleet id, or 'mine' for all the caller's fleets
  fleets: [],
  feed: null,
  connection: 'connecting', // the vessel stream's state (kept for tests and curious operators)
  streams: { vessels: 'connecting', alerts: 'connecting' },
  lastUpdate: 0,
  me: null,
  areasDrawn: 0,
};
window.aislive = state; // for the browser test and for curious operators

const listeners = new Map();
export function on(name, listener) {
  if (!listeners.has(name)) listeners.set(name, []);
  listeners.get(name).push(listener);
}
export function emit(name, value) {
  for (const listener of listeners.get(name) ?? []) listener(value);
}

export function isStale(vessel) {
  return Date.now() - Date.parse(vessel.receivedAt ?? vessel.timestamp ?? 0) > STALE_AFTER_MS;
}

/** An element with properties, a shorthand the panels use a lot. */
export function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}
