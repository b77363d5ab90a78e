// Entry point of the facilitator console, served by the admin listener.
// Routes (hash): #/rooms, #/room/ID, #/audit?room=ID&action=A&limit=N,
// #/impact?from=DAY&to=DAY&cohort=C&region=R.
// Without a signed-in facilitator every route shows the sign-in screen.
//
// Test hooks (data-testid), kept stable:
//   frame:    conn-status (data-state: connecting|signin|online|reconnecting|offline),
//             conn-banner, conn-retry, lang-switch, whoami, signout, nav-rooms,
//             nav-audit, nav-reports, nav-reports-count, notices, notice
//             (data-kind), notice-dismiss
//   reports:  reports-view, reports-state, reports-status, reports-list, report
//             (data-report-id, data-state), report-state, report-hidden,
//             report-message, report-context, report-reporter-note,
//             report-resolution, report-note, report-dismiss, report-delete,
//             report-mute, report-kick, report-ban, report-escalate
//   sign in:  signin-view, signin-form, signin-email, signin-password,
//             signin-submit, signin-error, secret-toggle, secret-form,
//             secret-input, secret-submit, secret-error
//   rooms:    rooms-view, rooms-summary, rooms-refresh, rooms-show-closed,
//             rooms-show-mentorship, rooms-updated, room-table, room-rows,
//             room-row (data-room-id, data-state), room-open, room-state,
//             room-online, room-activity, room-total, room-slowmode, room-time,
//             create-room-form, create-title, create-topic, create-starts,
//             create-ends, create-submit, create-error, announce-all-form,
//             announce-all-text, announce-all-submit
//   watch:    watch-view (data-room-id), watch-title, watch-error, watch-retry,
//             watch-messages, watch-message (data-message-id, data-user-id,
//             data-state: shown|deleted), watch-message-author,
//             watch-message-text, watch-announcement, watch-system,
//             watch-empty, watch-typing, watch-members, watch-member
//             (data-user-id), message-delete, act-mute5, act-mute60,
//             act-unmute, act-kick, act-ban, act-unban (data-user-id),
//             watch-state, watch-slowmode, watch-contact, room-contact, room-lock, room-unlock, room-close,
//             slowmode-select, slowmode-apply, announce-form, announce-text,
//             announce-submit, watch-restricted, restricted (data-user-id,
//             data-action), watch-audit-link, find-form, find-email,
//             find-submit, find-result, find-name
//   dialog:   action-dialog, action-context, action-duration, action-reason,
//             action-error, action-cancel, action-confirm
//   audit:    audit-view, audit-filters, audit-room, audit-action,
//             audit-limit, audit-refresh, audit-status, audit-table,
//             audit-rows, audit-entry (data-action, data-room-id),
//             audit-action-cell, audit-target, audit-detail
//   impact:   nav-impact, impact-view, impact-filters, impact-from, impact-to,
//             impact-cohort, impact-region, impact-show, impact-print,
//             impact-filter-error, impact-status, impact-sessions,
//             impact-retention, impact-matching (each with -body), impact-error,
//             impact-totals(-KEY), chart-attendance, chart-retention, chart-funnel
//             (svg: bar (data-series, data-value), bar-value, bar-label,
//             bar-group, point (data-value), point-value, point-label,
//             funnel-step), impact-sessions-table, impact-session,
//             impact-session-detail (data-room-id), impact-by-origin,
//             impact-by-residence, impact-country, impact-polls, impact-poll,
//             impact-buckets, impact-cohort-figures(-KEY), impact-retention-table,
//             impact-retention-row, impact-cohort-sessions, impact-funnel-table,
//             impact-funnel-row, impact-match-figures(-KEY), impact-load-table,
//             impact-unmatched-table, impact-need-cohort, impact-sessions-empty
//   cohorts:  cohort-editor (data-cohort), cohort-now, cohort-input,
//             cohort-save, cohort-clear, cohort-error (room card and Find a
//             person), create-cohort

import { Console } from './app.js';
import { h, replace, focusOn, reconcile } from '/core/dom.js';
import { t, has, getLang, setLang, onLangChange, applyStatic, languages, useLocales } from '/core/i18n.js';
import en from './locales/en.js';
import fr from './locales/fr.js';
import { closeDialog } from './views/dialog.js';
import { renderSignin } from './views/signin.js';
import { renderRooms } from './views/rooms.js';
import { renderWatch } from './views/watch.js';
import { renderAudit } from './views/audit.js';
import { renderReports } from './views/reports.js';
import { renderImpact } from './views/impact.js';

useLocales({ en, fr }, { storageKey: 'passerelle.admin.lang' });
const $ = (id) => document.getElementById(id);
const app = new Console();
let view = null;
let viewKey = '';
let countdown = null;

// 'signin' | 'wait' | 'rooms' | 'room:ID' | 'audit:QUERY' | 'reports:QUERY' | 'impact:QUERY'
function currentKey() {
  if (!app.user) return app.conn.hasCredentials ? 'wait' : 'signin';
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  if (path.startsWith('room/')) {
    let id;
    try {
      id = decodeURIComponent(path.slice(5));
    } catch {
      id = '';
    }
    if (id) return `room:${id}`;
  }
  if (path === 'audit') return `audit:${query}`;
  if (path === 'reports') return `reports:${query}`;
  if (path === 'impact') return `impact:${query}`;
  return 'rooms';
}

function build(key) {
  if (key === 'signin') return renderSignin(app);
  if (key === 'wait')
    return {
      el: h('p', { class: 'loading', 'data-testid': 'signing-in' }, t('signin.waiting')),
      destroy() {},
    };
  if (key.startsWith('room:')) return renderWatch(app, key.slice(5));
  if (key.startsWith('audit:')) return renderAudit(app, key.slice(6));
  if (key.startsWith('reports:')) return renderReports(app, key.slice(8));
  if (key.startsWith('impact:')) return renderImpact(app, key.slice(7));
  return renderRooms(app);
}

function route(force = false) {
  const key = currentKey();
  if (!force && key === viewKey) return;
  const moved = key !== viewKey;
  closeDialog();
  if (view) view.destroy();
  viewKey = key;
  view = build(key);
  replace($('main'), view.el);
  drawNav();
  if (moved) focusOn(view.focus || view.el.querySelector('h1') || $('main'));
}

function drawNav() {
  const signedIn = !!app.user;
  $('nav').hidden = !signedIn;
  $('signout').hidden = !signedIn;
  $('whoami').textContent = signedIn
    ? t('app.whoami', { name: app.user.name || app.user.id, role: t(`role.${app.user.role}`) })
    : '';
  const section = viewKey.split(':')[0];
  for (const a of $('nav').querySelectorAll('a')) {
    const target = a.getAttribute('href').slice(2);
    if (target === section || (target === 'rooms' && section === 'room'))
      a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const count = $('nav-reports-count');
  const n = app.openReports.length;
  count.hidden = !n;
  count.textContent = n ? String(n) : '';
}

function drawConn() {
  const s = app.conn.state;
  const status = $('conn-status');
  status.dataset.state = s;
  status.textContent = t(`conn.${s}`);
  const banner = $('conn-banner');
  banner.hidden = s !== 'reconnecting' && s !== 'offline';
  clearInterval(countdown);
  countdown = null;
  if (s === 'reconnecting') {
    const tick = () => {
      const left = Math.max(0, Math.ceil((app.conn.retryAt - Date.now()) / 1000));
      $('conn-banner-text').textContent = t('conn.lost', { s: left });
    };
    tick();
    countdown = setInterval(tick, 1000);
  } else if (s === 'offline') {
    $('conn-banner-text').textContent = t('conn.no_network');
  }
  $('conn-retry').hidden = s !== 'reconnecting';
  document.body.classList.toggle('stale', s !== 'online' && !!app.user);
}

const noticeNodes = new Map();

function noticeNode(n) {
  let text = n.text ? n.key : t(n.key, n.params);
  if (!n.text && !has(n.key)) text = n.key;
  return h(
    'div',
    {
      class: `notice notice-${n.kind}`,
      'data-testid': 'notice',
      'data-kind': n.kind,
      role: n.kind === 'error' ? 'alert' : null,
    },
    h('p', null, text),
    h(
      'button',
      {
        type: 'button',
        class: 'icon-button',
        'data-testid': 'notice-dismiss',
        'aria-label': t('app.dismiss'),
        onclick: () => app.dismiss(n.id),
      },
      '×',
    ),
  );
}

function drawNotices() {
  const keep = new Set(app.notices.map((n) => n.id));
  for (const id of [...noticeNodes.keys()]) if (!keep.has(id)) noticeNodes.delete(id);
  reconcile(
    $('notices'),
    app.notices.map((n) => {
      if (!noticeNodes.has(n.id)) noticeNodes.set(n.id, noticeNode(n));
      return noticeNodes.get(n.id);
    }),
  );
}

function drawStatic() {
  applyStatic();
  document.title = t('app.title');
  const sw = $('lang-switch');
  replace(
    sw,
    languages().map(({ code, name }) => h('option', { value: code, selected: code === getLang() }, name)),
  );
  drawConn();
  drawNav();
}

function boot() {
  drawStatic();
  $('lang-switch').addEventListener('change', (ev) => setLang(ev.target.value));
  $('signout').addEventListener('click', () => app.signOut());
  $('conn-retry').addEventListener('click', () => app.conn.retryNow());
  onLangChange(() => {
    drawStatic();
    noticeNodes.clear();
    drawNotices();
    route(true);
  });
  app.on((topic) => {
    if (topic === 'conn') {
      drawConn();
      route();
    } else if (topic === 'user') {
      route();
      drawNav();
    } else if (topic === 'notices') {
      drawNotices();
    } else if (topic === 'reports') {
      drawNav();
    }
  });
  window.addEventListener('hashchange', () => route());
  // A view rewrote its own address (the audit filters): the page shown is
  // already the one the address names.
  window.addEventListener('routereplaced', () => {
    viewKey = currentKey();
  });
  app.start();
  route();
}

boot();
