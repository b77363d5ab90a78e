// Live sessions, participant side: per room the agenda, the timer, who has the floor and
// one's own raised hand. Owned by the App; tells views through app.emit('session', room).
// Times come from the server: offset is the server clock minus ours when last heard, so a
// countdown does not depend on this device's clock being right.

const EMPTY_AGENDA = { items: [], current: null, done: false, item_started_at: null };

export class LiveSession {
  constructor(app) {
    this.app = app;
    this.rooms = new Map();
  }

  of(room) {
    let s = this.rooms.get(room);
    if (!s) {
      s = { agenda: EMPTY_AGENDA, timer: null, floor: null, hand: { raised: false }, offset: 0, gen: -1 };
      this.rooms.set(room, s);
    }
    return s;
  }

  changed(room) {
    this.app.emit('session', room);
  }

  clock(s, serverNow) {
    if (typeof serverNow === 'number') s.offset = serverNow - Date.now();
  }

  // The server's time now, as best known for room.
  now(room) {
    return Date.now() + this.of(room).offset;
  }

  // Milliseconds left on the room's timer, or null when none runs.
  remaining(room) {
    const s = this.of(room);
    if (!s.timer || typeof s.timer.ends_at !== 'number') return null;
    return Math.max(0, s.timer.ends_at - this.now(room));
  }

  hasFloor(room) {
    const f = this.of(room).floor;
    return !!(f && this.app.user && f.id === this.app.user.id);
  }

  // Fetches the state once per connection (a late join, a reconnect).
  async load(room) {
    const s = this.of(room);
    const gen = this.app.conn.generation;
    if (s.gen === gen) return;
    s.gen = gen;
    try {
      const r = await this.app.call('session.get', { room });
      this.clock(s, r.server_now);
      Object.assign(s, r.session, { hand: r.hand || { raised: false } });
      this.changed(room);
    } catch {
      s.gen = -1; // asked again at the next draw once online
    }
  }

  async setHand(room, raised) {
    const r = await this.app.call(raised ? 'hand.raise' : 'hand.lower', { room });
    this.of(room).hand = r.hand;
    this.changed(room);
  }

  onEvent(f) {
    if (typeof f.room !== 'string') return;
    const s = this.of(f.room);
    this.clock(s, f.server_now);
    if (f.type === 'agenda') s.agenda = f.agenda || EMPTY_AGENDA;
    else if (f.type === 'timer')
      s.timer = { label: f.label || '', started_at: f.started_at, ends_at: f.ends_at };
    else if (f.type === 'timer.stopped' || f.type === 'timer.ended') s.timer = null;
    else if (f.type === 'floor') s.floor = f.user || null;
    else if (f.type === 'hand')
      s.hand = f.raised
        ? { ...s.hand, raised: true, position: f.position ?? s.hand.position }
        : { raised: false };
    this.changed(f.room);
    if (f.type === 'timer.ended') this.app.emit('session.timer_ended', f.room);
  }
}
