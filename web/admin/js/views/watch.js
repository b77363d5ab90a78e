// A room watched live: its stream (stream.js), who is online, who is typing,
// and the room's side panels. The console watches without being a member:
// people in the room do not see the facilitator arrive.

import { h, replace, reconcile } from '/core/dom.js';
import { t, tn, errorText, formatRange } from '/core/i18n.js';
import { personButtons, QUICK_ACTIONS } from '../moderate.js';
import { controlsCard, announceCard, findCard, recentCard } from './roompanels.js';
import { watchStream } from './stream.js';
import { sessionCard } from './sessioncard.js';
import { pollsCard } from './polls.js';
import { breakoutCard } from './breakout.js';

const TYPING_MS = 6000; // a typing notice lasts this long after the last one

function isRoomEvent(f, roomId) {
  const id = f.room && typeof f.room === 'object' ? f.room.id : f.room;
  return id === roomId;
}

// Who is online, each with the quick actions. Returns { el, members, draw }.
function peopleCard(app, roomId, afterAction) {
  const members = new Map(); // user id -> user
  const rows = new Map(); // 'id|name' -> li
  const list = h('ul', { class: 'people', 'data-testid': 'watch-members' });
  const nobody = h('li', { class: 'muted' }, t('watch.nobody'));
  const title = h('h2', { id: 'people-h' });
  const el = h('section', { class: 'card', 'aria-labelledby': 'people-h' }, title, list);

  // Rows are kept per person so that a join or a leave does not take the
  // keyboard focus away from a button in another row.
  function row(u) {
    const key = `${u.id}|${u.name}`;
    if (!rows.has(key))
      rows.set(
        key,
        h(
          'li',
          { class: 'person', 'data-testid': 'watch-member', 'data-user-id': u.id },
          h(
            'span',
            { class: 'person-name' },
            u.name || u.id,
            u.role && u.role !== 'mentee' ? h('span', { class: 'badge' }, t(`role.${u.role}`)) : null,
          ),
          personButtons(app, roomId, u, QUICK_ACTIONS, { onDone: afterAction }),
        ),
      );
    return rows.get(key);
  }

  function draw() {
    const people = [...members.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    title.textContent = tn('watch.online', people.length);
    const nodes = people.map(row);
    const keep = new Set(people.map((u) => `${u.id}|${u.name}`));
    for (const key of [...rows.keys()]) if (!keep.has(key)) rows.delete(key);
    reconcile(list, nodes.length ? nodes : [nobody]);
  }

  return { el, members, draw };
}

// "Amina is typing": each notice lasts TYPING_MS after the last one.
// Returns { el, set(user), forget(id), draw(), stop() }.
function typingLine() {
  const typing = new Map(); // user id -> {user, until}
  const el = h('p', { class: 'typing', 'data-testid': 'watch-typing', 'aria-live': 'polite' });
  let timer = null;

  function draw() {
    const now = Date.now();
    for (const [id, v] of typing) if (v.until <= now) typing.delete(id);
    const names = [...typing.values()].map((v) => v.user.name || v.user.id);
    el.textContent = names.length ? tn('watch.typing', names.length, { names: names.join(', ') }) : '';
    clearTimeout(timer);
    if (typing.size)
      timer = setTimeout(draw, Math.min(...[...typing.values()].map((v) => v.until)) - now + 50);
  }

  return {
    el,
    set: (user) => typing.set(user.id, { user, until: Date.now() + TYPING_MS }),
    forget: (id) => typing.delete(id),
    draw,
    stop: () => clearTimeout(timer),
  };
}

function metaText(info) {
  const bits = [];
  if (info.topic) bits.push(info.topic);
  if (typeof info.starts_at === 'number') bits.push(formatRange(info.starts_at, info.ends_at));
  if (typeof info.messages_last_hour === 'number') bits.push(tn('watch.last_hour', info.messages_last_hour));
  return bits.join(' · ');
}

function layout(roomId, p) {
  return h(
    'section',
    {
      class: 'watch-view',
      'data-testid': 'watch-view',
      'data-room-id': roomId,
      'aria-labelledby': 'watch-title',
    },
    h(
      'div',
      { class: 'view-head' },
      h('div', null, h('a', { class: 'back', href: '#/rooms' }, t('watch.back')), p.title, p.meta),
    ),
    p.errorBox,
    h(
      'div',
      { class: 'watch-grid' },
      h(
        'div',
        { class: 'card stream-card' },
        h('h2', { class: 'sr-only' }, t('watch.messages')),
        p.stream.scroller,
        p.stream.empty,
        p.typing.el,
      ),
      h(
        'div',
        { class: 'side' },
        p.breakout.el,
        p.people.el,
        p.session.el,
        p.controls.el,
        p.polls.el,
        p.announce,
        p.recent.el,
        p.find,
      ),
    ),
  );
}

// Applies one pushed event to the parts; false when it changed nothing shown
// in the stream.
function applyEvent(f, w) {
  const { stream, people, typing } = w;
  if (f.type === 'message') {
    w.addMessage(f.message);
    typing.draw();
  } else if (f.type === 'message.deleted') {
    stream.markDeleted(f.id);
    return false;
  } else if (f.type === 'message.erased' && Array.isArray(f.ids)) {
    for (const id of f.ids) stream.markDeleted(id, 'watch.erased');
    return false;
  } else if (f.type === 'presence' && f.user && f.user.id) {
    const joined = f.state === 'joined';
    const known = people.members.has(f.user.id);
    if (joined) people.members.set(f.user.id, f.user);
    else people.members.delete(f.user.id);
    if (joined !== known)
      stream.system(joined ? 'watch.joined' : 'watch.left', { name: f.user.name || f.user.id });
    people.draw();
  } else if (f.type === 'typing' && f.user && f.user.id) {
    typing.set(f.user);
    typing.draw();
    return false;
  } else if (f.type === 'announcement' && typeof f.text === 'string') {
    stream.announce(f.text, f.from && f.from.name);
  } else if (f.type === 'room.updated') {
    const s = f.room && f.room.state;
    if (s && s !== w.info.state) stream.system(`watch.now_${s}`);
    w.drawHeader();
  } else {
    return false;
  }
  return true;
}

// The stream starts over from the room's recent history and members (the
// answer r of room.watch); resumed: say so in the stream.
function restartFrom(app, w, r, resumed) {
  if (r.room) app.onEvent({ type: 'room.updated', room: r.room });
  w.stream.clear();
  w.people.members.clear();
  for (const u of r.members || []) {
    if (!u || !u.id) continue;
    w.people.members.set(u.id, u);
    app.remember(u);
  }
  for (const m of r.history || []) {
    w.addMessage(m);
    if (m && m.from) app.remember(m.from);
  }
  if (resumed) w.stream.system('watch.resumed');
}

// Title, topic and time, the room controls and the error banner (with a
// retry). Returns { title, meta, errorBox, controls, draw(info, error), fail(err, retry) }.
function watchHeader(app, roomId, info) {
  const title = h(
    'h1',
    { id: 'watch-title', tabindex: '-1', 'data-testid': 'watch-title' },
    info.title || roomId,
  );
  const meta = h('p', { class: 'room-meta muted' });
  const errorBox = h('div', {
    class: 'banner banner-error',
    role: 'alert',
    'data-testid': 'watch-error',
    hidden: true,
  });
  const controls = controlsCard(app, roomId);
  return {
    title,
    meta,
    errorBox,
    controls,
    draw(next, error) {
      title.textContent = next.title || roomId;
      meta.textContent = metaText(next);
      controls.update(next);
      errorBox.hidden = !error;
    },
    fail(err, retry) {
      replace(
        errorBox,
        h('p', null, t('watch.failed', { reason: errorText(err) })),
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-testid': 'watch-retry', onclick: retry },
          t('watch.retry'),
        ),
      );
    },
  };
}

export function renderWatch(app, roomId) {
  const recent = recentCard(app, roomId);
  const session = sessionCard(app, roomId);
  const afterAction = () => recent.load();
  const w = {
    info: app.rooms.get(roomId) || { id: roomId },
    stream: watchStream(app, roomId, afterAction),
    people: peopleCard(app, roomId, afterAction),
    typing: typingLine(),
    addMessage(m) {
      w.stream.addMessage(m);
      if (m && m.from) w.typing.forget(m.from.id);
    },
    drawHeader,
  };
  const header = watchHeader(app, roomId, w.info);
  const breakout = breakoutCard(app, roomId);
  let watchError = null;
  let watchedBefore = false;

  function drawHeader() {
    w.info = { ...w.info, ...(app.rooms.get(roomId) || {}) };
    header.draw(w.info, watchError);
  }

  function drawAll() {
    drawHeader();
    w.people.draw();
    w.stream.draw(!!watchError);
  }

  // Asks the server for the room's events: again after every reconnect.
  async function watch() {
    watchError = null;
    try {
      restartFrom(app, w, await app.request('room.watch', { room: roomId }), watchedBefore);
      watchedBefore = true;
      recent.load();
      session.load();
    } catch (err) {
      if (err.code === 'offline' || err.code === 'timeout') return; // 'ready' comes again
      watchError = err;
      header.fail(err, () => watch());
    }
    drawAll();
  }

  const off = app.on((topic, arg) => {
    if (topic === 'event') {
      session.onEvent(arg);
      if (isRoomEvent(arg, roomId) && applyEvent(arg, w)) w.stream.draw(!!watchError);
    } else if (topic === 'ready') watch();
    else if (topic === 'rooms') drawHeader();
  });

  const polls = pollsCard(app, roomId);
  const view = layout(roomId, {
    ...header,
    recent,
    session,
    stream: w.stream,
    people: w.people,
    typing: w.typing,
    announce: announceCard(app, roomId),
    find: findCard(app, roomId, afterAction),
    polls,
    breakout,
  });
  drawAll();
  if (app.online) watch();
  return {
    el: view,
    destroy() {
      off();
      polls.destroy();
      breakout.destroy();
      w.typing.stop();
      session.destroy();
      if (app.online) app.request('room.unwatch', { room: roomId }).catch(() => {});
    },
  };
}
