// Client-side state of joined rooms and the outbox of unsent messages.
//
// Message lists are kept oldest first, in the order the server stored them.
// Message ids are opaque: order comes from the server's lists, never from
// comparing ids, and an id seen once is never shown twice.

export const MAX_MESSAGES_KEPT = 2000; // per room, in memory
export const MAX_BUFFERED = 1000; // live messages held while a join is in flight
export const MAX_TEXT_CHARS = 4000;
export const OUTBOX_CAP = 200;

// Errors after which a request may succeed later unchanged.
export const TRANSIENT = new Set(['offline', 'timeout', 'unavailable', 'internal']);
// The server recognises a repeated nonce for 10 minutes after it first saw
// it; past 9 minutes a resend could store the message twice, so it is left
// to the writer to send it again.
export const RESEND_WINDOW_MS = 9 * 60 * 1000;

// True when `e` was first tried too long ago to be resent on its own.
export function isStale(e, now = Date.now()) {
  return !!e.tried && now - e.tried > RESEND_WINDOW_MS;
}

export function createRoomState(id) {
  return {
    id,
    messages: [],
    ids: new Set(),
    members: new Map(), // user id -> user
    typing: new Map(), // user id -> { user, until }
    more: true, // older messages may exist on the server
    full: false, // scroll-back stopped at MAX_MESSAGES_KEPT, older ones may exist
    joinedGen: 0, // socket generation the join was made on
    joining: false,
    buffer: null, // live messages received while joining
    gap: false,
    unread: 0,
    loadingOlder: false,
    typingSentAt: 0,
    detached: null, // why the room can no longer be used ('kicked', ...)
    mutedUntil: 0,
  };
}

function validMessage(m) {
  return m && typeof m === 'object' && typeof m.id === 'string' && typeof m.text === 'string';
}

// Appends the messages not seen yet, keeping their order. Returns how many.
export function appendMessages(rs, list) {
  let added = 0;
  for (const m of list || []) {
    if (!validMessage(m) || rs.ids.has(m.id)) continue;
    rs.ids.add(m.id);
    rs.messages.push(m);
    added++;
  }
  if (rs.messages.length > MAX_MESSAGES_KEPT) {
    const cut = rs.messages.splice(0, rs.messages.length - MAX_MESSAGES_KEPT);
    for (const m of cut) rs.ids.delete(m.id);
    rs.more = true;
  }
  return added;
}

// Puts older messages (oldest first) before the ones already held.
export function prependMessages(rs, list) {
  const fresh = [];
  const seen = new Set();
  for (const m of list || []) {
    if (!validMessage(m) || rs.ids.has(m.id) || seen.has(m.id)) continue;
    seen.add(m.id);
    fresh.push(m);
  }
  const room = MAX_MESSAGES_KEPT - rs.messages.length;
  const kept = room >= fresh.length ? fresh : fresh.slice(fresh.length - Math.max(room, 0));
  for (const m of kept) rs.ids.add(m.id);
  rs.messages.unshift(...kept);
  // Nothing older fits anymore: stop offering to load it.
  if (kept.length < fresh.length || MAX_MESSAGES_KEPT - rs.messages.length <= 0) {
    rs.more = false;
    rs.full = true;
  }
  return kept.length;
}

// Merges the answer of a join: `history` continues what is held when the
// join was made with `since`, else it replaces it. Live messages that came
// in while the join was in flight are newer than the history.
export function mergeJoin(rs, history, resumed) {
  if (!resumed) {
    rs.messages = [];
    rs.ids = new Set();
    rs.more = (history || []).length >= 50;
    rs.full = false;
  }
  let added = appendMessages(rs, history);
  if (rs.buffer) added += appendMessages(rs, rs.buffer);
  rs.buffer = null;
  return added;
}

// Holds a live message; while joining it waits for the join's history.
export function receiveMessage(rs, m) {
  if (rs.joining) {
    if (rs.buffer && rs.buffer.length < MAX_BUFFERED && validMessage(m)) rs.buffer.push(m);
    return 0;
  }
  return appendMessages(rs, [m]);
}

export function removeMessage(rs, id) {
  const i = rs.messages.findIndex((m) => m.id === id);
  if (i < 0) return false;
  rs.messages.splice(i, 1);
  // Keep the id: a late copy of a deleted message must not come back.
  return true;
}

// An erased person's messages become tombstones where they are. Returns how many.
export function eraseMessages(rs, ids) {
  const gone = new Set(ids);
  let n = 0;
  rs.messages = rs.messages.map((m) => {
    if (!gone.has(m.id)) return m;
    n++;
    return {
      id: m.id,
      room: m.room,
      ts: m.ts,
      text: '',
      erased: true,
      from: { id: 'erased', name: '', role: '' },
    };
  });
  return n;
}

// A hidden message shown again (its report dismissed). No list says where it goes, so its
// server time places it; one older than everything held comes with scroll-back instead.
export function restoreMessage(rs, m) {
  if (!validMessage(m) || typeof m.ts !== 'number' || rs.messages.some((x) => x.id === m.id)) return false;
  const at = rs.messages.findIndex((x) => typeof x.ts === 'number' && x.ts > m.ts);
  if (at === 0 && rs.more) return false;
  rs.ids.add(m.id);
  if (at < 0) rs.messages.push(m);
  else rs.messages.splice(at, 0, m);
  return true;
}

export function lastMessageId(rs) {
  const n = rs.messages.length;
  return n ? rs.messages[n - 1].id : null;
}

export function textLength(text) {
  let n = 0;
  for (const _ of text) n++; // code points, as the server counts them
  return n;
}

export function newNonce() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// Messages written but not yet acknowledged. Each keeps its nonce for life,
// so a retry after a lost reply cannot store the message twice. Kept in
// localStorage per user: a reload or a crash does not lose them either.
export class Outbox {
  constructor(storage, key, cap = OUTBOX_CAP) {
    this.storage = storage;
    this.key = key;
    this.cap = cap;
    this.entries = [];
    this.load();
  }

  load() {
    let list;
    try {
      list = JSON.parse(this.storage.getItem(this.key) || '[]');
    } catch {
      list = [];
    }
    if (!Array.isArray(list)) list = [];
    this.entries = list
      .filter(
        (e) => e && typeof e.nonce === 'string' && typeof e.room === 'string' && typeof e.text === 'string',
      )
      .slice(0, this.cap)
      .map((e) => {
        const created = e.created || Date.now();
        // Entries stored before first attempts were recorded count from
        // their creation, which is never later than their first attempt.
        const tried = typeof e.tried === 'number' ? e.tried : created;
        const entry = {
          nonce: e.nonce,
          room: e.room,
          text: e.text,
          created,
          tried,
          state: e.state === 'failed' ? 'failed' : 'pending',
          error: e.error || null,
          retryAt: 0,
        };
        if (entry.state === 'pending' && isStale(entry)) {
          entry.state = 'failed';
          entry.error = 'stale';
        }
        return entry;
      });
  }

  save() {
    const plain = this.entries.map(({ nonce, room, text, created, tried, state, error }) => ({
      nonce,
      room,
      text,
      created,
      tried,
      state,
      error,
    }));
    try {
      this.storage.setItem(this.key, JSON.stringify(plain));
    } catch {
      // storage full or disabled: the outbox still works for this page
    }
  }

  // Returns the new entry, or null when the outbox is full.
  add(room, text) {
    if (this.entries.length >= this.cap) return null;
    const entry = {
      nonce: newNonce(),
      room,
      text,
      created: Date.now(),
      tried: 0,
      state: 'pending',
      error: null,
      retryAt: 0,
    };
    this.entries.push(entry);
    this.save();
    return entry;
  }

  get(nonce) {
    return this.entries.find((e) => e.nonce === nonce) || null;
  }

  remove(nonce) {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.nonce !== nonce);
    if (this.entries.length !== before) this.save();
  }

  removeRoom(room) {
    this.entries = this.entries.filter((e) => e.room !== room);
    this.save();
  }

  forRoom(room) {
    return this.entries.filter((e) => e.room === room);
  }

  // The next entry to send: the oldest pending one. Later entries wait
  // behind it so that messages keep the order they were written in.
  next() {
    return this.entries.find((e) => e.state === 'pending') || null;
  }

  clear() {
    this.entries = [];
    try {
      this.storage.removeItem(this.key);
    } catch {
      // nothing to clear
    }
  }
}
