// Rooms screen: every room with its live numbers (refreshed every few
// seconds), a form to create a room, and an announcement to all open rooms.

import { h, field, reconcile } from '/core/dom.js';
import {
  t,
  tn,
  errorText,
  formatRange,
  formatClock,
  formatSeconds,
  fromLocalInput,
  toLocalInput,
  timeZone,
} from '/core/i18n.js';
import { announceCard } from './roompanels.js';
import { validCohort } from './cohort.js';

const MAX_TITLE = 200;
const MAX_TOPIC = 1000;
const QUARTER_MS = 15 * 60 * 1000;
const DEFAULT_LENGTH_MS = 90 * 60 * 1000;
const STATE_ORDER = { open: 0, locked: 1, closed: 2 };
const VIEW_KEY = 'passerelle.admin.rooms';

function loadPrefs() {
  try {
    return JSON.parse(localStorage.getItem(VIEW_KEY)) || {};
  } catch {
    return {};
  }
}

function savePrefs(prefs) {
  try {
    localStorage.setItem(VIEW_KEY, JSON.stringify(prefs));
  } catch {
    // kept for this page only
  }
}

function byStateThenStart(a, b) {
  const s = (STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3);
  if (s) return s;
  return (a.starts_at || 0) - (b.starts_at || 0) || String(a.title).localeCompare(String(b.title));
}

function cell(label, ...children) {
  return h('td', { 'data-label': label }, ...children);
}

// One row, kept across refreshes; update() rewrites its texts in place.
function roomRow(room) {
  const link = h('a', { href: `#/room/${encodeURIComponent(room.id)}`, 'data-testid': 'room-open' });
  const topic = h('span', { class: 'muted small' });
  const state = h('span', { 'data-testid': 'room-state' });
  const online = h('span', { 'data-testid': 'room-online' });
  const activity = h('span', { 'data-testid': 'room-activity' });
  const total = h('span', { 'data-testid': 'room-total' });
  const slow = h('span', { 'data-testid': 'room-slowmode' });
  const when = h('span', { 'data-testid': 'room-time' });
  const labels = [];
  const tr = h(
    'tr',
    { 'data-testid': 'room-row', 'data-room-id': room.id },
    h('th', { scope: 'row' }, link, h('br'), topic),
    (labels[0] = cell('', state)),
    (labels[1] = cell('', online)),
    (labels[2] = cell('', activity)),
    (labels[3] = cell('', total)),
    (labels[4] = cell('', slow)),
    (labels[5] = cell('', when)),
  );
  function update(r) {
    link.textContent = r.title || r.id;
    topic.textContent = [
      r.kind === 'mentorship' ? t('rooms.kind.mentorship') : '',
      r.topic || '',
      r.cohort ? t('rooms.cohort', { name: r.cohort }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    state.className = `badge state-${r.state}`;
    state.textContent = t(`state.${r.state}`);
    online.textContent = String(r.online ?? 0);
    activity.textContent = String(r.messages_last_hour ?? 0);
    total.textContent = String(r.messages_total ?? 0);
    slow.textContent = r.slow_mode > 0 ? formatSeconds(r.slow_mode) : t('rooms.slow_off');
    when.textContent = formatRange(r.starts_at, r.ends_at);
    tr.dataset.state = r.state;
    tr.classList.toggle('is-closed', r.state === 'closed');
    [
      'rooms.col.state',
      'rooms.col.online',
      'rooms.col.hour',
      'rooms.col.total',
      'rooms.col.slow',
      'rooms.col.when',
    ].forEach((key, i) => labels[i].setAttribute('data-label', t('app.cell_label', { label: t(key) })));
  }
  return { tr, update };
}

function nextQuarter(now = Date.now()) {
  return Math.ceil(now / QUARTER_MS) * QUARTER_MS;
}

// The room.create body from the form's inputs, or { error, input } naming what is wrong.
function readCreate({ title, topic, starts, ends, cohort }) {
  const s = fromLocalInput(starts.value);
  const e = fromLocalInput(ends.value);
  const name = title.value.trim();
  const tag = cohort.value.trim();
  if (!name) return { error: t('create.need_title'), input: title };
  if ([...name].length > MAX_TITLE) return { error: t('create.too_long', { max: MAX_TITLE }), input: title };
  if (!Number.isFinite(s)) return { error: t('create.bad_time'), input: starts };
  if (!Number.isFinite(e)) return { error: t('create.bad_time'), input: ends };
  if (e <= s) return { error: t('create.end_before_start'), input: ends };
  if (e <= Date.now()) return { error: t('create.end_past'), input: ends };
  if (tag && !validCohort(tag)) return { error: t('cohort.invalid'), input: cohort };
  const body = { title: name, starts_at: s, ends_at: e };
  if (topic.value.trim()) body.topic = topic.value.trim();
  if (tag) body.cohort = tag;
  return { body };
}

// The create-room form; onCreated(room) after the server stored it.
function createForm(app, onCreated) {
  const title = h('input', {
    type: 'text',
    maxlength: MAX_TITLE,
    required: true,
    'data-testid': 'create-title',
  });
  const topic = h('input', { type: 'text', maxlength: MAX_TOPIC, 'data-testid': 'create-topic' });
  const starts = h('input', { type: 'datetime-local', required: true, 'data-testid': 'create-starts' });
  const ends = h('input', { type: 'datetime-local', required: true, 'data-testid': 'create-ends' });
  const cohort = h('input', {
    type: 'text',
    maxlength: 40,
    autocomplete: 'off',
    'data-testid': 'create-cohort',
  });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'create-error', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'create-submit' },
    t('create.submit'),
  );
  function reset() {
    const s = nextQuarter();
    title.value = '';
    topic.value = '';
    cohort.value = '';
    starts.value = toLocalInput(s);
    ends.value = toLocalInput(s + DEFAULT_LENGTH_MS);
  }
  function fail(message, input) {
    error.textContent = message;
    error.hidden = false;
    if (input) input.focus();
  }
  const form = h(
    'form',
    {
      class: 'card create-form',
      'data-testid': 'create-room-form',
      novalidate: true,
      'aria-labelledby': 'create-title-h',
    },
    h('h2', { id: 'create-title-h' }, t('create.title')),
    field(t('create.room_title'), title),
    field(t('create.topic'), topic),
    h(
      'div',
      { class: 'two' },
      field(t('create.starts'), starts, t('create.zone', { zone: timeZone() })),
      field(t('create.ends'), ends),
    ),
    field(t('create.cohort'), cohort, t('cohort.hint')),
    error,
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const checked = readCreate({ title, topic, starts, ends, cohort });
    if (checked.error) return fail(checked.error, checked.input);
    const { body } = checked;
    const name = body.title;
    submit.disabled = true;
    try {
      const r = await app.request('room.create', body);
      app.notify('ok', 'create.done', { title: name });
      reset();
      onCreated(r.room);
    } catch (err) {
      fail(errorText(err));
    } finally {
      submit.disabled = false;
    }
  });
  reset();
  return form;
}

const COLUMNS = ['room', 'state', 'online', 'hour', 'total', 'slow', 'when'];

function roomsTable(tbody) {
  const head = h(
    'tr',
    null,
    COLUMNS.map((c) => h('th', { scope: 'col' }, t(`rooms.col.${c}`))),
  );
  return h(
    'table',
    { class: 'rooms-table', 'data-testid': 'room-table' },
    h('caption', { class: 'sr-only' }, t('rooms.caption')),
    h('thead', null, head),
    tbody,
  );
}

// "2 live rooms · 5 people online · 12 messages in the last hour"
function summaryText(app) {
  if (!app.roomsAt) return t('app.loading');
  const live = [...app.rooms.values()].filter((r) => r.state !== 'closed');
  const people = live.reduce((n, r) => n + (r.online || 0), 0);
  const hour = live.reduce((n, r) => n + (r.messages_last_hour || 0), 0);
  return [
    tn('rooms.sum_rooms', live.length),
    tn('rooms.sum_online', people),
    tn('rooms.sum_hour', hour),
  ].join(' · ');
}

// The title, the two filters (kept in localStorage) and the refresh button.
function viewHead(app, prefs, onChange) {
  const checkbox = (key, testid) => {
    const box = h('input', {
      type: 'checkbox',
      checked: !!prefs[key],
      'data-testid': testid,
      onchange: () => {
        prefs[key] = box.checked;
        savePrefs(prefs);
        onChange();
      },
    });
    return h('label', { class: 'check' }, box, ' ', t(`rooms.${key}`));
  };
  const refresh = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-testid': 'rooms-refresh',
      onclick: () => app.refreshRooms().catch((err) => app.notify('error', errorText(err), null, true)),
    },
    t('rooms.refresh'),
  );
  return h(
    'div',
    { class: 'view-head' },
    h('h1', { id: 'rooms-title', tabindex: '-1' }, t('rooms.title')),
    h(
      'div',
      { class: 'view-actions' },
      checkbox('show_closed', 'rooms-show-closed'),
      checkbox('show_mentorship', 'rooms-show-mentorship'),
      refresh,
    ),
  );
}

export function renderRooms(app) {
  const prefs = loadPrefs();
  const rows = new Map();
  const tbody = h('tbody', { 'data-testid': 'room-rows' });
  const table = roomsTable(tbody);
  const empty = h('p', { class: 'muted', 'data-testid': 'rooms-empty', hidden: true }, t('rooms.empty'));
  const updated = h('p', { class: 'muted small', 'data-testid': 'rooms-updated', 'aria-live': 'off' });
  const summary = h('p', { class: 'summary', 'data-testid': 'rooms-summary' });

  function draw() {
    const shown = [...app.rooms.values()]
      .filter((r) => prefs.show_closed || r.state !== 'closed')
      .filter((r) => prefs.show_mentorship || r.kind !== 'mentorship')
      .sort(byStateThenStart);
    const nodes = shown.map((r) => {
      if (!rows.has(r.id)) rows.set(r.id, roomRow(r));
      const row = rows.get(r.id);
      row.update(r);
      return row.tr;
    });
    for (const id of [...rows.keys()]) if (!app.rooms.has(id)) rows.delete(id);
    reconcile(tbody, nodes);
    empty.hidden = shown.length > 0 || !app.roomsAt;
    table.hidden = shown.length === 0;
    summary.textContent = summaryText(app);
    updated.textContent = app.roomsAt ? t('rooms.updated', { time: formatClock(app.roomsAt) }) : '';
  }

  const off = app.on((topic) => {
    if (topic === 'rooms') draw();
  });
  const view = h(
    'section',
    { class: 'rooms-view', 'data-testid': 'rooms-view', 'aria-labelledby': 'rooms-title' },
    viewHead(app, prefs, draw),
    summary,
    h(
      'div',
      { class: 'layout-main-side' },
      h('div', { class: 'card table-card' }, h('div', { class: 'table-scroll' }, table), empty, updated),
      h(
        'div',
        { class: 'side' },
        createForm(app, () => app.refreshRooms().catch(() => {})),
        announceCard(app),
      ),
    ),
  );
  draw();
  if (app.online) app.refreshRooms().catch(() => {});
  return { el: view, destroy: off };
}
