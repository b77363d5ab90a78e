// The participant session on top of the shared reconnecting socket
// (web/core/socket.js). Views read its state and call its methods; it tells
// them what changed through on(fn) with a topic: 'status', 'user', 'rooms',
// 'room' (+ room id), 'notice', 'announcement', 'match', 'incoming'
// (+ { room, message }), 'session' (+ room id: session.js), 'breakout' (app.breakout
// changed).
//
// After every reconnect it re-authenticates, re-joins each joined room from
// the last message it holds (`since`), then sends what waits in the outbox.
//
// One object, its methods by concern: the connection, notices and events
// here; sign-in and sign-out in account.js; rooms, history, typing and room
// events in chat.js; the outbox in sending.js; matching in matching.js.

import { Socket, ProtocolError } from '/core/socket.js';
import { TRANSIENT } from './store.js';
import { Matching } from './matching.js';
import { LiveSession } from './session.js';
import { account, TOKEN_KEY } from './account.js';
import { chat } from './chat.js';
import { sending } from './sending.js';
import { onBreakout, onBreakoutEnding, onBreakoutEnded } from './views/breakout.js';

const READY_WAIT_MS = 10000;
const MAX_NOTICES = 5;
const MAX_ANNOUNCEMENTS = 5;
const RESYNC_MIN_MS = 1000;
const RESYNC_MAX_MS = 15000;

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
    this.session = new LiveSession(this);
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

  handleEvent(f) {
    const handler = EVENTS[f.type];
    if (handler) handler(this, f);
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

  async getProfile() {
    return (await this.call('profile.get')).profile || {};
  }

  async setProfile(profile) {
    return (await this.call('profile.set', { profile })).profile || profile;
  }
}

Object.assign(App.prototype, account, chat, sending);

const EVENTS = {
  message: (app, f) => app.onMessage(f),
  presence: (app, f) => app.onPresence(f),
  typing: (app, f) => app.onTyping(f),
  'message.deleted': (app, f) => app.onDeleted(f),
  // Reported by several people: out of view until a facilitator reviews it.
  'message.hidden': (app, f) => app.onDeleted(f),
  'message.shown': (app, f) => app.onShown(f),
  'message.erased': (app, f) => app.onErased(f),
  'room.updated': (app, f) => app.onRoomUpdated(f),
  announcement: (app, f) => app.onAnnouncement(f),
  moderated: (app, f) => app.onModerated(f),
  poll: (app, f) => app.emit('poll', f.poll),
  'poll.closed': (app, f) => app.emit('poll', f.poll),
  logged_out: (app) => app.sessionEnded(),
  'match.offer': (app, f) => app.matching.onOffer(f),
  'match.made': (app, f) => app.matching.onMade(f),
  'match.withdrawn': (app, f) => app.matching.onWithdrawn(f),
  'account.updated': (app, f) => app.onAccountUpdated(f),
  'room.left': (app, f) => app.onRoomLeft(f),
  agenda: (app, f) => app.session.onEvent(f),
  timer: (app, f) => app.session.onEvent(f),
  'timer.stopped': (app, f) => app.session.onEvent(f),
  'timer.ended': (app, f) => app.session.onEvent(f),
  floor: (app, f) => app.session.onEvent(f),
  hand: (app, f) => app.session.onEvent(f),
  breakout: onBreakout,
  'breakout.ending': onBreakoutEnding,
  'breakout.ended': onBreakoutEnded,
  error: (app, f) => console.warn('server error', f.code, f.message),
};
