// Rooms, as methods of App (app.js): the list, joining (again after each
// reconnect, from the last message held), leaving, older history, typing,
// and the events about a room.

import {
  createRoomState,
  mergeJoin,
  receiveMessage,
  removeMessage,
  eraseMessages,
  restoreMessage,
  prependMessages,
  lastMessageId,
  MAX_MESSAGES_KEPT,
  TRANSIENT,
} from './store.js';

const TYPING_SEND_EVERY_MS = 3000;
const TYPING_SHOW_MS = 5000;

export const chat = {
  setRoom(room) {
    if (!room || typeof room !== 'object' || typeof room.id !== 'string') return;
    const old = this.rooms.get(room.id);
    this.rooms.set(room.id, Object.assign({}, old, room));
    this.emit('rooms');
    if (this.roomStates.has(room.id)) this.emit('room', room.id);
  },

  async refreshRooms() {
    const r = await this.call('rooms.list');
    this.rooms.clear();
    for (const room of r.rooms || []) if (room && typeof room.id === 'string') this.rooms.set(room.id, room);
    this.roomsLoaded = true;
    this.emit('rooms');
  },

  roomState(id) {
    return this.roomStates.get(id) || null;
  },

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
  },

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
  },

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
  },

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
  },

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
  },

  typing(id) {
    const rs = this.roomStates.get(id);
    if (!rs || rs.joinedGen !== this.conn.generation || !this.ready) return;
    const now = Date.now();
    if (now - rs.typingSentAt < TYPING_SEND_EVERY_MS) return;
    rs.typingSentAt = now;
    this.conn.send('typing', { room: id });
  },

  typers(id) {
    const rs = this.roomStates.get(id);
    if (!rs) return [];
    const now = Date.now();
    for (const [uid, t] of rs.typing) if (t.until <= now) rs.typing.delete(uid);
    return [...rs.typing.values()].map((t) => t.user);
  },

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
  },

  onPresence(f) {
    const rs = this.roomStates.get(f.room);
    if (!rs || !f.user || !f.user.id || rs.joining) return;
    if (f.state === 'joined') rs.members.set(f.user.id, f.user);
    else if (f.state === 'left') {
      rs.members.delete(f.user.id);
      rs.typing.delete(f.user.id);
    }
    this.emit('room', f.room);
  },

  onTyping(f) {
    const rs = this.roomStates.get(f.room);
    if (!rs || !f.user || !f.user.id || (this.user && f.user.id === this.user.id)) return;
    rs.typing.set(f.user.id, { user: f.user, until: Date.now() + TYPING_SHOW_MS });
    this.emit('room', f.room);
    setTimeout(() => this.emit('room', f.room), TYPING_SHOW_MS + 50);
  },

  onDeleted(f) {
    const rs = this.roomStates.get(f.room);
    if (rs && removeMessage(rs, f.id)) this.emit('room', f.room);
  },

  onErased(f) {
    const rs = this.roomStates.get(f.room);
    if (rs && Array.isArray(f.ids) && eraseMessages(rs, f.ids)) this.emit('room', f.room);
  },

  onShown(f) {
    const rs = this.roomStates.get(f.room);
    if (rs && restoreMessage(rs, f.message)) this.emit('room', f.room);
  },

  onRoomUpdated(f) {
    if (f.room && typeof f.room === 'object') this.setRoom(f.room);
    else this.refreshRooms().catch(() => {});
  },

  // room.left: the consent to take part in rooms was withdrawn (here or elsewhere).
  onRoomLeft(f) {
    const rs = this.roomStates.get(f.room);
    if (!rs) return;
    this.detach(rs, 'consent');
    this.emit('room', f.room);
  },

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
  },
};
