// Safeguarding reports: the review queue. Each report shows the reported
// message in its context (the snapshot kept when it was reported), who
// reported it and why, and one-click decisions. New reports and decisions
// made on other consoles arrive live (report.new, report.updated).

import { h, field, replace, select } from '/core/dom.js';
import { t, tn, errorText, formatDateTime } from '/core/i18n.js';

const STATES = ['open', 'escalated', 'resolved', 'all'];
const ACTIONS = ['dismiss', 'delete', 'mute', 'kick', 'ban', 'escalate'];
const NOTE_MAX = 1000;

function readState(query) {
  const s = new URLSearchParams(query || '').get('state');
  return STATES.includes(s) ? s : 'open';
}

function snapshotList(r) {
  const items = (Array.isArray(r.snapshot) ? r.snapshot : []).map((m) =>
    h(
      'li',
      {
        class: m.id === r.message ? 'reported' : null,
        'data-testid': m.id === r.message ? 'report-message' : 'report-context',
      },
      h('span', { class: 'msg-author' }, (m.from && m.from.name) || '?'),
      ' ',
      h('span', null, m.text),
    ),
  );
  return h('ol', { class: 'report-snapshot', 'aria-label': t('reports.snapshot') }, ...items);
}

function decision(r) {
  const res = r.resolution;
  if (!res) return null;
  const by = res.by ? res.by.name || res.by.id : '';
  return h(
    'p',
    { class: 'muted', 'data-testid': 'report-resolution' },
    t('reports.decided', { action: t(`reports.action.${res.action}`), by }),
    res.note ? ` — ${res.note}` : '',
  );
}

function reportCard(app, r, onDone) {
  const note = h('input', {
    type: 'text',
    maxlength: NOTE_MAX,
    'data-testid': 'report-note',
    placeholder: t('reports.note'),
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const act = async (action) => {
    error.hidden = true;
    try {
      const res = await app.request('report.resolve', { report: r.id, action, note: note.value.trim() });
      app.notify('ok', `reports.done.${action}`);
      onDone(res.report);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  const open = r.state !== 'resolved';
  const buttons = ACTIONS.filter((a) => a !== 'escalate' || r.state === 'open').map((a) =>
    h(
      'button',
      {
        type: 'button',
        class: a === 'dismiss' || a === 'escalate' ? 'secondary' : 'danger',
        'data-testid': `report-${a}`,
        onclick: () => act(a),
      },
      t(`reports.action.${a}`),
    ),
  );
  const reporter = r.reporter ? r.reporter.name || r.reporter.id : '?';
  return h(
    'article',
    { class: 'card report', 'data-testid': 'report', 'data-report-id': r.id, 'data-state': r.state },
    h(
      'h2',
      null,
      t(`reports.reason.${r.reason}`),
      ' · ',
      r.room_title || app.roomTitle(r.room),
      ' ',
      h(
        'span',
        { class: `badge state-${r.state}`, 'data-testid': 'report-state' },
        t(`reports.state.${r.state}`),
      ),
      r.hidden ? h('span', { class: 'badge', 'data-testid': 'report-hidden' }, t('reports.hidden')) : null,
    ),
    h(
      'p',
      { class: 'muted' },
      t('reports.by', { name: reporter }),
      ' · ',
      Number.isFinite(r.created_at) ? formatDateTime(r.created_at) : '',
      ' · ',
      tn('reports.reporters', r.reporters || 1),
    ),
    r.note ? h('p', { 'data-testid': 'report-reporter-note' }, `“${r.note}”`) : null,
    snapshotList(r),
    decision(r),
    open ? h('div', { class: 'inline-field' }, field(t('reports.note'), note)) : null,
    open ? h('div', { class: 'button-row' }, ...buttons) : null,
    error,
  );
}

export function renderReports(app, query) {
  let state = readState(query);
  let reports = [];
  let seq = 0;
  const status = h('p', { class: 'muted small', 'data-testid': 'reports-status', role: 'status' });
  const list = h('div', { 'data-testid': 'reports-list' });
  const filter = select(
    { 'data-testid': 'reports-state' },
    STATES.map((s) => [s, t(`reports.filter.${s}`)]),
    state,
  );

  function draw() {
    replace(
      list,
      reports.map((r) => reportCard(app, r, refresh)),
    );
    const failed = state === 'open' && app.reportsError;
    status.textContent = failed ? errorText(app.reportsError) : tn('reports.count', reports.length);
  }

  // "Waiting for a decision" is the console's own list, which it keeps up to date on every
  // report event; the other choices ask the server.
  async function load() {
    const gen = ++seq;
    if (state === 'open') {
      reports = app.openReports;
      draw();
      return;
    }
    try {
      const r = await app.request('report.list', { state });
      if (gen !== seq) return;
      reports = Array.isArray(r.reports) ? r.reports : [];
      draw();
    } catch (err) {
      if (gen === seq) status.textContent = errorText(err);
    }
  }

  filter.addEventListener('change', () => {
    state = filter.value;
    history.replaceState(null, '', `#/reports${state === 'open' ? '' : `?state=${state}`}`);
    window.dispatchEvent(new Event('routereplaced'));
    load();
  });
  // After one's own decision: report.updated brings the open list up to date.
  function refresh() {
    if (state !== 'open') load();
  }
  const off = app.on((topic, f) => {
    if (topic === 'reports' && state === 'open') load();
    const changed =
      topic === 'ready' || (topic === 'event' && (f?.type === 'report.new' || f?.type === 'report.updated'));
    if (changed && state !== 'open') load();
  });
  const el = h(
    'section',
    { 'data-testid': 'reports-view' },
    h('h1', { tabindex: '-1' }, t('reports.title')),
    h('p', { class: 'muted' }, t('reports.intro')),
    h('div', { class: 'card filters' }, field(t('reports.show'), filter)),
    status,
    list,
  );
  load();
  return { el, destroy: off };
}
