// The page frame around the views: navigation, who is signed in, the
// connection state, notices, announcements, and the screen reader
// announcer for new messages.

import { h, replace, reconcile } from '/core/dom.js';
import { t, languages, getLang, onLangChange, errorText, formatTime, has } from '/core/i18n.js';

const NOTICE_MS = 10000;
const ANNOUNCE_CHARS = 200;

export function mountFrame(app, currentKey) {
  const $ = (id) => document.getElementById(id);
  const status = $('conn-status');
  const banner = $('conn-banner');
  const bannerText = $('conn-banner-text');
  const langSelect = $('lang-switch');

  function drawLangs() {
    replace(
      langSelect,
      languages().map((l) =>
        h('option', { value: l.code, lang: l.code, selected: l.code === getLang() }, l.name),
      ),
    );
  }

  function drawUser() {
    const signedIn = !!app.token;
    $('nav').hidden = !signedIn;
    $('signout').hidden = !signedIn;
    $('nav-mentorship').parentElement.hidden = !app.user || app.user.role === 'facilitator';
    const who = $('whoami');
    if (app.user) replace(who, app.user.name, ' ', h('span', { class: 'role' }, t(`role.${app.user.role}`)));
    else replace(who);
  }

  function drawStatus() {
    const s = app.status;
    status.dataset.state = s;
    status.textContent = t(`conn.${s}`);
    const quiet = s === 'online' || (s === 'connecting' && app.conn.generation === 0);
    banner.hidden = quiet;
    banner.dataset.state = s;
    bannerText.textContent = t(`conn.banner.${s}`);
    $('conn-retry').hidden = s !== 'reconnecting';
  }

  function drawNav() {
    const key = currentKey();
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

  // Live regions read out what is inserted: nodes are kept per notice so a
  // redraw does not read old notices again.
  const noticeNodes = new Map();
  const announceNodes = new Map();

  function keep(cache, items, make) {
    const wanted = new Set(items.map((x) => x.id));
    for (const id of [...cache.keys()]) if (!wanted.has(id)) cache.delete(id);
    return items.map((x) => {
      if (!cache.has(x.id)) cache.set(x.id, make(x));
      return cache.get(x.id);
    });
  }

  function drawNotices(relabel = false) {
    if (relabel) noticeNodes.clear();
    reconcile(
      $('notices'),
      keep(noticeNodes, app.notices, (n) =>
        h(
          'div',
          { class: `notice notice-${n.kind}`, 'data-testid': 'notice' },
          h('p', null, noticeText(n)),
          h(
            'button',
            {
              type: 'button',
              class: 'icon-button',
              'data-testid': 'notice-dismiss',
              'aria-label': t('app.dismiss'),
              onclick: () => app.dismissNotice(n.id),
            },
            '×',
          ),
        ),
      ),
    );
  }

  function drawAnnouncements(relabel = false) {
    if (relabel) announceNodes.clear();
    reconcile(
      $('announcements'),
      keep(announceNodes, app.announcements, (a) => {
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
          h(
            'button',
            {
              type: 'button',
              class: 'icon-button',
              'data-testid': 'announcement-dismiss',
              'aria-label': t('app.dismiss'),
              onclick: () => app.dismissAnnouncement(a.id),
            },
            '×',
          ),
        );
      }),
    );
  }

  // New messages are read out politely, one short line each.
  function announce(room, m) {
    const inRoom = currentKey() === `room:${room}`;
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

  const timers = new Map();
  app.on((topic, arg) => {
    if (topic === 'status') drawStatus();
    else if (topic === 'user') drawUser();
    else if (topic === 'announcement') drawAnnouncements();
    else if (topic === 'incoming') announce(arg.room, arg.message);
    else if (topic === 'notice') {
      drawNotices();
      if (arg && arg.id && !timers.has(arg.id)) {
        timers.set(
          arg.id,
          setTimeout(() => {
            timers.delete(arg.id);
            app.dismissNotice(arg.id);
          }, NOTICE_MS),
        );
      }
    }
  });

  $('signout').addEventListener('click', () => app.signOut());
  $('conn-retry').addEventListener('click', () => app.conn.reconnectNow());
  window.addEventListener('hashchange', drawNav);
  onLangChange(() => {
    drawLangs();
    drawUser();
    drawStatus();
    drawNotices(true);
    drawAnnouncements(true);
    drawNav();
  });
  drawLangs();
  drawUser();
  drawStatus();
  drawNav();
  // Unread counts in the tab title help people who keep the tab in the background.
  // Reading a room clears its count and says so with 'rooms'; a sign-out
  // ('user') drops every room.
  app.on((topic) => {
    if (topic !== 'room' && topic !== 'rooms' && topic !== 'user') return;
    let unread = 0;
    for (const rs of app.roomStates.values()) unread += rs.unread;
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = unread ? `(${unread}) ${base}` : base;
  });
}
