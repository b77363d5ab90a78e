// The participant session: account, rooms, chat and outbox on top of the
// reconnecting socket (matching is in matching.js). Views read its state
// and call its methods; it tells them what changed through on(fn) with a
// topic: 'status', 'user', 'rooms', 'room' (+ room id), 'notice',
// 'announcement', 'match', 'incoming' (+ { room, message }).
//
// After every reconnect it re-authenticates, re-joins each joined room from
// the last message it holds (`since`), then sends what waits in the outbox.

import { Socket, ProtocolError } from '/core/socket.js';
import {
  createRoomState,
  mergeJoin,
  receiveMessage,
  removeMessage,
  prependMessages,
  appendMessages,
  lastMessageId,
  textLength,
  Outbox,
  MAX_TEXT_CHARS,
  MAX_MESSAGES_KEPT,
  isStale,
  newNonce,
} from './store.js';
import { Matching } from './matching.js';

const TOKEN_KEY = 'passerelle.token';
const OUTBOX_PREFIX = 'passerelle.outbox.';
const TYPING_SEND_EVERY_MS = 3000;
const TYPING_SHOW_MS = 5000;
const READY_WAIT_MS = 10000;
const MAX_NOTICES = 5;
const MAX_ANNOUNCEMENTS = 5;
const RESYNC_MIN_MS = 1000;
const RESYNC_MAX_MS = 15000;

// Errors after which a request may succeed later unchanged.
const TRANSIENT = new Set(['offline', 'timeout', 'unavailable', 'internal']);

export function wsUrl(loc) {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}

export class App {
  constructor(url, storage = window.localStorage) {
    this.storage = storage;
    this.conn = new Socket(url, { protocol: 'passerelle.v1' });
    this.token = storage.getItem(TOKEN_KEY);
    this.user = null;
    this.authed = false;
    this.syncing = false;
    this.rooms = new Map();
    this.roomsLoaded = false;
    this.roomStates = new Map();
    this.outbox = null;
    this.flushing = false;
    this.flushTimer = null;
    this.resyncTimer = null;
    this.resyncDelay = RESYNC_MIN_MS;
    this.notices = [];
    this.noticeSeq = 0;
    this.announcements = [];
    this.matching = new Matching(this);
    this.listeners = new Set();
    this.conn.on('open', (gen) => this.handleOpen(gen));
    this.conn.on('state', () => this.emit('status'));
    this.conn.on('close', () => this.handleClose());
    this.conn.on('event', (frame) => this.handleEvent(frame));
  }

  start() {
    // Another tab signing out removes the shared token: this one follows.
    if (typeof window !== 'undefined' && this.storage === window.localStorage) {
      window.addEventListener('storage', (ev) => {
        if (ev.storageArea && ev.storageArea !== this.storage) return;
        if (ev.key !== null && ev.key !== TOKEN_KEY) return;
        if (this.token && this.storedToken() === null) this.sessionEnded();
      });
    }
    this.conn.start();
  }

  storedToken() {
    try {
      return this.storage.getItem(TOKEN_KEY);
    } catch {
      return this.token; // unreadable: keep what this page holds
    }
  }

  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(topic, arg, extra) {
    for (const fn of [...this.listeners]) {
      try {
        fn(topic, arg, extra);
      } catch (err) {
        console.error(err);
      }
    }
  }

  // 'online', 'syncing', 'connecting', 'reconnecting' or 'offline'.
  get status() {
    const s = this.conn.state;
    if (s === 'open') return this.syncing ? 'syncing' : 'online';
    if (s === 'idle' || s === 'connecting') return 'connecting';
    return s === 'offline' ? 'offline' : 'reconnecting';
  }

  get ready() {
    return this.conn.isOpen && !this.syncing && (!this.token || this.authed);
  }

  notify(key, params = {}, kind = 'info') {
    const notice = { id: ++this.noticeSeq, key, params, kind };
    this.notices.push(notice);
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
    this.emit('notice', notice);
    return notice;
  }

  dismissNotice(id) {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.emit('notice');
  }

  // Resolves once the connection can carry requests, or fails 'offline'.
  waitReady(ms = READY_WAIT_MS) {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.on(() => {
        if (!this.ready) return;
        clearTimeout(timer);
        off();
        resolve();
      });
      const timer = setTimeout(() => {
        off();
        reject(new ProtocolError('offline'));
      }, ms);
    });
  }

  async call(type, fields = {}) {
    await this.waitReady();
    return this.conn.request(type, fields);
  }

  // ------------------------------------------------------------ connection

  async handleOpen(gen) {
    this.authed = false;
    if (!this.token) {
      this.emit('status');
      return;
    }
    this.syncing = true;
    this.emit('status');
    try {
      const r = await this.conn.request('auth', { token: this.token });
      if (gen !== this.conn.generation) return;
      this.setUser(r.user);
      this.authed = true;
    } catch (err) {
      if (gen !== this.conn.generation) return;
      this.syncing = false;
      if (err.code === 'unauthorized') {
        this.forget();
        this.notify('notice.session_expired', {}, 'warn');
        this.emit('user');
      } else if (err.code === 'offline') {
        // the socket is gone; its next open starts over
      } else {
        this.retryLater(() => this.handleOpen(gen), gen);
      }
      this.emit('status');
      return;
    }
    await this.resync(gen);
  }

  // Storage trouble on the server (unavailable) is waited out on the same
  // connection, with a growing delay, rather than by reconnecting.
  retryLater(fn, gen) {
    clearTimeout(this.resyncTimer);
    const delay = this.resyncDelay;
    this.resyncDelay = Math.min(this.resyncDelay * 2, RESYNC_MAX_MS);
    this.resyncTimer = setTimeout(() => {
      if (gen === this.conn.generation && this.conn.isOpen) fn();
    }, delay);
  }

  async resync(gen) {
    const rooms = [...this.roomStates.values()].filter(
      (rs) => !rs.detached && rs.joinedGen !== gen && !rs.joining,
    );
    const results = await Promise.allSettled(rooms.map((rs) => this.joinOn(rs, gen)));
    if (gen !== this.conn.generation) return;
    this.syncing = false;
    this.emit('status');
    // Rooms that did join can send their queued messages already.
    this.flushOutbox();
    const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.code);
    if (failed.some((code) => code !== 'offline' && TRANSIENT.has(code))) {
      this.retryLater(() => this.resync(gen), gen);
      return;
    }
    this.resyncDelay = RESYNC_MIN_MS;
    this.refreshRooms().catch(() => {});
    if (this.user && this.user.role !== 'facilitator') this.matching.refresh().catch(() => {});
  }

  // Members stay listed (shown as possibly stale) until the re-join
  // brings the current list; typing hints are dropped at once.
  handleClose() {
    this.authed = false;
    for (const rs of this.roomStates.values()) rs.typing.clear();
    this.emit('status');
  }

  // ------------------------------------------------------------ account

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
  }

  async signIn(email, password) {
    await this.waitReady();
    const r = await this.conn.request('login', { email, password });
    this.acceptSession(r);
  }

  async signUp(name, email, password, role) {
    await this.waitReady();
    const r = await this.conn.request('register', { name, email, password, role });
    this.acceptSession(r);
  }

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
  }

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
    this.announcements = [];
  }

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
  }

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
  }

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
  }

  // ------------------------------------------------------------ rooms

  setRoom(room) {
    if (!room || typeof room !== 'object' || typeof room.id !== 'string') return;
    const old = this.rooms.get(room.id);
    this.rooms.set(room.id, Object.assign({}, old, room));
    this.emit('rooms');
    if (this.roomStates.has(room.id)) this.emit('room', room.id);
  }

  async refreshRooms() {
    const r = await this.call('rooms.list');
    this.rooms.clear();
    for (const room of r.rooms || []) if (room && typeof room.id === 'string') this.rooms.set(room.id, room);
    this.roomsLoaded = true;
    this.emit('rooms');
  }

  roomState(id) {
    return this.roomStates.get(id) || null;
  }

  async join(id) {
    let rs = this.roomStates.get(id);
    if (rs && !rs.detached && rs.joinedGen === this.conn.generation && this.conn.isOpen) return rs;
    if (!rs || rs.detached) {
      rs = createRoomState(id);
      this.roomStates.set(id, rs);
    }
    await this.waitReady();
    if (rs.joinedGen === this.conn.generation || rs.joining) return rs; // joined by a resync meanwhile
    try {
      await this.joinOn(rs, this.conn.generation);
    } catch (err) {
      if (!TRANSIENT.has(err.code) && !rs.messages.length) this.roomStates.delete(id);
      throw err;
    }
    this.flushOutbox();
    return rs;
  }

  // Joins on connection `gen`, resuming after the last message held.
  async joinOn(rs, gen) {
    const since = lastMessageId(rs);
    const fields = { room: rs.id };
    if (since) fields.since = since;
    rs.joining = true;
    rs.buffer = [];
    let r;
    try {
      r = await this.conn.request('join', fields);
    } catch (err) {
      rs.joining = false;
      rs.buffer = null;
      if (!TRANSIENT.has(err.code)) this.detach(rs, err.code);
      throw err;
    }
    rs.joining = false;
    if (gen !== this.conn.generation) return rs;
    if (r.room) this.setRoom(r.room);
    mergeJoin(rs, r.history, !!since);
    if (since && r.gap) rs.gap = true;
    rs.members = new Map();
    for (const u of r.members || []) if (u && u.id) rs.members.set(u.id, u);
    rs.joinedGen = gen;
    rs.detached = null;
    this.emit('room', rs.id);
    return rs;
  }

  detach(rs, why) {
    rs.detached = why;
    rs.joinedGen = 0;
    rs.members.clear();
    rs.typing.clear();
    if (this.outbox) {
      for (const e of this.outbox.forRoom(rs.id)) {
        e.state = 'failed';
        e.error = why;
      }
      this.outbox.save();
    }
    this.emit('room', rs.id);
  }

  async leave(id) {
    const rs = this.roomStates.get(id);
    this.roomStates.delete(id);
    if (this.outbox) this.outbox.removeRoom(id);
    this.emit('room', id);
    this.emit('rooms');
    if (rs && !rs.detached && rs.joinedGen === this.conn.generation && this.conn.isOpen) {
      try {
        await this.conn.request('leave', { room: id });
      } catch {
        // the room is left here either way; the server drops it on disconnect
      }
    }
  }

  async loadOlder(id) {
    const rs = this.roomStates.get(id);
    if (!rs || rs.loadingOlder || !rs.more || !rs.messages.length || rs.detached) return 0;
    if (rs.messages.length >= MAX_MESSAGES_KEPT) {
      // No room for older messages: asking for them would keep nothing.
      rs.more = false;
      rs.full = true;
      this.emit('room', id);
      return 0;
    }
    rs.loadingOlder = true;
    this.emit('room', id);
    let added;
    try {
      const r = await this.call('history', { room: id, before: rs.messages[0].id, limit: 50 });
      const list = r.messages || [];
      added = prependMessages(rs, list);
      rs.more = rs.more && !!r.more && list.length > 0;
    } finally {
      rs.loadingOlder = false;
      this.emit('room', id, { older: true });
    }
    return added;
  }

  typing(id) {
    const rs = this.roomStates.get(id);
    if (!rs || rs.joinedGen !== this.conn.generation || !this.ready) return;
    const now = Date.now();
    if (now - rs.typingSentAt < TYPING_SEND_EVERY_MS) return;
    rs.typingSentAt = now;
    this.conn.send('typing', { room: id });
  }

  typers(id) {
    const rs = this.roomStates.get(id);
    if (!rs) return [];
    const now = Date.now();
    for (const [uid, t] of rs.typing) if (t.until <= now) rs.typing.delete(uid);
    return [...rs.typing.values()].map((t) => t.user);
  }

  // ------------------------------------------------------------ outbox

  // Queues `text` for the room; throws ProtocolError('bad_request') on an
  // empty or too long text (nothing is queued then).
  say(id, text) {
    const clean = text.trim();
    const n = textLength(clean);
    if (n === 0 || n > MAX_TEXT_CHARS) throw new ProtocolError('bad_request');
    if (!this.outbox) throw new ProtocolError('unauthorized');
    const entry = this.outbox.add(id, clean);
    if (!entry) throw new ProtocolError('rate_limited', null, 1000);
    this.emit('room', id);
    this.flushOutbox();
    return entry;
  }

  retry(nonce) {
    const e = this.outbox && this.outbox.get(nonce);
    if (!e) return;
    // Sent again by hand after the server stopped remembering its nonce:
    // a new nonce makes it a new message (the writer chose to send it).
    if (e.error === 'stale' || isStale(e)) {
      e.nonce = newNonce();
      e.tried = 0;
    }
    e.state = 'pending';
    e.error = null;
    e.retryAt = 0;
    this.outbox.save();
    this.emit('room', e.room);
    const rs = this.roomStates.get(e.room);
    if (rs && rs.detached) this.join(e.room).catch(() => {});
    this.flushOutbox();
  }

  discard(nonce) {
    const e = this.outbox && this.outbox.get(nonce);
    if (!e) return;
    this.outbox.remove(nonce);
    this.emit('room', e.room);
  }

  scheduleFlush(at) {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flushOutbox(), Math.max(0, at - Date.now()));
  }

  // Sends queued messages one at a time, oldest first.
  async flushOutbox() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        const entry = this.outbox && this.ready && this.authed ? this.outbox.next() : null;
        if (!entry) break;
        if (isStale(entry)) {
          this.failEntry(entry, 'stale');
          continue;
        }
        if (entry.retryAt > Date.now()) {
          this.scheduleFlush(entry.retryAt);
          break;
        }
        const rs = this.roomStates.get(entry.room);
        if (!rs || rs.joinedGen !== this.conn.generation) {
          if (rs && rs.joining) break; // the join flushes again when done
          try {
            await this.join(entry.room);
          } catch (err) {
            if (TRANSIENT.has(err.code)) break;
            this.failEntry(entry, err.code);
          }
          continue;
        }
        if (!(await this.sendEntry(entry, rs))) break;
      }
    } finally {
      this.flushing = false;
    }
  }

  // True when the next entry may be tried at once.
  async sendEntry(entry, rs) {
    if (!entry.tried) {
      entry.tried = Date.now();
      this.outbox.save();
    }
    try {
      const r = await this.conn.request('say', { room: entry.room, text: entry.text, nonce: entry.nonce });
      this.outbox.remove(entry.nonce);
      if (r.message) appendMessages(rs, [r.message]);
      this.emit('room', entry.room);
      return true;
    } catch (err) {
      const wait = { rate_limited: 1000, slow_mode: 1000, unavailable: 2000, internal: 3000, timeout: 2000 }[
        err.code
      ];
      if (wait !== undefined) {
        entry.retryAt = Date.now() + (err.retryAfterMs || wait);
        entry.error = err.code;
        this.emit('room', entry.room);
        this.scheduleFlush(entry.retryAt);
        return false;
      }
      if (err.code === 'offline') return false; // sent again after the reconnect
      this.failEntry(entry, err.code);
      return true;
    }
  }

  failEntry(entry, code) {
    entry.state = 'failed';
    entry.error = code;
    this.outbox.save();
    this.emit('room', entry.room);
  }

  // ------------------------------------------------------------ events

  handleEvent(f) {
    const handler = EVENTS[f.type];
    if (handler) handler(this, f);
  }

  onMessage(f) {
    const m = f.message;
    const roomId = f.room || (m && m.room);
    const rs = this.roomStates.get(roomId);
    if (!rs || !m) return;
    if (!receiveMessage(rs, m)) return;
    if (m.from && m.from.id) rs.typing.delete(m.from.id);
    const mine = this.user && m.from && m.from.id === this.user.id;
    if (!mine) rs.unread++;
    this.emit('room', roomId);
    if (!mine) this.emit('incoming', { room: roomId, message: m });
  }

  onPresence(f) {
    const rs = this.roomStates.get(f.room);
    if (!rs || !f.user || !f.user.id || rs.joining) return;
    if (f.state === 'joined') rs.members.set(f.user.id, f.user);
    else if (f.state === 'left') {
      rs.members.delete(f.user.id);
      rs.typing.delete(f.user.id);
    }
    this.emit('room', f.room);
  }

  onTyping(f) {
    const rs = this.roomStates.get(f.room);
    if (!rs || !f.user || !f.user.id || (this.user && f.user.id === this.user.id)) return;
    rs.typing.set(f.user.id, { user: f.user, until: Date.now() + TYPING_SHOW_MS });
    this.emit('room', f.room);
    setTimeout(() => this.emit('room', f.room), TYPING_SHOW_MS + 50);
  }

  onDeleted(f) {
    const rs = this.roomStates.get(f.room);
    if (rs && removeMessage(rs, f.id)) this.emit('room', f.room);
  }

  onRoomUpdated(f) {
    if (f.room && typeof f.room === 'object') this.setRoom(f.room);
    else this.refreshRooms().catch(() => {});
  }

  onAnnouncement(f) {
    if (typeof f.text !== 'string') return;
    const from = f.from && typeof f.from === 'object' ? f.from.name : f.from;
    const roomId = typeof f.room === 'string' ? f.room : f.room && f.room.id;
    this.announcements.push({ id: ++this.noticeSeq, text: f.text, from: from || '', room: roomId || null });
    if (this.announcements.length > MAX_ANNOUNCEMENTS) this.announcements.shift();
    this.emit('announcement');
  }

  dismissAnnouncement(id) {
    this.announcements = this.announcements.filter((a) => a.id !== id);
    this.emit('announcement');
  }

  onModerated(f) {
    const rs = this.roomStates.get(f.room);
    const room = this.rooms.get(f.room);
    const params = { room: room ? room.title : f.room, until: f.until || 0, reason: f.reason || '' };
    if (f.action === 'muted') {
      if (rs) rs.mutedUntil = typeof f.until === 'number' ? f.until : Date.now() + 3600e3;
      this.notify(f.until ? 'moderated.muted_until' : 'moderated.muted', params, 'warn');
    } else if (f.action === 'kicked' || f.action === 'banned') {
      if (rs) this.detach(rs, f.action);
      this.notify(`moderated.${f.action}${f.until ? '_until' : ''}`, params, 'warn');
    }
    if (rs) this.emit('room', f.room);
  }

  // ------------------------------------------------------------ profile

  async getProfile() {
    return (await this.call('profile.get')).profile || {};
  }

  async setProfile(profile) {
    return (await this.call('profile.set', { profile })).profile || profile;
  }
}

const EVENTS = {
  message: (app, f) => app.onMessage(f),
  presence: (app, f) => app.onPresence(f),
  typing: (app, f) => app.onTyping(f),
  'message.deleted': (app, f) => app.onDeleted(f),
  'room.updated': (app, f) => app.onRoomUpdated(f),
  announcement: (app, f) => app.onAnnouncement(f),
  moderated: (app, f) => app.onModerated(f),
  logged_out: (app) => app.sessionEnded(),
  'match.offer': (app, f) => app.matching.onOffer(f),
  'match.made': (app, f) => app.matching.onMade(f),
  error: (app, f) => console.warn('server error', f.code, f.message),
};
