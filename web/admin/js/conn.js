// The admin socket: one WebSocket to /admin on the host that served the page,
// requests matched to replies by id, events handed to listeners, and
// reconnection with growing, jittered delays.
//
// Credentials: a session token from `auth.login` is kept in sessionStorage so
// that a reload or a reconnect signs in again with `auth {token}`; the
// bootstrap secret is kept in memory only and is gone after a reload.
//
// Connection states, as shown in the header:
//   connecting   the first attempt is under way
//   signin       the socket is open, nobody is signed in
//   online       signed in, requests can be sent
//   reconnecting the socket dropped; the next attempt is scheduled
//   offline      the browser says it has no network

const PROTOCOL = 'passerelle-admin.v1';
const TOKEN_KEY = 'passerelle.admin.token';
const REQUEST_MS = 15000; // an answer later than this is given up
const PING_MS = 25000; // quiet time before a ping checks the link
const DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];
const MAX_FRAME = 16 * 1024; // the server refuses larger frames
const STABLE_MS = 5000; // a socket up this long resets the back-off

export class ConnError extends Error {
  constructor(code, message, retryAfterMs) {
    super(message || code);
    this.code = code;
    this.retryAfterMs = retryAfterMs || 0;
  }
}

export function adminUrl(loc = window.location) {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/admin`;
}

function loadToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function saveToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // kept for this page only
  }
}

// Replies carry `re` equal to the request id (a number here); a string `re`
// that looks the same must not match.
const keyOf = (id) => `${typeof id}:${id}`;

export class AdminConn {
  constructor(url) {
    this.url = url;
    this.ws = null;
    this.state = 'connecting';
    this.user = null;
    this.token = loadToken();
    this.secret = null;
    this.seq = 0;
    this.pending = new Map();
    this.listeners = new Set();
    this.attempt = 0;
    this.openedAt = 0;
    this.retryAt = 0;
    this.timer = null;
    this.pingTimer = null;
    this.stopped = false;
    window.addEventListener('online', () => this.retryNow());
    window.addEventListener('offline', () => this.ws && this.ws.close());
  }

  // fn(kind, data): kind is 'state', 'ready' (signed in on a fresh socket),
  // 'signedout' (with a reason code or null) or 'event' (a pushed frame).
  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(kind, data) {
    for (const fn of [...this.listeners]) fn(kind, data);
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state);
  }

  get hasCredentials() {
    return !!(this.token || this.secret);
  }

  start() {
    this.stopped = false;
    this.open();
  }

  open() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.ws) return;
    if (navigator.onLine === false) {
      this.setState('offline');
      return;
    }
    let ws;
    try {
      ws = new WebSocket(this.url, PROTOCOL);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => this.opened(ws);
    ws.onmessage = (ev) => this.received(ws, ev.data);
    ws.onclose = () => this.closed(ws);
    ws.onerror = () => {}; // onclose follows and handles it
  }

  async opened(ws) {
    if (ws !== this.ws) return;
    // The back-off is reset only by a successful sign-in, or by a socket that
    // stayed up for a while (see closed()): a server that accepts sockets but
    // cannot sign anyone in must not be hammered twice a second.
    this.openedAt = Date.now();
    this.kick();
    if (!this.hasCredentials) {
      this.setState('signin');
      return;
    }
    try {
      const body = this.secret ? { secret: this.secret } : { token: this.token };
      const r = await this.request('auth', body);
      this.signedIn(r.user);
    } catch (err) {
      if (err.code === 'unauthorized' || err.code === 'forbidden') this.forget(err.code);
      else if (ws === this.ws) ws.close(); // storage down or no answer: try again later
    }
  }

  signedIn(user) {
    this.attempt = 0;
    this.user = user || null;
    this.setState('online');
    this.emit('ready', this.user);
  }

  received(ws, data) {
    if (ws !== this.ws) return;
    this.kick();
    let f;
    try {
      f = JSON.parse(data);
    } catch {
      return;
    }
    if (!f || typeof f !== 'object' || typeof f.type !== 'string') return;
    if ('re' in f && (f.type === 'ok' || f.type === 'error' || f.type === 'pong')) {
      const p = this.pending.get(keyOf(f.re));
      if (!p) return;
      this.pending.delete(keyOf(f.re));
      clearTimeout(p.timer);
      if (f.type !== 'error') return p.resolve(f);
      p.reject(new ConnError(f.code, f.message, f.retry_after_ms));
      // A token that expired or was revoked while signed in.
      if (f.code === 'unauthorized' && this.state === 'online' && !p.signingIn) this.forget('unauthorized');
      return;
    }
    // The token was revoked (a participant logout) or the account lost its
    // facilitator role: the server signed this socket out.
    if (f.type === 'logged_out' || (f.type === 'error' && f.code === 'unauthorized')) {
      if (this.state === 'online') this.forget('logged_out');
      return;
    }
    this.emit('event', f);
  }

  closed(ws) {
    if (ws !== this.ws) return;
    this.ws = null;
    if (this.openedAt && Date.now() - this.openedAt > STABLE_MS) this.attempt = 0;
    this.openedAt = 0;
    clearTimeout(this.pingTimer);
    this.failPending();
    if (!this.stopped) this.scheduleRetry();
  }

  failPending() {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ConnError('offline'));
    }
    this.pending.clear();
  }

  scheduleRetry() {
    if (navigator.onLine === false) {
      this.setState('offline');
      return;
    }
    const base = DELAYS_MS[Math.min(this.attempt, DELAYS_MS.length - 1)];
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.timer = setTimeout(() => this.open(), delay);
    this.state = 'reconnecting';
    this.emit('state', this.state); // also when only the countdown changed
  }

  retryNow() {
    if (this.ws || this.stopped) return;
    this.attempt = 0;
    this.open();
  }

  // Any frame proves the link; silence for PING_MS sends a ping, and a ping
  // without answer closes the socket, which reconnects.
  kick() {
    clearTimeout(this.pingTimer);
    const ws = this.ws;
    this.pingTimer = setTimeout(() => {
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
      this.request('ping', {}).catch(() => {
        if (ws === this.ws) ws.close();
      });
    }, PING_MS);
  }

  // Sends a request; resolves with the ok frame, rejects with a ConnError.
  // The request id is ours: a body must not carry its own `id`.
  request(type, body = {}) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new ConnError('offline'));
    const id = ++this.seq;
    const key = keyOf(id);
    const text = JSON.stringify({ ...body, type, id });
    if (text.length > MAX_FRAME) return Promise.reject(new ConnError('too_large'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new ConnError('timeout'));
      }, REQUEST_MS);
      this.pending.set(key, { resolve, reject, timer, signingIn: type === 'auth' || type === 'auth.login' });
      ws.send(text);
    });
  }

  async signInWithPassword(email, password) {
    const r = await this.request('auth.login', { email, password });
    this.token = r.token;
    this.secret = null;
    saveToken(r.token);
    this.signedIn(r.user);
    return r.user;
  }

  async signInWithSecret(secret) {
    const r = await this.request('auth', { secret });
    this.secret = secret;
    this.token = null;
    saveToken(null);
    this.signedIn(r.user);
    return r.user;
  }

  // Drops the credentials and starts again on a fresh, anonymous socket.
  forget(reason) {
    this.token = null;
    this.secret = null;
    this.user = null;
    saveToken(null);
    this.emit('signedout', reason || null);
    const ws = this.ws;
    this.ws = null;
    this.openedAt = 0;
    clearTimeout(this.pingTimer);
    this.failPending();
    if (ws) {
      ws.onclose = null;
      ws.close(1000);
    }
    clearTimeout(this.timer);
    this.attempt = 0;
    this.setState('connecting');
    this.open();
  }
}
