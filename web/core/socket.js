// The reconnecting WebSocket of both clients; each passes its subprotocol
// (passerelle.v1, or passerelle-admin.v1 for the console) and builds its
// own session (sign-in, rooms, outbox) on top.
//
// One JSON object per text frame. Requests carry a numeric `id`; the reply
// with `re` equal to it settles the promise returned by request(). Frames
// without a matching `re` are pushed events and go to 'event' listeners.
//
// The socket never gives up: after a loss it waits (exponential back-off
// with jitter, capped) and tries again. While the browser says it is
// offline it does not try at all and waits for the 'online' event, so a
// laptop that wakes up reconnects at once instead of after a long back-off.
// Any frame proves the link; after a quiet spell a ping checks it, and a
// ping left unanswered drops the socket (sleep, lost Wi-Fi).
//
// Events emitted: 'state' (new state), 'open' (generation number),
// 'close', 'event' (frame), 'retry' (delay in ms).
// States: 'idle', 'connecting' (first attempt since start or restart),
// 'open', 'reconnecting', 'offline', 'stopped'.

export const MAX_FRAME_BYTES = 16 * 1024;
const STABLE_MS = 5000; // a socket up this long starts the back-off afresh

// Error of a request: `code` is a contract error code, or one of the client
// codes 'offline' (no connection) and 'timeout' (no reply in time).
export class ProtocolError extends Error {
  constructor(code, message, retryAfterMs) {
    super(message || code);
    this.name = 'ProtocolError';
    this.code = code;
    this.retryAfterMs = typeof retryAfterMs === 'number' ? retryAfterMs : null;
  }
}

const encoder = new TextEncoder();

export function frameBytes(text) {
  return encoder.encode(text).length;
}

// Delay before attempt number `attempt` (0-based): half fixed, half random
// so that many clients dropped at once do not come back at once.
export function backoffDelay(attempt, minMs, maxMs, random = Math.random) {
  const cap = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

// Replies carry `re` equal to the request id (a number here); a string `re`
// that looks the same must not match.
const keyOf = (id) => `${typeof id}:${id}`;

export class Socket {
  // opts.protocol is required; the rest have defaults.
  constructor(url, opts) {
    this.url = url;
    this.protocol = opts.protocol;
    this.minDelay = opts.minDelayMs ?? 500;
    this.maxDelay = opts.maxDelayMs ?? 15000;
    this.heartbeatMs = opts.heartbeatMs ?? 25000;
    this.pongTimeoutMs = opts.pongTimeoutMs ?? 10000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 15000;
    this.maxPending = opts.maxPending ?? 256;
    this.ws = null;
    this.state = 'idle';
    this.fresh = true; // no socket opened since start() or restart()
    this.attempt = 0;
    this.generation = 0; // bumped on every successful open
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map();
    this.retryTimer = null;
    this.quietTimer = null;
    this.openedAt = 0;
    this.retryAt = 0;
    this.handleOnline = () => this.reconnectNow();
    this.handleOffline = () => this.lose();
    this.handleVisible = () => {
      if (document.visibilityState === 'visible') this.probe();
    };
  }

  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }

  emit(name, arg) {
    for (const fn of [...(this.listeners.get(name) || [])]) {
      try {
        fn(arg);
      } catch (err) {
        console.error(err);
      }
    }
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state);
  }

  get isOpen() {
    return this.state === 'open' && this.ws !== null;
  }

  start() {
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
    document.addEventListener('visibilitychange', this.handleVisible);
    this.connect();
  }

  stop() {
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    document.removeEventListener('visibilitychange', this.handleVisible);
    clearTimeout(this.retryTimer);
    this.setState('stopped');
    this.abandon();
    this.failPending('offline');
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.state === 'stopped') return;
    if (!navigator.onLine) {
      this.setState('offline');
      return;
    }
    this.setState(this.fresh ? 'connecting' : 'reconnecting');
    let ws;
    try {
      ws = new WebSocket(this.url, this.protocol);
    } catch (err) {
      console.error(err);
      this.schedule();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.openedAt = Date.now();
      this.fresh = false;
      this.generation++;
      this.setState('open');
      this.quiet();
      this.emit('open', this.generation);
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = () => {
      if (this.ws === ws) this.lose();
    };
    ws.onerror = () => {}; // a close event always follows
  }

  // Forget the current socket at once: a socket on a dead network may take
  // minutes to report its close, and nothing on it can be trusted anymore.
  abandon() {
    const ws = this.ws;
    this.ws = null;
    clearTimeout(this.quietTimer);
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000);
    } catch {
      // already closing
    }
  }

  lose() {
    const wasOpen = this.state === 'open';
    // A connection that held for a while starts the back-off from scratch;
    // one that drops right after opening keeps growing it.
    if (this.openedAt && Date.now() - this.openedAt > STABLE_MS) this.attempt = 0;
    this.openedAt = 0;
    this.abandon();
    this.failPending('offline');
    if (this.state === 'stopped') return;
    if (!navigator.onLine) {
      clearTimeout(this.retryTimer);
      this.setState('offline');
    } else {
      this.fresh = false;
      this.setState('reconnecting');
      if (!this.retryTimer) this.schedule();
    }
    if (wasOpen) this.emit('close');
  }

  // Close the current connection and reconnect after the usual back-off.
  drop() {
    if (this.state === 'stopped') return;
    this.lose();
  }

  // Close the current connection and open a new one at once, as on a first
  // start: for a session that starts over with another identity.
  restart() {
    if (this.state === 'stopped') return;
    const wasOpen = this.state === 'open';
    this.openedAt = 0;
    this.abandon();
    this.failPending('offline');
    this.attempt = 0;
    this.fresh = true;
    if (wasOpen) this.emit('close');
    this.connect();
  }

  // A signed-in session proves the server works: the next loss retries soon.
  resetBackoff() {
    this.attempt = 0;
  }

  reconnectNow() {
    if (this.state === 'stopped' || this.isOpen) return;
    if (this.state === 'connecting' || (this.state === 'reconnecting' && this.ws)) return;
    this.attempt = 0;
    this.connect();
  }

  schedule() {
    const delay = backoffDelay(this.attempt, this.minDelay, this.maxDelay);
    this.attempt = Math.min(this.attempt + 1, 30);
    this.retryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.emit('retry', delay);
  }

  // (Re)starts the quiet timer: heartbeatMs without a frame sends a ping.
  quiet() {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.probe(), this.heartbeatMs);
  }

  // A ping that stays unanswered means the connection is dead even if the
  // browser has not noticed.
  probe() {
    if (!this.isOpen) return;
    this.quiet(); // the next check, should this one get no answer
    const gen = this.generation;
    this.request('ping', {}, this.pongTimeoutMs).catch((err) => {
      if (err.code === 'timeout' && gen === this.generation && this.isOpen) this.lose();
    });
  }

  receive(data) {
    if (typeof data !== 'string') return;
    this.quiet();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;
    const key = frame.re === undefined ? null : keyOf(frame.re);
    const waiter = key === null ? null : this.pending.get(key);
    if (!waiter) {
      this.emit('event', frame);
      return;
    }
    this.pending.delete(key);
    clearTimeout(waiter.timer);
    if (frame.type === 'error')
      waiter.reject(new ProtocolError(frame.code || 'internal', frame.message, frame.retry_after_ms));
    else waiter.resolve(frame);
  }

  encode(type, fields, id) {
    const obj = Object.assign({}, fields, { type });
    if (id !== undefined) obj.id = id;
    const text = JSON.stringify(obj);
    if (frameBytes(text) > MAX_FRAME_BYTES) throw new ProtocolError('too_large');
    return text;
  }

  // Fire and forget (no id, so no reply is expected). False when not sent.
  send(type, fields = {}) {
    if (!this.isOpen) return false;
    try {
      this.ws.send(this.encode(type, fields));
      return true;
    } catch {
      return false;
    }
  }

  // Resolves with the reply frame, rejects with a ProtocolError. The request
  // id is the socket's: fields must not carry their own `id`.
  request(type, fields = {}, timeoutMs = this.requestTimeoutMs) {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new ProtocolError('offline'));
        return;
      }
      if (this.pending.size >= this.maxPending) {
        reject(new ProtocolError('rate_limited', null, 1000));
        return;
      }
      const id = this.nextId++;
      let text;
      try {
        text = this.encode(type, fields, id);
      } catch (err) {
        reject(err);
        return;
      }
      const key = keyOf(id);
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new ProtocolError('timeout'));
      }, timeoutMs);
      this.pending.set(key, { resolve, reject, timer });
      this.ws.send(text);
    });
  }

  failPending(code) {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(new ProtocolError(code));
    }
  }
}
