// The page frame around the views: navigation, who is signed in, the
// connection state, notices, announcements, and the screen reader
// announcer for new messages.

import { h, replace, reconcile } from '/core/dom.js';
import { t, languages, getLang, onLangChange, errorText, formatTime, has } from '/core/i18n.js';
import { drawConsentBanner } from './consent.js';

const NOTICE_MS = 10000;
const ANNOUNCE_CHARS = 200;

const $ = (id) => document.getElementById(id);

function drawLangs() {
  replace(
    $('lang-switch'),
    languages().map((l) =>
      h('option', { value: l.code, lang: l.code, selected: l.code === getLang() }, l.name),
    ),
  );
}

function drawUser(app) {
  const signedIn = !!app.token;
  $('nav').hidden = !signedIn;
  $('signout').hidden = !signedIn;
  $('nav-mentorship').parentElement.hidden = !app.user || app.user.role === 'facilitator';
  const who = $('whoami');
  if (app.user) replace(who, app.user.name, ' ', h('span', { class: 'role' }, t(`role.${app.user.role}`)));
  else replace(who);
  drawConsentBanner($('consent-banner'), app.user);
}

function drawStatus(app) {
  const s = app.status;
  const status = $('conn-status');
  const banner = $('conn-banner');
  status.dataset.state = s;
  status.textContent = t(`conn.${s}`);
  const quiet = s === 'online' || (s === 'connecting' && app.conn.generation === 0);
  banner.hidden = quiet;
  banner.dataset.state = s;
  $('conn-banner-text').textContent = t(`conn.banner.${s}`);
  $('conn-retry').hidden = s !== 'reconnecting';
}

function drawNav(key) {
  for (const a of $('nav').querySelectorAll('a')) {
    const target = a.getAttribute('href').replace(/^#\//, '');
    if (key.startsWith(`${target}:`) || (target === 'rooms' && key.startsWith('room:')))
      a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function noticeText(n) {
  if (n.key === 'error') return errorText(n.params);
  const params = Object.assign({}, n.params);
  if (params.until) params.until = formatTime(params.until);
  let text = has(n.key) ? t(n.key, params) : n.key;
  if (params.reason) text += ` ${t('moderated.reason', { reason: params.reason })}`;
  return text;
}

function dismissButton(testid, onclick) {
  return h(
    'button',
    { type: 'button', class: 'icon-button', 'data-testid': testid, 'aria-label': t('app.dismiss'), onclick },
    '×',
  );
}

function noticeNode(app, n) {
  return h(
    'div',
    { class: `notice notice-${n.kind}`, 'data-testid': 'notice' },
    h('p', null, noticeText(n)),
    dismissButton('notice-dismiss', () => app.dismissNotice(n.id)),
  );
}

function announcementNode(app, a) {
  const room = a.room ? app.rooms.get(a.room) : null;
  const head = room ? t('announce.in_room', { room: room.title }) : t('announce.everyone');
  return h(
    'div',
    { class: 'announcement', role: 'alert', 'data-testid': 'announcement' },
    h(
      'div',
      { class: 'announcement-body' },
      h('strong', null, head),
      h('p', { class: 'announcement-text' }, a.text),
      a.from ? h('p', { class: 'announcement-from' }, t('announce.from', { name: a.from })) : null,
    ),
    dismissButton('announcement-dismiss', () => app.dismissAnnouncement(a.id)),
  );
}

// Live regions read out what is inserted: nodes are kept per item (by id)
// so that a redraw does not read old ones again. relabel: the language
// changed, every node is made again.
function liveList(container, make) {
  const cache = new Map();
  return (items, relabel = false) => {
    if (relabel) cache.clear();
    const wanted = new Set(items.map((x) => x.id));
    for (const id of [...cache.keys()]) if (!wanted.has(id)) cache.delete(id);
    reconcile(
      container,
      items.map((x) => {
        if (!cache.has(x.id)) cache.set(x.id, make(x));
        return cache.get(x.id);
      }),
    );
  };
}

// New messages are read out politely, one short line each.
function announce(app, inRoom, room, m) {
  const who = (m.from && m.from.name) || '';
  let text;
  if (inRoom) text = t('announce.message', { name: who, text: m.text.slice(0, ANNOUNCE_CHARS) });
  else {
    const r = app.rooms.get(room);
    text = t('announce.message_elsewhere', { name: who, room: r ? r.title : room });
  }
  const el = $('announcer');
  el.appendChild(h('p', null, text));
  while (el.childNodes.length > 3) el.removeChild(el.firstChild);
}

// Unread counts in the tab title help people who keep the tab in the
// background. Reading a room clears its count and says so with 'rooms'; a
// sign-out ('user') drops every room.
function unreadInTitle(app) {
  app.on((topic) => {
    if (topic !== 'room' && topic !== 'rooms' && topic !== 'user') return;
    let unread = 0;
    for (const rs of app.roomStates.values()) unread += rs.unread;
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = unread ? `(${unread}) ${base}` : base;
  });
}

// Success and information notices go away by themselves after a while.
function dismissLater(app, timers, notice) {
  if (!notice || !notice.id || timers.has(notice.id)) return;
  const timer = setTimeout(() => {
    timers.delete(notice.id);
    app.dismissNotice(notice.id);
  }, NOTICE_MS);
  timers.set(notice.id, timer);
}

export function mountFrame(app, currentKey) {
  const drawNotices = liveList($('notices'), (n) => noticeNode(app, n));
  const drawAnnouncements = liveList($('announcements'), (a) => announcementNode(app, a));
  const timers = new Map();
  app.on((topic, arg) => {
    if (topic === 'status') drawStatus(app);
    else if (topic === 'user') drawUser(app);
    else if (topic === 'announcement') drawAnnouncements(app.announcements);
    else if (topic === 'incoming') announce(app, currentKey() === `room:${arg.room}`, arg.room, arg.message);
    else if (topic === 'notice') {
      drawNotices(app.notices);
      dismissLater(app, timers, arg);
    }
  });

  $('signout').addEventListener('click', () => app.signOut());
  $('conn-retry').addEventListener('click', () => app.conn.reconnectNow());
  window.addEventListener('hashchange', () => drawNav(currentKey()));
  onLangChange(() => {
    drawLangs();
    drawUser(app);
    drawStatus(app);
    drawNotices(app.notices, true);
    drawAnnouncements(app.announcements, true);
    drawNav(currentKey());
  });
  drawLangs();
  drawUser(app);
  drawStatus(app);
  drawNav(currentKey());
  unreadInTitle(app);
}
