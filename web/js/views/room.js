// One room: messages (with scroll-back), who is online, who is typing, and
// the composer. Enter sends, Shift+Enter starts a new line. Messages typed
// while offline wait in the outbox, shown as "sending…".

import { h, replace, reconcile, field } from '/core/dom.js';
import { t, tn, has, formatTime, formatDateTime, formatRange, errorText, list } from '/core/i18n.js';
import { textLength, MAX_TEXT_CHARS, MAX_MESSAGES_KEPT } from '../store.js';

const NEAR_EDGE_PX = 48;
const COUNTER_FROM = MAX_TEXT_CHARS - 500;
const drafts = new Map(); // room id -> unsent text in the composer, kept across views
let draftsOwner = null; // id of the user the drafts belong to

// Drops every draft: called when nobody is signed in anymore, so that the
// next person on this page does not see what the last one was writing.
export function forgetDrafts() {
  drafts.clear();
  draftsOwner = null;
}

// Drafts follow the signed-in user; another user starts with none.
function ownDrafts(app) {
  const uid = app.user ? app.user.id : null;
  if (!app.token) forgetDrafts();
  else if (uid && uid !== draftsOwner) {
    drafts.clear();
    draftsOwner = uid;
  }
}

function messageNode(m, me) {
  const mine = me && m.from && m.from.id === me.id;
  const from = m.from || {};
  return h(
    'li',
    {
      class: `msg${mine ? ' mine' : ''}`,
      'data-testid': 'message',
      'data-message-id': m.id,
      'data-state': 'sent',
    },
    h(
      'div',
      { class: 'msg-meta' },
      h(
        'span',
        { class: 'msg-author', 'data-testid': 'message-author' },
        mine ? t('room.you') : from.name || '?',
      ),
      from.role === 'facilitator' ? h('span', { class: 'badge badge-role' }, t('role.facilitator')) : null,
      typeof m.ts === 'number'
        ? h(
            'time',
            { datetime: new Date(m.ts).toISOString(), title: formatDateTime(m.ts, 'full') },
            formatTime(m.ts),
          )
        : null,
    ),
    h('p', { class: 'msg-text', 'data-testid': 'message-text' }, m.text),
  );
}

function pendingNode(app, e) {
  const failed = e.state === 'failed';
  let status;
  const stale = failed && e.error === 'stale';
  if (stale) status = t('room.not_sent_stale');
  else if (failed) status = t('room.not_sent', { reason: errorText({ code: e.error }) });
  else if (e.error === 'rate_limited' && e.retryAt > Date.now()) status = t('room.sending_throttled');
  else if (e.error && e.retryAt > Date.now())
    status = t('room.sending_wait', { reason: errorText({ code: e.error }) });
  else status = t('room.sending');
  return h(
    'li',
    {
      class: `msg mine ${failed ? 'failed' : 'pending'}`,
      'data-testid': 'message',
      'data-nonce': e.nonce,
      'data-state': failed ? 'failed' : 'pending',
    },
    h(
      'div',
      { class: 'msg-meta' },
      h('span', { class: 'msg-author', 'data-testid': 'message-author' }, t('room.you')),
      h('span', { class: 'msg-status', 'data-testid': 'message-status' }, status),
    ),
    h('p', { class: 'msg-text', 'data-testid': 'message-text' }, e.text),
    failed
      ? h(
          'div',
          { class: 'msg-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-testid': 'message-retry',
              onclick: () => app.retry(e.nonce),
            },
            stale ? t('room.send_again') : t('room.retry'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-testid': 'message-discard',
              onclick: () => app.discard(e.nonce),
            },
            t('room.discard'),
          ),
        )
      : null,
  );
}

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
  if (room && room.state === 'locked' && !(app.user && app.user.role === 'facilitator'))
    return t('room.state_banner.locked');
  return null;
}

export function renderRoom(app, roomId) {
  const nodes = new Map(); // 'm:<id>' or 'p:<nonce>:<state>' -> li
  let joinError = null;
  let firstDraw = true;
  let stick = true; // keep the view scrolled to the newest message

  const title = h('h1', { id: 'room-title', tabindex: '-1', 'data-testid': 'room-title' }, roomId);
  const meta = h('p', { class: 'room-meta' });
  const stateBanner = h('p', {
    class: 'banner banner-warn',
    'data-testid': 'room-state-banner',
    hidden: true,
  });
  const gapNotice = h(
    'div',
    { class: 'banner banner-info', 'data-testid': 'gap-notice', role: 'status', hidden: true },
    h('span', null, t('room.gap')),
    h(
      'button',
      {
        type: 'button',
        class: 'icon-button',
        'aria-label': t('app.dismiss'),
        onclick: () => {
          const rs = app.roomState(roomId);
          if (rs) rs.gap = false;
          draw();
        },
      },
      '×',
    ),
  );
  const loadOlder = h(
    'button',
    { type: 'button', class: 'secondary load-older', 'data-testid': 'load-older', onclick: () => older() },
    t('room.load_older'),
  );
  const beginning = h('p', { class: 'muted beginning', hidden: true }, t('room.beginning'));
  const items = h('ol', { class: 'msg-list', 'data-testid': 'message-list' });
  // A log, so that its label is announced; not live, as the frame's
  // announcer already reads new messages out.
  const scroller = h(
    'div',
    { class: 'msg-scroll', role: 'log', 'aria-live': 'off', tabindex: '0', 'aria-label': t('room.messages') },
    loadOlder,
    beginning,
    items,
  );
  const jump = h(
    'button',
    { type: 'button', class: 'jump', hidden: true, onclick: () => scrollToEnd() },
    t('room.jump'),
  );
  const typingEl = h('p', { class: 'typing', 'data-testid': 'typing-indicator' });
  const membersTitle = h('summary', null, '');
  const members = h('ul', { class: 'members-list', 'data-testid': 'members-list' });
  const membersBox = h(
    'details',
    { class: 'members', open: !window.matchMedia('(max-width: 700px)').matches },
    membersTitle,
    members,
  );

  const input = h('textarea', {
    id: 'composer-input',
    rows: '2',
    'data-testid': 'composer-input',
    autocomplete: 'off',
    placeholder: t('room.composer_placeholder'),
  });
  ownDrafts(app);
  input.value = drafts.get(roomId) || '';
  const counter = h('span', { class: 'counter', 'aria-live': 'polite' });
  const composerError = h('p', {
    class: 'form-error',
    role: 'alert',
    'data-testid': 'composer-error',
    hidden: true,
  });
  const send = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'composer-send' },
    t('room.send'),
  );
  const composer = h(
    'form',
    { class: 'composer', 'data-testid': 'composer', onsubmit: submit },
    field(t('room.composer_label'), input, t('room.composer_hint')),
    h('div', { class: 'composer-actions' }, counter, send),
    composerError,
  );

  const leave = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'leave-room', onclick: onLeave },
    t('room.leave'),
  );
  const errorPanel = h('div', { class: 'card', role: 'alert', hidden: true });

  function atBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_EDGE_PX;
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
    stick = true;
    jump.hidden = true;
    markRead();
  }

  function markRead() {
    const rs = app.roomState(roomId);
    if (rs && rs.unread && document.visibilityState === 'visible') {
      rs.unread = 0;
      queueMicrotask(() => app.emit('rooms'));
    }
  }

  function drawHeader(room, rs) {
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
    const off = !!reason;
    input.disabled = off;
    send.disabled = off;
    gapNotice.hidden = !(rs && rs.gap);
  }

  function drawMembers(rs) {
    const people = rs ? [...rs.members.values()] : [];
    people.sort((a, b) => String(a.name).localeCompare(String(b.name)));
    membersTitle.textContent = tn('room.online_count', people.length);
    membersBox.classList.toggle('stale', app.status !== 'online');
    replace(
      members,
      people.map((u) => {
        const me = app.user && u.id === app.user.id;
        return h(
          'li',
          { class: 'member', 'data-testid': 'member', 'data-user-id': u.id },
          h('span', { class: 'dot', 'aria-hidden': 'true' }),
          u.name || '?',
          me ? h('span', { class: 'muted' }, ` (${t('room.you_short')})`) : null,
          u.role === 'facilitator' ? h('span', { class: 'badge badge-role' }, t('role.facilitator')) : null,
        );
      }),
    );
  }

  function drawMessages(rs, older) {
    const before = { height: scroller.scrollHeight, top: scroller.scrollTop, bottom: atBottom() };
    const wanted = [];
    const keys = new Set();
    for (const m of rs ? rs.messages : []) {
      const key = `m:${m.id}`;
      if (!nodes.has(key)) nodes.set(key, messageNode(m, app.user));
      keys.add(key);
      wanted.push(nodes.get(key));
    }
    for (const e of app.outbox ? app.outbox.forRoom(roomId) : []) {
      const key = `p:${e.nonce}:${e.state}:${e.error || ''}:${e.retryAt > Date.now() ? 1 : 0}`;
      if (!nodes.has(key)) nodes.set(key, pendingNode(app, e));
      keys.add(key);
      wanted.push(nodes.get(key));
    }
    for (const key of [...nodes.keys()]) if (!keys.has(key)) nodes.delete(key);
    reconcile(items, wanted);
    loadOlder.hidden = !rs || !rs.more || !rs.messages.length;
    loadOlder.disabled = !!(rs && rs.loadingOlder);
    loadOlder.textContent = rs && rs.loadingOlder ? t('app.loading') : t('room.load_older');
    beginning.hidden = !rs || rs.more || rs.joining;
    beginning.textContent =
      rs && rs.full ? t('room.history_full', { max: MAX_MESSAGES_KEPT }) : t('room.beginning');
    if (older) scroller.scrollTop = before.top + (scroller.scrollHeight - before.height);
    else if (firstDraw || stick || before.bottom) scrollToEnd();
    else jump.hidden = false;
    if (rs && rs.messages.length) firstDraw = false;
  }

  function draw(older = false) {
    const room = app.rooms.get(roomId);
    const rs = app.roomState(roomId);
    drawHeader(room, rs);
    drawMembers(rs);
    drawMessages(rs, older);
    typingEl.textContent = typingText(app.typers(roomId));
    errorPanel.hidden = !joinError;
    if (joinError)
      replace(
        errorPanel,
        h('p', null, errorText(joinError)),
        h('p', null, h('a', { href: '#/rooms' }, t('room.back'))),
      );
    updateCounter();
  }

  function updateCounter() {
    const n = textLength(input.value);
    counter.textContent = n >= COUNTER_FROM ? tn('room.chars_left', MAX_TEXT_CHARS - n) : '';
    counter.classList.toggle('over', n > MAX_TEXT_CHARS);
  }

  async function older() {
    try {
      await app.loadOlder(roomId);
    } catch (err) {
      app.notify('error', err, 'warn');
    }
  }

  function submit(ev) {
    ev.preventDefault();
    composerError.hidden = true;
    const text = input.value;
    if (!text.trim()) return;
    if (textLength(text.trim()) > MAX_TEXT_CHARS) {
      composerError.textContent = t('room.too_long', { max: MAX_TEXT_CHARS });
      composerError.hidden = false;
      return;
    }
    try {
      app.say(roomId, text);
    } catch (err) {
      composerError.textContent = errorText(err);
      composerError.hidden = false;
      return;
    }
    input.value = '';
    drafts.delete(roomId);
    updateCounter();
    stick = true;
    scrollToEnd();
    input.focus();
  }

  async function onLeave() {
    await app.leave(roomId);
    location.hash = '#/rooms';
  }

  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && !ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      ev.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    ownDrafts(app);
    if (!app.token) return;
    if (input.value) drafts.set(roomId, input.value);
    else drafts.delete(roomId);
    updateCounter();
    if (input.value.trim()) app.typing(roomId);
  });
  scroller.addEventListener('scroll', () => {
    stick = atBottom();
    if (stick) {
      jump.hidden = true;
      markRead();
    }
    const rs = app.roomState(roomId);
    if (scroller.scrollTop < NEAR_EDGE_PX && rs && rs.more && !rs.loadingOlder && !firstDraw) older();
  });

  const off = app.on((topic, arg, extra) => {
    if (topic === 'room' && arg === roomId) draw(!!(extra && extra.older));
    else if (topic === 'rooms' || topic === 'user' || topic === 'status') draw();
  });

  app.join(roomId).then(
    () => {
      joinError = null;
      draw();
    },
    (err) => {
      if (err.code !== 'offline' && err.code !== 'timeout') joinError = err;
      draw();
    },
  );

  const el = h(
    'section',
    { class: 'room', 'data-testid': 'room-view', 'data-room-id': roomId, 'aria-labelledby': 'room-title' },
    h(
      'div',
      { class: 'room-head' },
      h('a', { class: 'back', href: '#/rooms' }, t('room.back')),
      h('div', { class: 'room-head-main' }, title, meta),
      leave,
    ),
    errorPanel,
    h(
      'div',
      { class: 'room-body' },
      h('div', { class: 'chat' }, stateBanner, gapNotice, scroller, jump, typingEl, composer),
      h('aside', { class: 'side', 'aria-label': t('room.people') }, membersBox),
    ),
  );

  draw();
  return {
    el,
    title: () => (app.rooms.get(roomId) || {}).title || roomId,
    destroy() {
      off();
    },
  };
}
