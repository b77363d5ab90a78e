// A room watched live: its messages as they come (with delete and the
// author's moderation at hand), who is online, who is typing, announcements,
// and the room's side panels. The console watches without being a member: people
// in the room do not see the facilitator arrive.

import { h, replace, reconcile } from '/core/dom.js';
import { t, tn, errorText, formatDateTime, formatRange, formatClock } from '/core/i18n.js';
import { deleteMessage, personButtons, QUICK_ACTIONS } from '../moderate.js';
import { controlsCard, announceCard, findCard, recentCard } from './roompanels.js';

const MAX_ITEMS = 500; // lines kept in the stream; older ones are dropped
const TYPING_MS = 6000; // a typing notice lasts this long after the last one
const NEAR_END_PX = 48;

function isRoomEvent(f, roomId) {
  const id = f.room && typeof f.room === 'object' ? f.room.id : f.room;
  return id === roomId;
}

export function renderWatch(app, roomId) {
  const items = []; // {key, kind, ...}; kind: message | system | announce
  const nodes = new Map(); // key -> li
  const members = new Map(); // user id -> user
  const typing = new Map(); // user id -> {user, until}
  let info = app.rooms.get(roomId) || { id: roomId };
  let watchError = null;
  let seq = 0;
  let watchedBefore = false;
  let typingTimer = null;

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
  const stream = h('ol', { class: 'stream', 'data-testid': 'watch-messages', 'aria-live': 'off' });
  const scroller = h(
    'div',
    { class: 'stream-scroll', role: 'log', tabindex: '0', 'aria-label': t('watch.messages') },
    stream,
  );
  const empty = h('p', { class: 'muted', 'data-testid': 'watch-empty', hidden: true }, t('watch.empty'));
  const typingLine = h('p', { class: 'typing', 'data-testid': 'watch-typing', 'aria-live': 'polite' });
  const people = h('ul', { class: 'people', 'data-testid': 'watch-members' });
  const personNodes = new Map(); // 'id|name' -> li
  const nobody = h('li', { class: 'muted' }, t('watch.nobody'));
  const peopleTitle = h('h2', { id: 'people-h' });
  const controls = controlsCard(app, roomId);
  const recent = recentCard(app, roomId);
  const afterAction = () => recent.load();

  function push(item) {
    items.push(item);
    while (items.length > MAX_ITEMS) nodes.delete(items.shift().key);
  }

  function messageNode(m) {
    const from = m.from || { id: '?' };
    const text = h('p', { class: 'msg-text', 'data-testid': 'watch-message-text' }, m.text);
    // One row of buttons: the message's delete first, then its author's.
    const actions = personButtons(app, roomId, from, QUICK_ACTIONS, { context: m.text, onDone: afterAction });
    actions.classList.add('msg-actions');
    actions.prepend(
      h(
        'button',
        {
          type: 'button',
          class: 'act act-delete',
          'data-testid': 'message-delete',
          onclick: async () => {
            if (await deleteMessage(app, roomId, m)) afterAction();
          },
        },
        t('act.delete'),
      ),
    );
    return h(
      'li',
      {
        class: 'msg',
        'data-testid': 'watch-message',
        'data-message-id': m.id,
        'data-user-id': from.id,
        'data-state': 'shown',
      },
      h(
        'div',
        { class: 'msg-meta' },
        h('span', { class: 'msg-author', 'data-testid': 'watch-message-author' }, from.name || from.id),
        from.role && from.role !== 'mentee' ? h('span', { class: 'badge' }, t(`role.${from.role}`)) : null,
        typeof m.ts === 'number'
          ? h(
              'time',
              { datetime: new Date(m.ts).toISOString(), title: formatDateTime(m.ts) },
              formatClock(m.ts),
            )
          : null,
      ),
      text,
      actions,
    );
  }

  function nodeFor(item) {
    if (nodes.has(item.key)) return nodes.get(item.key);
    let node;
    if (item.kind === 'message') node = messageNode(item.message);
    else if (item.kind === 'announce')
      node = h(
        'li',
        { class: 'line announce', 'data-testid': 'watch-announcement' },
        h('strong', null, t('watch.announcement', { name: item.from || '' })),
        ' ',
        item.text,
      );
    else
      node = h(
        'li',
        { class: 'line system', 'data-testid': 'watch-system' },
        item.text,
        ' ',
        h('time', null, formatClock(item.ts)),
      );
    nodes.set(item.key, node);
    return node;
  }

  function markDeleted(id) {
    const item = items.find((i) => i.kind === 'message' && i.message.id === id);
    if (!item || item.deleted) return;
    item.deleted = true;
    const node = nodes.get(item.key);
    if (!node) return;
    node.dataset.state = 'deleted';
    node.classList.add('deleted');
    node.querySelector('.msg-text').textContent = t('watch.deleted');
    node.querySelector('.msg-actions').remove();
  }

  function drawStream() {
    const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_END_PX;
    reconcile(stream, items.map(nodeFor));
    empty.hidden = items.length > 0 || !!watchError;
    if (atEnd) scroller.scrollTop = scroller.scrollHeight;
  }

  // Rows are kept per person so that a join or a leave does not take the
  // keyboard focus away from a button in another row.
  function personNode(u) {
    const key = `${u.id}|${u.name}`;
    if (!personNodes.has(key))
      personNodes.set(
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
    return personNodes.get(key);
  }

  function drawPeople() {
    const list = [...members.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    peopleTitle.textContent = tn('watch.online', list.length);
    const rows = list.map(personNode);
    const keep = new Set(list.map((u) => `${u.id}|${u.name}`));
    for (const key of [...personNodes.keys()]) if (!keep.has(key)) personNodes.delete(key);
    reconcile(people, rows.length ? rows : [nobody]);
  }

  function drawTyping() {
    const now = Date.now();
    for (const [id, v] of typing) if (v.until <= now) typing.delete(id);
    const names = [...typing.values()].map((v) => v.user.name || v.user.id);
    typingLine.textContent = names.length
      ? tn('watch.typing', names.length, { names: names.join(', ') })
      : '';
    clearTimeout(typingTimer);
    if (typing.size)
      typingTimer = setTimeout(drawTyping, Math.min(...[...typing.values()].map((v) => v.until)) - now + 50);
  }

  function drawHeader() {
    info = { ...info, ...(app.rooms.get(roomId) || {}) };
    title.textContent = info.title || roomId;
    const bits = [];
    if (info.topic) bits.push(info.topic);
    if (typeof info.starts_at === 'number') bits.push(formatRange(info.starts_at, info.ends_at));
    if (typeof info.messages_last_hour === 'number')
      bits.push(tn('watch.last_hour', info.messages_last_hour));
    meta.textContent = bits.join(' · ');
    controls.update(info);
    errorBox.hidden = !watchError;
  }

  function system(key, params) {
    push({ key: `s${++seq}`, kind: 'system', text: t(key, params), ts: Date.now() });
  }

  function addMessage(m) {
    if (!m || typeof m.id !== 'string') return;
    const key = `m:${m.id}`;
    if (items.some((i) => i.key === key)) return;
    push({ key, kind: 'message', message: m });
    if (m.from) typing.delete(m.from.id);
  }

  function onEvent(f) {
    if (!isRoomEvent(f, roomId)) return;
    if (f.type === 'message') {
      addMessage(f.message);
      drawTyping();
    } else if (f.type === 'message.deleted') {
      markDeleted(f.id);
      return;
    } else if (f.type === 'presence' && f.user && f.user.id) {
      const joined = f.state === 'joined';
      const known = members.has(f.user.id);
      if (joined) members.set(f.user.id, f.user);
      else members.delete(f.user.id);
      if (joined !== known)
        system(joined ? 'watch.joined' : 'watch.left', { name: f.user.name || f.user.id });
      drawPeople();
    } else if (f.type === 'typing' && f.user && f.user.id) {
      typing.set(f.user.id, { user: f.user, until: Date.now() + TYPING_MS });
      drawTyping();
      return;
    } else if (f.type === 'announcement' && typeof f.text === 'string') {
      push({ key: `a${++seq}`, kind: 'announce', text: f.text, from: f.from && f.from.name, ts: Date.now() });
    } else if (f.type === 'room.updated') {
      const s = f.room && f.room.state;
      if (s && s !== info.state) system(`watch.now_${s}`);
      drawHeader();
    } else {
      return;
    }
    drawStream();
  }

  // Asks the server for the room's events: again after every reconnect,
  // when the stream restarts from the room's recent history.
  async function watch() {
    watchError = null;
    try {
      const r = await app.request('room.watch', { room: roomId });
      if (r.room) app.onEvent({ type: 'room.updated', room: r.room });
      items.length = 0;
      nodes.clear();
      members.clear();
      for (const u of r.members || []) {
        if (!u || !u.id) continue;
        members.set(u.id, u);
        app.remember(u);
      }
      for (const m of r.history || []) {
        addMessage(m);
        if (m && m.from) app.remember(m.from);
      }
      if (watchedBefore) system('watch.resumed');
      watchedBefore = true;
      recent.load();
    } catch (err) {
      if (err.code === 'offline' || err.code === 'timeout') return; // 'ready' comes again
      watchError = err;
      replace(
        errorBox,
        h('p', null, t('watch.failed', { reason: errorText(err) })),
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-testid': 'watch-retry', onclick: () => watch() },
          t('watch.retry'),
        ),
      );
    }
    drawHeader();
    drawPeople();
    drawStream();
  }

  const off = app.on((topic, arg) => {
    if (topic === 'event') onEvent(arg);
    else if (topic === 'ready') watch();
    else if (topic === 'rooms') drawHeader();
  });

  const view = h(
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
      h('div', null, h('a', { class: 'back', href: '#/rooms' }, t('watch.back')), title, meta),
    ),
    errorBox,
    h(
      'div',
      { class: 'watch-grid' },
      h(
        'div',
        { class: 'card stream-card' },
        h('h2', { class: 'sr-only' }, t('watch.messages')),
        scroller,
        empty,
        typingLine,
      ),
      h(
        'div',
        { class: 'side' },
        h('section', { class: 'card', 'aria-labelledby': 'people-h' }, peopleTitle, people),
        controls.el,
        announceCard(app, roomId),
        recent.el,
        findCard(app, roomId, afterAction),
      ),
    ),
  );

  drawHeader();
  drawPeople();
  drawStream();
  if (app.online) watch();
  return {
    el: view,
    destroy() {
      off();
      clearTimeout(typingTimer);
      if (app.online) app.request('room.unwatch', { room: roomId }).catch(() => {});
    },
  };
}
