// The list of sessions (rooms), with start and end in the viewer's own
// time zone. Private mentorship rooms come first, then live sessions, then
// the coming ones, closed ones last.

import { h, replace } from '/core/dom.js';
import { t, tn, formatRange, timeZone, errorText } from '/core/i18n.js';
import { roomsBlocked } from './consent.js';

function isLive(room, now) {
  return room.state !== 'closed' && room.starts_at <= now && (!room.ends_at || now < room.ends_at);
}

function rank(room, now) {
  if (room.state === 'closed') return 4;
  if (room.kind === 'mentorship') return 0;
  if (isLive(room, now)) return 1;
  if (room.ends_at && room.ends_at < now) return 3;
  return 2;
}

export function sortRooms(rooms, now = Date.now()) {
  return [...rooms].sort(
    (a, b) =>
      rank(a, now) - rank(b, now) ||
      (a.starts_at || 0) - (b.starts_at || 0) ||
      String(a.title).localeCompare(String(b.title)),
  );
}

function badges(app, room, now) {
  const out = [];
  if (room.kind === 'mentorship')
    out.push(h('span', { class: 'badge badge-private' }, t('room.kind.mentorship')));
  if (isLive(room, now)) out.push(h('span', { class: 'badge badge-live' }, t('room.live')));
  if (room.state === 'locked') out.push(h('span', { class: 'badge badge-locked' }, t('room.state.locked')));
  if (room.state === 'closed') out.push(h('span', { class: 'badge badge-closed' }, t('room.state.closed')));
  const rs = app.roomState(room.id);
  if (rs && !rs.detached) {
    out.push(h('span', { class: 'badge badge-joined' }, t('room.joined')));
    if (rs.unread) out.push(h('span', { class: 'badge badge-unread' }, tn('room.unread', rs.unread)));
  }
  return out;
}

// Join, disabled, with why (an account waiting for consent, or without the rooms consent).
function blockedJoin(user) {
  const why = h('span', { class: 'muted', 'data-testid': 'room-join-why' }, t(roomsBlocked(user)));
  return h(
    'span',
    { class: 'room-join-blocked' },
    why,
    h(
      'button',
      { type: 'button', class: 'button', disabled: true, 'data-testid': 'room-join' },
      t('room.join'),
    ),
  );
}

function card(app, room, now) {
  const rs = app.roomState(room.id);
  const joined = rs && !rs.detached;
  const closed = room.state === 'closed';
  const titleId = `room-title-${room.id}`;
  const when = formatRange(room.starts_at, room.ends_at);
  return h(
    'li',
    {
      class: `room-card state-${room.state}`,
      'data-testid': 'room-item',
      'data-room-id': room.id,
      'data-state': room.state,
    },
    h(
      'div',
      { class: 'room-card-head' },
      h('h2', { id: titleId }, room.title || room.id),
      h('div', { class: 'badges' }, badges(app, room, now)),
    ),
    room.topic ? h('p', { class: 'room-topic' }, room.topic) : null,
    when
      ? h(
          'p',
          { class: 'room-time', 'data-testid': 'room-time' },
          h('time', { datetime: new Date(room.starts_at).toISOString() }, when),
        )
      : null,
    h(
      'div',
      { class: 'room-card-foot' },
      h(
        'span',
        { class: 'room-online', 'data-testid': 'room-online' },
        tn('room.online_count', room.online || 0),
      ),
      closed
        ? h('span', { class: 'muted' }, t('room.closed_note'))
        : !joined && roomsBlocked(app.user)
          ? blockedJoin(app.user)
          : h(
              'a',
              {
                class: `button ${joined ? '' : 'primary'}`,
                href: `#/room/${encodeURIComponent(room.id)}`,
                'data-testid': 'room-join',
                'aria-describedby': titleId,
              },
              t(joined ? 'room.open' : 'room.join'),
            ),
    ),
  );
}

export function renderRooms(app) {
  const list = h('ul', { class: 'room-list', 'data-testid': 'room-list', 'aria-labelledby': 'rooms-title' });
  const status = h('p', { class: 'muted', role: 'status' });
  const errorEl = h('p', { class: 'form-error', role: 'alert', hidden: true });

  function draw() {
    const now = Date.now();
    const rooms = sortRooms([...app.rooms.values()], now);
    replace(
      list,
      rooms.map((r) => card(app, r, now)),
    );
    status.textContent =
      app.roomsLoaded && !rooms.length ? t('rooms.empty') : app.roomsLoaded ? '' : t('app.loading');
  }

  async function load() {
    errorEl.hidden = true;
    try {
      await app.refreshRooms();
    } catch (err) {
      errorEl.textContent = errorText(err);
      errorEl.hidden = false;
    }
  }

  const off = app.on((topic) => {
    if (topic === 'rooms' || topic === 'room' || topic === 'user') draw();
  });
  // Live badges change with the clock.
  const tick = setInterval(draw, 60000);
  draw();
  load();

  const el = h(
    'section',
    { class: 'rooms', 'aria-labelledby': 'rooms-title' },
    h(
      'div',
      { class: 'view-head' },
      h('h1', { id: 'rooms-title', tabindex: '-1' }, t('rooms.title')),
      h('button', { type: 'button', class: 'secondary', onclick: load }, t('rooms.refresh')),
    ),
    h('p', { class: 'muted' }, t('rooms.timezone', { tz: timeZone() })),
    errorEl,
    status,
    list,
  );

  return {
    el,
    title: () => t('rooms.title'),
    destroy() {
      off();
      clearInterval(tick);
    },
  };
}
