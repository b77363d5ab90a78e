// The audit log: every change made through the admin socket, newest first,
// filtered by room (on the server) and by action (here, within what was
// fetched). Read-only: nothing in the console can change it.

import { h, field, replace, select } from '/core/dom.js';
import { t, tn, errorText, formatDateTime } from '/core/i18n.js';

export const ACTIONS = [
  'room.create',
  'room.close',
  'room.lock',
  'room.unlock',
  'room.slowmode',
  'room.contact',
  'user.mute',
  'user.unmute',
  'user.kick',
  'user.ban',
  'user.unban',
  'message.delete',
  'announce',
  'user.role',
  'report.resolve',
  'user.delete',
  'account.delete',
  'user.consent',
  'agenda.set',
  'agenda.next',
  'agenda.clear',
  'room.timer',
  'room.timer.stop',
  'hand.clear',
  'floor.give',
  'floor.take',
  'poll.create',
  'poll.close',
  'breakout.start',
  'breakout.end',
  'breakout.announce',
];
const LIMITS = [50, 100, 200, 500, 1000];
const MAX_DETAIL = 300; // characters of a detail shown in the table

// Filters live in the hash: #/audit?room=ID&action=user.mute&limit=100
function readFilters(query) {
  const p = new URLSearchParams(query || '');
  const limit = Number(p.get('limit'));
  return {
    room: p.get('room') || '',
    action: ACTIONS.includes(p.get('action')) ? p.get('action') : '',
    limit: LIMITS.includes(limit) ? limit : LIMITS[0],
  };
}

function writeFilters(f) {
  const p = new URLSearchParams();
  if (f.room) p.set('room', f.room);
  if (f.action) p.set('action', f.action);
  if (f.limit !== LIMITS[0]) p.set('limit', String(f.limit));
  const q = p.toString();
  history.replaceState(null, '', `#/audit${q ? `?${q}` : ''}`);
  // replaceState fires no hashchange: tell the router the page it shows now
  // has this address, or it would rebuild it (and move focus) later.
  window.dispatchEvent(new Event('routereplaced'));
}

function detailText(d) {
  if (d === undefined || d === null) return '';
  const s = typeof d === 'string' ? d : JSON.stringify(d);
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL)}…` : s;
}

function targetText(app, e) {
  if (typeof e.target !== 'string') return '';
  if (e.action === 'message.delete') return t('audit.message', { id: e.target });
  const name = app.nameOf(e.target);
  return name ? `${name} (${e.target})` : e.target;
}

function entryRow(app, e) {
  const actor = e.actor && typeof e.actor === 'object' ? e.actor.name || e.actor.id : String(e.actor ?? '');
  const action = typeof e.action === 'string' ? e.action : '?';
  const label = (key) => ({ 'data-label': t('app.cell_label', { label: t(key) }) });
  return h(
    'tr',
    { 'data-testid': 'audit-entry', 'data-action': action, 'data-room-id': e.room || '' },
    h(
      'td',
      label('audit.col.time'),
      Number.isFinite(e.ts)
        ? h('time', { datetime: new Date(e.ts).toISOString() }, formatDateTime(e.ts))
        : '',
    ),
    h('td', label('audit.col.actor'), actor),
    h(
      'td',
      { ...label('audit.col.action'), 'data-testid': 'audit-action-cell' },
      t(`audit.action.${action}`),
    ),
    h('td', label('audit.col.room'), e.room ? app.roomTitle(e.room) : t('audit.all_rooms')),
    h('td', { ...label('audit.col.target'), 'data-testid': 'audit-target' }, targetText(app, e)),
    h(
      'td',
      { ...label('audit.col.detail'), class: 'detail', 'data-testid': 'audit-detail' },
      detailText(e.detail),
    ),
  );
}

function auditTable(tbody) {
  const head = h(
    'tr',
    null,
    ['time', 'actor', 'action', 'room', 'target', 'detail'].map((k) =>
      h('th', { scope: 'col' }, t(`audit.col.${k}`)),
    ),
  );
  return h(
    'table',
    { class: 'audit-table', 'data-testid': 'audit-table' },
    h('caption', { class: 'sr-only' }, t('audit.title')),
    h('thead', null, head),
    tbody,
  );
}

// The filter form. Changing the room or the limit loads again (onLoad);
// the action filter works on what is loaded (onFilter), no round trip needed.
function filterForm(filters, { onLoad, onFilter }) {
  const rooms = select({ 'data-testid': 'audit-room' }, [], '');
  const actions = select(
    { 'data-testid': 'audit-action' },
    [['', t('audit.any_action')], ...ACTIONS.map((a) => [a, t(`audit.action.${a}`)])],
    filters.action,
  );
  const limit = select(
    { 'data-testid': 'audit-limit' },
    LIMITS.map((n) => [n, String(n)]),
    filters.limit,
  );
  const form = h(
    'form',
    { class: 'card filters', 'data-testid': 'audit-filters', novalidate: true },
    field(t('audit.room'), rooms),
    field(t('audit.action'), actions),
    field(t('audit.limit'), limit),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'audit-refresh' }, t('audit.refresh')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    filters.room = rooms.value;
    filters.action = actions.value;
    filters.limit = Number(limit.value);
    writeFilters(filters);
    onLoad();
  });
  actions.addEventListener('change', () => {
    filters.action = actions.value;
    writeFilters(filters);
    onFilter();
  });
  for (const s of [rooms, limit]) s.addEventListener('change', () => form.requestSubmit());
  return { form, rooms };
}

// The room filter's choices: every room known, and the one filtered on.
function drawRoomChoices(app, select, current) {
  const list = [...app.rooms.values()].sort((a, b) => String(a.title).localeCompare(String(b.title)));
  const options = [['', t('audit.any_room')], ...list.map((r) => [r.id, r.title || r.id])];
  if (current && !app.rooms.has(current)) options.push([current, current]);
  if (document.activeElement === select) return; // not under the person choosing
  replace(
    select,
    options.map(([v, label]) => h('option', { value: v, selected: v === current }, label)),
  );
}

export function renderAudit(app, query) {
  const filters = readFilters(query);
  let entries = [];
  let loading = false;
  let loadSeq = 0;
  const status = h('p', { class: 'muted small', 'data-testid': 'audit-status', role: 'status' });
  const tbody = h('tbody', { 'data-testid': 'audit-rows' });
  const table = auditTable(tbody);
  const { form, rooms } = filterForm(filters, { onLoad: () => load(), onFilter: () => draw() });

  function draw() {
    const shown = filters.action ? entries.filter((e) => e.action === filters.action) : entries;
    replace(
      tbody,
      shown.map((e) => entryRow(app, e)),
    );
    table.hidden = !shown.length;
    if (loading) status.textContent = t('app.loading');
    else
      status.textContent = filters.action
        ? t('audit.count_filtered', { shown: shown.length, n: entries.length })
        : tn('audit.count', entries.length);
  }

  // The newest load wins: an answer to an older filter is dropped.
  async function load() {
    const gen = ++loadSeq;
    loading = true;
    draw();
    const body = { limit: filters.limit };
    if (filters.room) body.room = filters.room;
    try {
      const r = await app.request('audit.list', body);
      if (gen !== loadSeq) return;
      entries = (Array.isArray(r.entries) ? r.entries : []).filter((e) => e && typeof e === 'object');
      loading = false;
      draw();
    } catch (err) {
      if (gen !== loadSeq) return;
      loading = false;
      draw();
      status.textContent = errorText(err);
    }
  }

  const off = app.on((topic) => {
    if (topic === 'rooms') drawRoomChoices(app, rooms, filters.room);
    else if (topic === 'ready') load();
  });
  const view = h(
    'section',
    { class: 'audit-view', 'data-testid': 'audit-view', 'aria-labelledby': 'audit-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'audit-title', tabindex: '-1' }, t('audit.title'))),
    h('p', { class: 'muted' }, t('audit.intro')),
    form,
    h('div', { class: 'card table-card' }, status, h('div', { class: 'table-scroll' }, table)),
  );
  drawRoomChoices(app, rooms, filters.room);
  draw();
  if (app.online) load();
  return { el: view, destroy: off };
}
