// The push switch: this browser or phone gets the signed-in person's alerts while the page is closed or the phone
// locked (Web Push, through the service worker in /sw.js). Off unsubscribes this browser only.
import { emit } from './state.js';
import { api } from './session.js';

const supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
let registration = null;

export async function setUpPush() {
  const button = document.getElementById('push');
  if (!supported) {
    button.hidden = true; // iOS: only a web app added to the home screen (16.4+) has push
    return;
  }
  registration = await navigator.serviceWorker.register('/sw.js');
  const show = async () => {
    const on = (await registration.pushManager.getSubscription()) != null;
    button.textContent = on ? 'Phone alerts: on' : 'Phone alerts: off';
    button.setAttribute('aria-pressed', String(on));
  };
  await show();
  button.addEventListener('click', async () => {
    try {
      const current = await registration.pushManager.getSubscription();
      if (current) await unsubscribe(current);
      else await subscribe();
    } catch (error) {
      emit('notice', `Phone alerts: ${error.message}`);
    }
    await show();
  });
}

async function subscribe() {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('notifications are blocked for this site');
  const key = await (await api('/api/push/key')).json();
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key.publicKey });
  const response = await api('/api/push/subscriptions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(subscription.toJSON()) });
  if (!response.ok) {
    await subscription.unsubscribe();
    throw new Error((await response.json().catch(() => ({}))).detail ?? `HTTP ${response.status}`);
  }
}

async function unsubscribe(subscription) {
  await api('/api/push/subscriptions', { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ endpoint: subscription.endpoint }) });
  await subscription.unsubscribe();
}
