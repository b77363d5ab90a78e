// What the console knows, shared by its screens: the connection, who is
// signed in, the rooms with their live numbers (room.stats, polled), names of
// people met so far (the audit log names targets by id only) and the notices
// shown at the top of the page.
//
// Topics given to listeners: 'rooms', 'user', 'ready' (signed in on a fresh
// socket: watches must be asked for again), 'conn', 'notices', 'event' (a
// pushed frame from the server, as it came).

import { AdminSession, adminUrl } from './session.js';

const POLL_MS = 5000;
const MAX_NOTICES = 5;
const MAX_NAMES = 5000; // people remembered by id, oldest forgotten first
const NOTICE_MS = 8000; // how long a success notice stays

// A room object from the server over what the console knew. The server leaves out a
// cohort the room does not have, so a missing one was removed.
function mergeRoom(old, room) {
  const merged = { ...(old || {}), ...room };
  if (!('cohort' in room)) delete merged.cohort;
  return merged;
}

export class Console {
  constructor(url = adminUrl()) {
    this.conn = new AdminSession(url);
    this.user = null;
    this.rooms = new Map();
    this.roomsAt = 0;
    this.openReports = []; // those waiting for a decision, newest first
    this.reportsError = null; // why the last report.list failed, if it did
    this.names = new Map();
    this.notices = [];
    this.noticeSeq = 0;
    this.listeners = new Set();
    this.poller = null;
    this.conn.on((kind, data) => this.onConn(kind, data));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.online) this.refreshRooms().catch(() => {});
    });
  }

  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(topic, arg) {
    for (const fn of [...this.listeners]) fn(topic, arg);
  }

  get online() {
    return this.conn.state === 'online';
  }

  start() {
    this.conn.start();
  }

  onConn(kind, data) {
    if (kind === 'ready') {
      this.user = data;
      this.emit('ready'); // screens already shown ask again for what they follow
      this.emit('user');
      this.refreshRooms().catch(() => {});
      this.refreshReports().catch(() => {});
      this.startPolling();
    } else if (kind === 'signedout') {
      this.user = null;
      this.stopPolling();
      if (data) this.notify('warn', data === 'forbidden' ? 'signin.not_facilitator' : 'signin.ended');
      this.emit('user');
    } else if (kind === 'state') {
      this.emit('conn', data);
    } else if (kind === 'event') {
      this.onEvent(data);
    }
  }

  onEvent(f) {
    if (f.type === 'report.new' || f.type === 'report.updated') {
      if (f.type === 'report.new') this.notify('warn', 'reports.arrived');
      this.putReport(f.report);
    }
    // A call for help from a breakout group shows on every page of the console.
    if (f.type === 'breakout.help' && f.user && f.group)
      this.notify('warn', 'breakout.help_call', { name: f.user.name || f.user.id, n: f.group.number });
    if (f.type === 'room.updated' && f.room && typeof f.room === 'object' && f.room.id) {
      this.rooms.set(f.room.id, mergeRoom(this.rooms.get(f.room.id), f.room));
      this.emit('rooms');
    }
    const u = f.user || (f.message && f.message.from);
    if (u) this.remember(u);
    this.emit('event', f);
  }

  request(type, body) {
    return this.conn.request(type, body);
  }

  startPolling() {
    this.stopPolling();
    this.poller = setInterval(() => {
      if (this.online && document.visibilityState === 'visible') this.refreshRooms().catch(() => {});
    }, POLL_MS);
  }

  stopPolling() {
    clearInterval(this.poller);
    this.poller = null;
  }

  // The reports waiting for a decision (open or escalated): the navigation counts them and
  // the Reports page shows them.
  // A failure is kept in reportsError (and shown), so an empty queue is never a guess.
  async refreshReports() {
    try {
      const r = await this.request('report.list', {});
      this.openReports = Array.isArray(r.reports) ? r.reports : [];
      this.reportsError = null;
    } catch (err) {
      this.reportsError = err;
      throw err;
    } finally {
      this.emit('reports');
    }
  }

  // A report as an event carries it: the list follows without asking the server again.
  putReport(report) {
    if (!report || typeof report.id !== 'string') return;
    const rest = this.openReports.filter((r) => r.id !== report.id);
    this.openReports = report.state === 'resolved' ? rest : [report, ...rest];
    this.openReports.sort((a, b) => (b.created_at || 0) - (a.created_at || 0));
    this.emit('reports');
  }

  async refreshRooms() {
    const r = await this.request('room.stats', {});
    const next = new Map();
    for (const room of Array.isArray(r.rooms) ? r.rooms : []) {
      if (!room || typeof room.id !== 'string') continue;
      next.set(room.id, mergeRoom(this.rooms.get(room.id), room));
    }
    this.rooms = next;
    this.roomsAt = Date.now();
    this.emit('rooms');
    return next;
  }

  roomTitle(id) {
    const room = this.rooms.get(id);
    return room && room.title ? room.title : id;
  }

  remember(user) {
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return;
    this.names.delete(user.id);
    this.names.set(user.id, user.name);
    if (this.names.size > MAX_NAMES) this.names.delete(this.names.keys().next().value);
  }

  nameOf(id) {
    return this.names.get(id) || null;
  }

  // kind: 'ok' | 'warn' | 'error'; key and params for t(), or text: true to
  // show key as it is (already translated).
  notify(kind, key, params, text = false) {
    const n = { id: ++this.noticeSeq, kind, key, params: params || {}, text };
    this.notices.push(n);
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
    if (kind === 'ok') setTimeout(() => this.dismiss(n.id), NOTICE_MS);
    this.emit('notices');
  }

  dismiss(id) {
    const before = this.notices.length;
    this.notices = this.notices.filter((n) => n.id !== id);
    if (this.notices.length !== before) this.emit('notices');
  }

  signOut() {
    this.conn.forget(null);
  }
}
