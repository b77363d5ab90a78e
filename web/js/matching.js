// Mentorship matching, participant side: the mentee's place in line, the
// mentor's pending offers, and the match once made. Owned by the App; tells
// views through app.emit('match').

const MAX_OFFERS = 100;

export function matchRoomId(match) {
  if (!match) return null;
  return typeof match.room === 'string' ? match.room : match.room && match.room.id;
}

// The other person of a match: ids in mentor/mentee, names in mentor_user/mentee_user.
export function partnerName(match, me) {
  const mentor = me && me.role === 'mentor';
  const user = mentor ? match.mentee_user : match.mentor_user;
  const side = mentor ? match.mentee : match.mentor;
  if (user && typeof user === 'object') return user.name || '';
  if (side && typeof side === 'object') return side.name || '';
  return '';
}

export class Matching {
  constructor(app) {
    this.app = app;
    this.reset();
  }

  // status: null (not asked yet), 'unavailable' (server without matching),
  // or the contract's 'none' | 'queued' | 'offered' | 'matched'.
  reset() {
    this.status = null;
    this.match = null;
    this.offers = new Map();
  }

  changed() {
    this.app.emit('match');
  }

  async refresh() {
    const r = await this.app.call('match.status');
    this.status = r.status || 'none';
    if (r.match) this.match = r.match;
    if (this.app.user && this.app.user.role === 'mentor') {
      const o = await this.app.call('match.offers');
      this.offers = new Map();
      for (const offer of (o.offers || []).slice(0, MAX_OFFERS))
        if (offer && offer.id) this.offers.set(offer.id, offer);
    }
    this.changed();
  }

  async request() {
    const r = await this.app.call('match.request');
    this.status = r.status || 'queued';
    this.changed();
  }

  async cancel() {
    await this.app.call('match.cancel');
    this.status = 'none';
    this.changed();
  }

  async accept(id) {
    const r = await this.app.call('match.accept', { offer: id });
    this.offers.delete(id);
    if (r.match) this.onMade({ match: r.match });
    this.changed();
    return r.match;
  }

  async decline(id, reason) {
    const fields = { offer: id };
    if (reason) fields.reason = reason;
    await this.app.call('match.decline', fields);
    this.offers.delete(id);
    this.changed();
  }

  onOffer(f) {
    if (!f.offer || typeof f.offer.id !== 'string') return;
    const fresh = !this.offers.has(f.offer.id);
    if (fresh && this.offers.size >= MAX_OFFERS) return;
    this.offers.set(f.offer.id, f.offer);
    if (fresh) this.app.notify('notice.new_offer', { name: (f.offer.mentee && f.offer.mentee.name) || '' });
    this.changed();
  }

  // match.withdrawn: the mentee or the mentor withdrew; the offer leaves the list.
  onWithdrawn(f) {
    if (typeof f.offer !== 'string' || !this.offers.delete(f.offer)) return;
    this.changed();
  }

  onMade(f) {
    const m = f.match;
    if (!m || typeof m !== 'object') return;
    const known = this.match && this.match.id === m.id;
    this.match = m;
    this.status = 'matched';
    if (!known) this.app.notify('notice.matched', { name: partnerName(m, this.app.user) }, 'success');
    this.changed();
    this.app.refreshRooms().catch(() => {});
  }
}
