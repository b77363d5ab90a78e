// The live stream of a watched room: its messages as they come (each with
// delete and its author's moderation at hand), joins and leaves, and
// announcements. A deleted message stays, marked deleted.

import { h, reconcile } from '/core/dom.js';
import { t, formatDateTime, formatClock } from '/core/i18n.js';
import { deleteMessage, personButtons, QUICK_ACTIONS } from '../moderate.js';

const MAX_ITEMS = 500; // lines kept in the stream; older ones are dropped
const NEAR_END_PX = 48;

function messageNode(app, roomId, m, afterAction) {
  const from = m.from || { id: '?' };
  const text = h(
    'p',
    { class: 'msg-text', 'data-testid': 'watch-message-text' },
    m.erased ? t('watch.erased') : m.text,
  );
  // One row of buttons: the message's delete first, then its author's.
  const actions = personButtons(app, roomId, from, QUICK_ACTIONS, { context: m.text, onDone: afterAction });
  actions.classList.add('msg-actions');
  const remove = async () => {
    if (await deleteMessage(app, roomId, m)) afterAction();
  };
  actions.prepend(
    h(
      'button',
      { type: 'button', class: 'act act-delete', 'data-testid': 'message-delete', onclick: remove },
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

// A line that is not a message: an announcement or a system line.
function lineNode(item) {
  if (item.kind === 'announce')
    return h(
      'li',
      { class: 'line announce', 'data-testid': 'watch-announcement' },
      h('strong', null, t('watch.announcement', { name: item.from || '' })),
      ' ',
      item.text,
    );
  return h(
    'li',
    { class: 'line system', 'data-testid': 'watch-system' },
    item.text,
    ' ',
    h('time', null, formatClock(item.ts)),
  );
}

// Returns { scroller, empty, clear, addMessage, system, announce,
// markDeleted, draw(failed) }; afterAction() once a moderation was done.
export function watchStream(app, roomId, afterAction) {
  const items = []; // {key, kind, ...}; kind: message | system | announce
  const nodes = new Map(); // key -> li
  let seq = 0;
  const stream = h('ol', { class: 'stream', 'data-testid': 'watch-messages', 'aria-live': 'off' });
  const scroller = h(
    'div',
    { class: 'stream-scroll', role: 'log', tabindex: '0', 'aria-label': t('watch.messages') },
    stream,
  );
  const empty = h('p', { class: 'muted', 'data-testid': 'watch-empty', hidden: true }, t('watch.empty'));

  function push(item) {
    items.push(item);
    while (items.length > MAX_ITEMS) nodes.delete(items.shift().key);
  }

  function nodeFor(item) {
    if (!nodes.has(item.key))
      nodes.set(
        item.key,
        item.kind === 'message' ? messageNode(app, roomId, item.message, afterAction) : lineNode(item),
      );
    return nodes.get(item.key);
  }

  function addMessage(m) {
    if (!m || typeof m.id !== 'string') return;
    const key = `m:${m.id}`;
    if (!items.some((i) => i.key === key)) push({ key, kind: 'message', message: m });
  }

  // label: what the line says instead (deleted, or its author's account erased).
  function markDeleted(id, label = 'watch.deleted') {
    const item = items.find((i) => i.kind === 'message' && i.message.id === id);
    if (!item || item.deleted) return;
    item.deleted = true;
    const node = nodes.get(item.key);
    if (!node) return;
    node.dataset.state = 'deleted';
    node.classList.add('deleted');
    node.querySelector('.msg-text').textContent = t(label);
    node.querySelector('.msg-actions').remove();
  }

  // Follows the newest line only when the reader was already at the end.
  function draw(failed) {
    const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_END_PX;
    reconcile(stream, items.map(nodeFor));
    empty.hidden = items.length > 0 || failed;
    if (atEnd) scroller.scrollTop = scroller.scrollHeight;
  }

  return {
    scroller,
    empty,
    clear() {
      items.length = 0;
      nodes.clear();
    },
    addMessage,
    system: (key, params) => push({ key: `s${++seq}`, kind: 'system', text: t(key, params), ts: Date.now() }),
    announce: (text, from) => push({ key: `a${++seq}`, kind: 'announce', text, from, ts: Date.now() }),
    markDeleted,
    draw,
  };
}
