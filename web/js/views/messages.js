// The message list of a room: what the server stored (with scroll-back) and,
// after it, what waits in the outbox, shown as "sending…" or "not sent".
// Nodes are kept per message, so a redraw moves nothing that did not change.

import { h, reconcile } from '/core/dom.js';
import { t, formatTime, formatDateTime, errorText } from '/core/i18n.js';
import { MAX_MESSAGES_KEPT } from '../store.js';

const NEAR_EDGE_PX = 48;
export const REPORT_REASONS = ['harassment', 'hate', 'sexual', 'self-harm', 'spam', 'personal-data', 'other'];
const NOTE_MAX = 1000;

// The form under a message that reports it to the facilitators.
function reportForm(app, m, close) {
  const reason = h(
    'select',
    { 'data-testid': 'report-reason', 'aria-label': t('report.reason') },
    ...REPORT_REASONS.map((r) => h('option', { value: r }, t(`report.reason.${r}`))),
  );
  const note = h('input', {
    type: 'text',
    maxlength: NOTE_MAX,
    'data-testid': 'report-note',
    'aria-label': t('report.note'),
    placeholder: t('report.note'),
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const send = async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    try {
      const fields = { room: m.room, message: m.id, reason: reason.value };
      if (note.value.trim()) fields.note = note.value.trim();
      await app.call('report', fields);
      close();
      app.notify('report.sent');
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  return h(
    'form',
    { class: 'report-form', 'data-testid': 'report-form', onsubmit: send },
    h('p', { class: 'muted' }, t('report.title')),
    reason,
    note,
    h('button', { type: 'submit', 'data-testid': 'report-send' }, t('report.send')),
    h('button', { type: 'button', class: 'link-button', onclick: close }, t('report.cancel')),
    error,
  );
}

function reportButton(app, m, li) {
  let form = null;
  const close = () => {
    if (form) form.remove();
    form = null;
  };
  return h(
    'button',
    {
      type: 'button',
      class: 'link-button msg-report',
      'data-testid': 'message-report',
      onclick: () => {
        if (form) return close();
        form = reportForm(app, m, close);
        li.append(form);
        form.querySelector('select').focus();
      },
    },
    t('report.open'),
  );
}

// What is left of a message whose author erased their account.
function tombstoneNode(m) {
  return h(
    'li',
    { class: 'msg erased', 'data-testid': 'message', 'data-message-id': m.id, 'data-state': 'erased' },
    h('p', { class: 'msg-text muted', 'data-testid': 'message-text' }, t('room.erased')),
  );
}

function messageNode(app, m, me) {
  if (m.erased) return tombstoneNode(m);
  const mine = me && m.from && m.from.id === me.id;
  const from = m.from || {};
  const li = h(
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
  if (!mine && m.room) li.querySelector('.msg-meta').append(reportButton(app, m, li));
  return li;
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

// Keys of the nodes to show, oldest first: a pending entry gets a new node
// whenever its state, error or waiting changes.
function wantedNodes(app, roomId, rs, nodes) {
  const wanted = [];
  const keys = new Set();
  const take = (key, make) => {
    if (!nodes.has(key)) nodes.set(key, make());
    keys.add(key);
    wanted.push(nodes.get(key));
  };
  for (const m of rs ? rs.messages : [])
    take(`m:${m.id}${m.erased ? ':x' : ''}`, () => messageNode(app, m, app.user));
  for (const e of app.outbox ? app.outbox.forRoom(roomId) : [])
    take(`p:${e.nonce}:${e.state}:${e.error || ''}:${e.retryAt > Date.now() ? 1 : 0}`, () =>
      pendingNode(app, e),
    );
  for (const key of [...nodes.keys()]) if (!keys.has(key)) nodes.delete(key);
  return wanted;
}

// Returns { scroller, jump, draw(rs, older), scrollToEnd() }. The view stays
// at the newest message unless the reader scrolled up; then "jump" shows.
export function messageList(app, roomId) {
  const nodes = new Map(); // 'm:<id>' or 'p:<nonce>:<state>...' -> li
  let firstDraw = true;
  let stick = true; // keep the view scrolled to the newest message

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

  async function older() {
    try {
      await app.loadOlder(roomId);
    } catch (err) {
      app.notify('error', err, 'warn');
    }
  }

  function drawEdges(rs) {
    loadOlder.hidden = !rs || !rs.more || !rs.messages.length;
    loadOlder.disabled = !!(rs && rs.loadingOlder);
    loadOlder.textContent = rs && rs.loadingOlder ? t('app.loading') : t('room.load_older');
    beginning.hidden = !rs || rs.more || rs.joining;
    beginning.textContent =
      rs && rs.full ? t('room.history_full', { max: MAX_MESSAGES_KEPT }) : t('room.beginning');
  }

  // prepended: older messages were put in front; the reader stays where they were.
  function draw(rs, prepended) {
    const before = { height: scroller.scrollHeight, top: scroller.scrollTop, bottom: atBottom() };
    reconcile(items, wantedNodes(app, roomId, rs, nodes));
    drawEdges(rs);
    if (prepended) scroller.scrollTop = before.top + (scroller.scrollHeight - before.height);
    else if (firstDraw || stick || before.bottom) scrollToEnd();
    else jump.hidden = false;
    if (rs && rs.messages.length) firstDraw = false;
  }

  scroller.addEventListener('scroll', () => {
    stick = atBottom();
    if (stick) {
      jump.hidden = true;
      markRead();
    }
    const rs = app.roomState(roomId);
    if (scroller.scrollTop < NEAR_EDGE_PX && rs && rs.more && !rs.loadingOlder && !firstDraw) older();
  });

  return { scroller, jump, draw, scrollToEnd };
}
