// One room: its header and state, the messages (messages.js), who is
// online, who is typing, and the composer (composer.js). Messages typed
// while offline wait in the outbox, shown as "sending…".

import { h, replace } from '/core/dom.js';
import { t, tn, has, formatTime, formatRange, errorText, list } from '/core/i18n.js';
import { messageList } from './messages.js';
import { composer } from './composer.js';
import { sessionPanel } from './session.js';
import { pollsPanel } from './polls.js';
import { breakoutBanner } from './breakout.js';

function typingText(users) {
  const names = users.map((u) => u.name || '?');
  if (!names.length) return '';
  if (names.length === 1) return t('room.typing.one', { name: names[0] });
  if (names.length <= 3) return t('room.typing.few', { names: list(names) });
  return t('room.typing.many');
}

// Why the composer is off, or null when it can be used.
function blockedReason(app, room, rs) {
  if (!rs) return t('room.joining');
  if (rs.detached)
    return has(`room.detached.${rs.detached}`)
      ? t(`room.detached.${rs.detached}`)
      : errorText({ code: rs.detached });
  if (room && room.state === 'closed') return t('room.state_banner.closed');
  const floor = room && app.session.hasFloor(room.id);
  if (room && room.state === 'locked' && !floor && !(app.user && app.user.role === 'facilitator'))
    return t('room.state_banner.locked');
  return null;
}

// Who is online in the room. Returns { el, draw(rs) }.
function membersPanel(app) {
  const title = h('summary', null, '');
  const members = h('ul', { class: 'members-list', 'data-testid': 'members-list' });
  const box = h(
    'details',
    { class: 'members', open: !window.matchMedia('(max-width: 700px)').matches },
    title,
    members,
  );

  function memberNode(u) {
    const me = app.user && u.id === app.user.id;
    return h(
      'li',
      { class: 'member', 'data-testid': 'member', 'data-user-id': u.id },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      // Others may see a shorter name (the first name of someone under 18); one sees one's own.
      (me && app.user.name) || u.name || '?',
      me ? h('span', { class: 'muted' }, ` (${t('room.you_short')})`) : null,
      u.role === 'facilitator' ? h('span', { class: 'badge badge-role' }, t('role.facilitator')) : null,
    );
  }

  function draw(rs) {
    const people = rs ? [...rs.members.values()] : [];
    people.sort((a, b) => String(a.name).localeCompare(String(b.name)));
    title.textContent = tn('room.online_count', people.length);
    box.classList.toggle('stale', app.status !== 'online');
    replace(members, people.map(memberNode));
  }

  return { el: box, draw };
}

// Title, topic and time, and the banners above the messages: why nobody can
// write (closed, locked, muted, kicked...) and a gap in the history.
// Returns { title, meta, stateBanner, gapNotice, draw(room, rs) -> blocked }.
function roomHeader(app, roomId, redraw) {
  const title = h('h1', { id: 'room-title', tabindex: '-1', 'data-testid': 'room-title' }, roomId);
  const meta = h('p', { class: 'room-meta' });
  const stateBanner = h('p', {
    class: 'banner banner-warn',
    'data-testid': 'room-state-banner',
    hidden: true,
  });
  const dismissGap = () => {
    const rs = app.roomState(roomId);
    if (rs) rs.gap = false;
    redraw();
  };
  const gapNotice = h(
    'div',
    { class: 'banner banner-info', 'data-testid': 'gap-notice', role: 'status', hidden: true },
    h('span', null, t('room.gap')),
    h(
      'button',
      { type: 'button', class: 'icon-button', 'aria-label': t('app.dismiss'), onclick: dismissGap },
      '×',
    ),
  );

  function draw(room, rs) {
    title.textContent = room ? room.title : roomId;
    const bits = [];
    if (room && room.topic) bits.push(room.topic);
    if (room && typeof room.starts_at === 'number') bits.push(formatRange(room.starts_at, room.ends_at));
    meta.textContent = bits.join(' · ');
    const reason = blockedReason(app, room, rs);
    stateBanner.hidden = !reason || !rs;
    stateBanner.textContent = reason || '';
    if (rs && rs.mutedUntil > Date.now()) {
      stateBanner.hidden = false;
      stateBanner.textContent = t('moderated.muted_here_until', { until: formatTime(rs.mutedUntil) });
    }
    gapNotice.hidden = !(rs && rs.gap);
    return !!reason;
  }

  return { title, meta, stateBanner, gapNotice, draw };
}

function layout(roomId, parts) {
  const { header, leave, errorPanel, list, typingEl, input, members, live, polls, breakout } = parts;
  return h(
    'section',
    { class: 'room', 'data-testid': 'room-view', 'data-room-id': roomId, 'aria-labelledby': 'room-title' },
    h(
      'div',
      { class: 'room-head' },
      h('a', { class: 'back', href: '#/rooms' }, t('room.back')),
      h('div', { class: 'room-head-main' }, header.title, header.meta),
      leave,
    ),
    errorPanel,
    h(
      'div',
      { class: 'room-body' },
      h(
        'div',
        { class: 'chat' },
        breakout.el,
        header.stateBanner,
        header.gapNotice,
        live.el,
        list.scroller,
        list.jump,
        typingEl,
        input.el,
      ),
      h('aside', { class: 'side', 'aria-label': t('room.people') }, polls.el, members.el),
    ),
  );
}

export function renderRoom(app, roomId) {
  let joinError = null;
  const header = roomHeader(app, roomId, () => draw());
  const list = messageList(app, roomId);
  const input = composer(app, roomId, () => list.scrollToEnd());
  const members = membersPanel(app);
  const live = sessionPanel(app, roomId);
  const polls = pollsPanel(app, roomId);
  const breakout = breakoutBanner(app, roomId);
  const typingEl = h('p', { class: 'typing', 'data-testid': 'typing-indicator' });
  const errorPanel = h('div', { class: 'card', role: 'alert', hidden: true });
  const onLeave = async () => {
    await app.leave(roomId);
    location.hash = '#/rooms';
  };
  const leave = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'leave-room', onclick: onLeave },
    t('room.leave'),
  );

  function draw(prepended = false) {
    const room = app.rooms.get(roomId);
    const rs = app.roomState(roomId);
    input.setEnabled(!header.draw(room, rs));
    members.draw(rs);
    live.draw(rs);
    breakout.draw();
    list.draw(rs, prepended);
    typingEl.textContent = typingText(app.typers(roomId));
    errorPanel.hidden = !joinError;
    if (joinError)
      replace(
        errorPanel,
        h('p', null, errorText(joinError)),
        h('p', null, h('a', { href: '#/rooms' }, t('room.back'))),
      );
    input.updateCounter();
  }

  const off = app.on((topic, arg, extra) => {
    if (topic === 'room' && arg === roomId) draw(!!(extra && extra.older));
    else if (topic === 'session' && arg === roomId) draw();
    else if (['rooms', 'user', 'status', 'breakout'].includes(topic)) draw();
  });
  app.join(roomId).then(
    () => {
      joinError = null;
      polls.refresh();
      draw();
    },
    (err) => {
      if (err.code !== 'offline' && err.code !== 'timeout') joinError = err;
      draw();
    },
  );

  const el = layout(roomId, {
    header,
    leave,
    errorPanel,
    list,
    typingEl,
    input,
    members,
    live,
    polls,
    breakout,
  });
  draw();
  return {
    el,
    title: () => (app.rooms.get(roomId) || {}).title || roomId,
    destroy() {
      off();
      live.destroy();
      polls.destroy();
      breakout.destroy();
    },
  };
}
