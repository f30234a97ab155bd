// The service worker: an alert pushed to a closed page or a locked phone is shown as a notification with
// Acknowledge and Open. Acknowledge goes through the same REST acknowledgement (and its permission checks) as the
// page; if it is refused (signed out, not a recipient), the page is opened instead so that the person can act there.
// One notification per alert (tag = alert id), so a newer state replaces an older one.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let alert = {};
  try { alert = event.data?.json() ?? {}; } catch { alert = { title: 'AisLive', body: event.data?.text() ?? '' }; }
  event.waitUntil(showAlert(alert));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(handleClick(event.action, event.notification.data ?? {}));
});

async function showAlert(alert) {
  const actions = alert.needsAcknowledgement ? [{ action: 'acknowledge', title: 'Acknowledge' }, { action: 'open', title: 'Open' }] : [{ action: 'open', title: 'Open' }];
  await self.registration.showNotification(alert.title ?? 'AisLive alert', {
    body: alert.body ?? '',
    tag: String(alert.alertId ?? 'aislive'),
    renotify: alert.needsAcknowledgement === true,
    requireInteraction: alert.severity === 'critical', // stays on screen until someone acts
    data: alert,
    actions,
  });
}

/** What a click on the notification (or one of its actions) does; returns what happened, for the browser test. */
async function handleClick(action, alert) {
  if (action === 'acknowledge' && alert.alertId != null) {
    const response = await fetch(`/api/alerts/${alert.alertId}/acknowledge`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'acknowledged from a notification' }),
    });
    if (response.ok) return 'acknowledged';
  }
  const url = new URL(alert.url ?? '/', self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    await open.focus().catch(() => {}); // allowed only while handling a real click
    await open.navigate(url).catch(() => {});
    return 'focused';
  }
  await self.clients.openWindow(url);
  return 'opened';
}

self.aislive = { handleClick, showAlert }; // reachable from the browser test's worker.evaluate
