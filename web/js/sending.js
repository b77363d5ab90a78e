// The outbox, as methods of App (app.js): a message is queued first, then
// sent when the connection and the room allow, oldest first, with its nonce
// so that a resend after a lost reply is not stored twice.

import { ProtocolError } from '/core/socket.js';
import { appendMessages, textLength, MAX_TEXT_CHARS, isStale, newNonce, TRANSIENT } from './store.js';

export const sending = {
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
  },

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
  },

  discard(nonce) {
    const e = this.outbox && this.outbox.get(nonce);
    if (!e) return;
    this.outbox.remove(nonce);
    this.emit('room', e.room);
  },

  scheduleFlush(at) {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flushOutbox(), Math.max(0, at - Date.now()));
  },

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
  },

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
  },

  failEntry(entry, code) {
    entry.state = 'failed';
    entry.error = code;
    this.outbox.save();
    this.emit('room', entry.room);
  },
};
