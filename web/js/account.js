// The participant's account, as methods of App (app.js): sign-up, sign-in,
// the token kept in localStorage, and sign-out, here or in another tab.

import { Outbox, createRoomState } from './store.js';

export const TOKEN_KEY = 'passerelle.token';
const OUTBOX_PREFIX = 'passerelle.outbox.';

export const account = {
  setUser(user) {
    const changed = !this.user || !user || this.user.id !== user.id;
    this.user = user;
    if (changed && user) {
      this.outbox = new Outbox(this.storage, `${OUTBOX_PREFIX}${user.id}`);
      // Rooms with unsent messages are joined again so those can go out.
      for (const e of this.outbox.entries)
        if (!this.roomStates.has(e.room)) this.roomStates.set(e.room, createRoomState(e.room));
    }
    this.emit('user');
  },

  async signIn(email, password) {
    await this.waitReady();
    const r = await this.conn.request('login', { email, password });
    this.acceptSession(r);
  },

  async signUp(name, email, password, role, extra = {}) {
    await this.waitReady();
    const r = await this.conn.request('register', { name, email, password, role, ...extra });
    this.acceptSession(r);
  },

  // Gives or withdraws the consents to take part in rooms and to mentor matching
  // (fields: {rooms?, matching?}). A withdrawal of matching ends the request at once.
  async setConsents(fields) {
    const r = await this.call('consent.set', fields);
    this.setUser(r.user);
    if (fields.matching === false) this.matching.refresh().catch(() => {});
  },

  // account.updated: a guardian's consent recorded, or the consents changed elsewhere.
  onAccountUpdated(f) {
    if (!f.user || !this.user || f.user.id !== this.user.id) return;
    const wasPending = this.user.state === 'pending_consent';
    this.setUser(Object.assign({}, this.user, f.user));
    if (wasPending && f.user.state === 'active') this.notify('consent.recorded', {}, 'success');
  },

  acceptSession(reply) {
    this.token = reply.token;
    try {
      this.storage.setItem(TOKEN_KEY, reply.token);
    } catch {
      // private mode: the session lasts as long as the page
    }
    this.authed = true;
    this.setUser(reply.user);
    this.refreshRooms().catch(() => {});
    this.flushOutbox();
  },

  // Drops the session and everything kept for it, the unsent messages
  // included: they belong to a session that can no longer send them, and
  // whoever signs in next on this browser must not see them.
  forget() {
    this.token = null;
    this.authed = false;
    this.user = null;
    try {
      this.storage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
    if (this.outbox) this.outbox.clear();
    this.clearStoredOutboxes();
    clearTimeout(this.flushTimer);
    this.roomStates.clear();
    this.rooms.clear();
    this.roomsLoaded = false;
    this.outbox = null;
    this.matching.reset();
    this.session.rooms.clear(); // the next person's sessions are asked again
    this.breakout = null;
    this.announcements = [];
  },

  // Outboxes left by a session that ended before this page loaded it (an
  // expired token is only found out at the first sign-in).
  clearStoredOutboxes() {
    try {
      if (typeof this.storage.key !== 'function') return;
      const keys = [];
      for (let i = 0; i < this.storage.length; i++) {
        const k = this.storage.key(i);
        if (k && k.startsWith(OUTBOX_PREFIX)) keys.push(k);
      }
      for (const k of keys) this.storage.removeItem(k);
    } catch {
      // storage disabled: nothing kept
    }
  },

  // The session was ended elsewhere: the server revoked the token (a
  // logout in another tab or device sends logged_out to the other
  // connections) or another tab removed the stored token.
  sessionEnded() {
    if (!this.token) return;
    this.forget();
    this.syncing = false;
    this.notify('notice.signed_out_elsewhere', {}, 'warn');
    this.emit('user');
    // A fresh connection carries no identity and no joined rooms.
    this.conn.drop();
  },

  // account.delete: on success every session of the person ends, this one first.
  async deleteAccount(password) {
    await this.call('account.delete', { password });
    this.forget();
    this.notify('notice.account_deleted', {}, 'info');
    this.emit('user');
    this.conn.drop();
  },

  async signOut() {
    if (this.conn.isOpen && this.authed) {
      try {
        await this.conn.request('logout');
      } catch {
        // the token is dropped here either way
      }
    }
    this.forget();
    this.emit('user');
    // A fresh connection carries no identity and no joined rooms.
    this.conn.drop();
  },
};
