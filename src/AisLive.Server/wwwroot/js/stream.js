// LiveStream: an AisLive SSE stream that stays truthful about its connection. Standalone ES module with no
// dependencies, for the map page and for integrators on another origin (see docs/example.html).
//
//   import { LiveStream } from 'https://aislive.example.org/js/stream.js';
//   const stream = new LiveStream('https://aislive.example.org/api/fleets/1/stream', {
//     token: () => myToken,                        // bearer token: fetch mode (other origins, with Security:CorsOrigins)
//     handlers: { position: (vessel) => draw(vessel) },
//     onState: (state, detail) => showStatus(state, detail),
//   });
//
// Without `token` it uses EventSource and the session cookie (same origin). Either way it resumes with the last
// event id, reconnects with capped exponential backoff and jitter, and declares the stream stale when two
// heartbeats are missed (a frozen server or a dead mobile link keeps the TCP connection open but sends nothing),
// then reconnects. States: connecting, live, stale, reconnecting, unavailable (503), unauthorized (401), closed.
export class LiveStream {
  constructor(url, { handlers = {}, onState = () => {}, token = null, heartbeatMs = 15000, lastEventId = null } = {}) {
    this.url = url;
    this.handlers = handlers;
    this.onState = onState;
    this.token = token;
    this.heartbeatMs = heartbeatMs;
    this.lastEventId = lastEventId;
    this.lastEventAt = 0;
    this.attempt = 0;
    this.state = 'connecting';
    this.closed = false;
    this.watchdog = setInterval(() => this.checkStale(), Math.max(250, Math.min(1000, heartbeatMs / 4)));
    this.connect();
  }

  /** Milliseconds since anything (data or heartbeat) arrived; Infinity before the first. */
  get silentFor() { return this.lastEventAt ? Date.now() - this.lastEventAt : Infinity; }

  close() {
    this.closed = true;
    clearInterval(this.watchdog);
    clearTimeout(this.timer);
    this.disconnect();
    this.setState('closed');
  }

  /** Reconnects now (after signing in again, or when the page asks), keeping the resume point. */
  reconnect() {
    if (this.closed) return;
    this.disconnect();
    this.attempt = 0;
    this.connect();
  }

  /** Starts over without a resume point (the server asked for a fresh snapshot). */
  restart() {
    this.lastEventId = null;
    this.reconnect();
  }

  // ---- internals ----
  setState(state, detail) {
    if (this.state === state && !detail) return;
    this.state = state;
    this.onState(state, detail);
  }

  connect() {
    this.lastEventAt = Date.now(); // the connect itself starts the heartbeat clock
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    if (this.token) this.connectWithFetch();
    else this.connectWithEventSource();
  }

  disconnect() {
    this.source?.close();
    this.source = null;
    this.abort?.abort();
    this.abort = null;
  }

  received(type, data, id) {
    this.lastEventAt = Date.now();
    if (type === 'heartbeat' && data) this.heartbeatMs = JSON.parse(data).intervalMs ?? this.heartbeatMs; // the server says how often
    if (id) this.lastEventId = id;
    if (this.state !== 'live') { this.attempt = 0; this.setState('live'); }
    const handler = this.handlers[type];
    if (handler) handler(data ? JSON.parse(data) : null, { type, id });
  }

  checkStale() {
    if (this.closed || this.state !== 'live') return;
    if (this.silentFor > 2 * this.heartbeatMs) {
      this.setState('stale', `nothing for ${Math.round(this.silentFor / 1000)} s`);
      this.disconnect();
      this.retry();
    }
  }

  retry(afterMs) {
    if (this.closed) return;
    const base = Math.min(30000, 1000 * 2 ** Math.min(this.attempt++, 5));
    const delay = afterMs ?? base / 2 + Math.random() * base / 2;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (!this.closed) this.connect(); }, delay);
  }

  /** After a failed connect, ask what the server says, since EventSource hides status codes. */
  async failed() {
    if (this.closed) return;
    const status = await this.probe();
    if (status === 401) { this.setState('unauthorized'); return; } // the page signs in again, then calls reconnect()
    if (status === 503) this.setState('unavailable', 'the server is starting');
    else this.setState('reconnecting');
    this.retry();
  }

  async probe() {
    const controller = new AbortController();
    try {
      const response = await fetch(this.url, { signal: controller.signal, credentials: 'same-origin', headers: this.headers() });
      return response.status;
    } catch {
      return 0; // unreachable
    } finally {
      controller.abort();
    }
  }

  headers() {
    const headers = { Accept: 'text/event-stream' };
    if (this.token) headers.Authorization = `Bearer ${this.token()}`;
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    return headers;
  }

  connectWithEventSource() {
    const separator = this.url.includes('?') ? '&' : '?';
    const url = this.lastEventId ? `${this.url}${separator}lastEventId=${encodeURIComponent(this.lastEventId)}` : this.url;
    const source = new EventSource(url, { withCredentials: true });
    this.source = source;
    source.onerror = () => {
      if (this.source !== source) return;
      source.close(); // reconnection is ours: with our backoff, our resume point and a look at the status code
      this.source = null;
      this.failed();
    };
    for (const type of [...Object.keys(this.handlers), 'heartbeat']) {
      source.addEventListener(type, (event) => this.received(type, event.data, event.lastEventId));
    }
  }

  async connectWithFetch() {
    const controller = new AbortController();
    this.abort = controller;
    let response;
    try {
      response = await fetch(this.url, { signal: controller.signal, headers: this.headers(), cache: 'no-store' });
    } catch {
      if (this.abort === controller) this.failedWith(0);
      return;
    }

    if (!response.ok) { controller.abort(); this.failedWith(response.status); return; }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { type: 'message', data: [], id: null };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (event.data.length > 0 || event.type !== 'message') this.received(event.type, event.data.join('\n') || null, event.id);
            event = { type: 'message', data: [], id: null };
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event.type = text;
            else if (field === 'data') event.data.push(text);
            else if (field === 'id') event.id = text;
          }
        }
      }
    } catch {
      // aborted, or the connection broke
    }

    if (this.abort === controller) this.failedWith(0);
  }

  failedWith(status) {
    if (this.closed) return;
    if (status === 401) { this.setState('unauthorized'); return; }
    this.setState(status === 503 ? 'unavailable' : 'reconnecting', status === 503 ? 'the server is starting' : undefined);
    this.retry();
  }
}
