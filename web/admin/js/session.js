// The console's session: the shared socket (web/core) on the admin
// subprotocol, to /admin on the host that served the page, and who is
// signed in on it.
//
// Credentials: a session token from `auth.login` is kept in sessionStorage so
// that a reload or a reconnect signs in again with `auth {token}`; the
// bootstrap secret is kept in memory only and is gone after a reload.
//
// States, as shown in the header:
//   connecting   the first attempt is under way (again after a sign-out)
//   signin       the socket is open, nobody is signed in
//   online       signed in, requests can be sent
//   reconnecting the socket dropped; the next attempt is scheduled
//   offline      the browser says it has no network

import { Socket } from '/core/socket.js';

const PROTOCOL = 'passerelle-admin.v1';
const TOKEN_KEY = 'passerelle.admin.token';

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

export class AdminSession {
  constructor(url) {
    this.socket = new Socket(url, { protocol: PROTOCOL });
    this.state = 'connecting';
    this.user = null;
    this.signedGen = 0; // socket generation the sign-in was made on
    this.token = loadToken();
    this.secret = null;
    this.listeners = new Set();
    this.socket.on('state', () => this.update());
    this.socket.on('retry', () => this.emit('state', this.state)); // the countdown changed
    this.socket.on('open', (gen) => this.opened(gen));
    this.socket.on('event', (f) => this.received(f));
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

  get hasCredentials() {
    return !!(this.token || this.secret);
  }

  get retryAt() {
    return this.socket.retryAt;
  }

  // The header's state, from the socket's and the sign-in's. While the
  // stored credentials are being tried it stays what it was.
  derive() {
    const s = this.socket.state;
    if (s === 'offline') return 'offline';
    if (s === 'open') {
      if (this.user && this.signedGen === this.socket.generation) return 'online';
      if (!this.hasCredentials) return 'signin';
      return this.state === 'connecting' ? 'connecting' : 'reconnecting';
    }
    return s === 'reconnecting' ? 'reconnecting' : 'connecting';
  }

  update() {
    const next = this.derive();
    if (next === this.state) return;
    this.state = next;
    this.emit('state', next);
  }

  start() {
    this.socket.start();
  }

  retryNow() {
    this.socket.reconnectNow();
  }

  async opened(gen) {
    if (!this.hasCredentials) return;
    try {
      const body = this.secret ? { secret: this.secret } : { token: this.token };
      const r = await this.socket.request('auth', body);
      if (gen === this.socket.generation) this.signedIn(r.user);
    } catch (err) {
      if (gen !== this.socket.generation) return;
      if (err.code === 'unauthorized' || err.code === 'forbidden') this.forget(err.code);
      // Storage down or no answer: try again later, with the back-off still
      // growing, so that a server that cannot sign anyone in is not hammered.
      else if (err.code !== 'offline') this.socket.drop();
    }
  }

  signedIn(user) {
    this.socket.resetBackoff();
    this.user = user || null;
    this.signedGen = this.socket.generation;
    this.update();
    this.emit('ready', this.user);
  }

  received(f) {
    // The token was revoked (a participant logout) or the account lost its
    // facilitator role: the server signed this socket out.
    if (f.type === 'logged_out' || (f.type === 'error' && f.code === 'unauthorized' && f.re === undefined)) {
      if (this.state === 'online') this.forget('logged_out');
      return;
    }
    if (f.re !== undefined) return; // a late reply to a request given up
    this.emit('event', f);
  }

  // Sends a request; resolves with the ok frame, rejects with a ProtocolError.
  async request(type, body = {}) {
    try {
      return await this.socket.request(type, body);
    } catch (err) {
      // A token that expired or was revoked while signed in.
      if (err.code === 'unauthorized' && this.state === 'online') this.forget('unauthorized');
      throw err;
    }
  }

  async signInWithPassword(email, password) {
    const r = await this.socket.request('auth.login', { email, password });
    this.token = r.token;
    this.secret = null;
    saveToken(r.token);
    this.signedIn(r.user);
    return r.user;
  }

  async signInWithSecret(secret) {
    const r = await this.socket.request('auth', { secret });
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
    this.signedGen = 0;
    saveToken(null);
    this.emit('signedout', reason || null);
    this.socket.restart();
    this.update();
  }
}
