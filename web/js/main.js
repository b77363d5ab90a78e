// Entry point of the participant client: starts the session, draws the
// page frame and switches views on hash routes:
//   #/signin, #/signup, #/rooms, #/room/ID, #/profile, #/mentorship
//
// Stable test hooks (data-testid), kept across releases:
//   frame:     conn-status (data-state: online|syncing|connecting|reconnecting|offline),
//              conn-banner, conn-retry, lang-switch, whoami, signout,
//              nav-rooms, nav-profile, nav-mentorship, notices, notice,
//              notice-dismiss, announcement, announcement-dismiss, announcer
//   sign in:   signin-form, signin-email, signin-password, signin-submit,
//              show-signup, auth-error
//   sign up:   signup-form, signup-name, signup-email, signup-password,
//              signup-role (select: mentee|mentor), signup-submit, show-signin
//   rooms:     room-list, room-item (data-room-id, data-state), room-join,
//              room-time, room-online
//   room:      room-view (data-room-id), room-title, room-state-banner,
//              leave-room, gap-notice, load-older, message-list, message
//              (data-message-id or data-nonce, data-state: sent|pending|failed),
//              message-author, message-text, message-status, message-retry,
//              message-discard, typing-indicator, members-list, member
//              (data-user-id), composer, composer-input, composer-send,
//              composer-error
//   profile:   profile-form, profile-bio, profile-country, profile-origin,
//              profile-timezone, profile-capacity, language-row, language-code,
//              language-level, language-add, language-remove, skill-row,
//              skill-name, skill-level, skill-add, skill-remove, profile-save,
//              profile-status
//   matching:  match-status (data-status), match-request, match-cancel,
//              match-error, match-made, match-open-room, offer-list, offer
//              (data-offer-id), offer-score, offer-reasons, offer-accept,
//              offer-decline, offer-decline-reason, offer-decline-confirm

import { App, wsUrl } from './app.js';
import { t, setLang, applyStatic, onLangChange, useLocales } from '/core/i18n.js';
import en from './locales/en.js';
import fr from './locales/fr.js';
import { replace } from '/core/dom.js';
import { mountFrame } from './views/frame.js';
import { renderAuth } from './views/auth.js';
import { renderRooms } from './views/rooms.js';
import { renderRoom } from './views/room.js';
import { forgetDrafts } from './views/composer.js';
import { renderProfile } from './views/profile.js';
import { renderMentorship } from './views/mentorship.js';

const VIEWS = {
  signin: (app) => renderAuth(app, 'signin'),
  signup: (app) => renderAuth(app, 'signup'),
  rooms: (app) => renderRooms(app),
  room: (app, arg) => renderRoom(app, arg),
  profile: (app, arg, saved) => renderProfile(app, saved),
  mentorship: (app) => renderMentorship(app),
};

useLocales({ en, fr }, { storageKey: 'passerelle.lang' });
const app = new App(wsUrl(location));
let current = null;

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const name = parts[0];
  const arg = parts.length > 1 ? decodeURIComponent(parts.slice(1).join('/')) : null;
  if (!app.token) return { name: name === 'signup' ? 'signup' : 'signin', arg: null };
  if (name === 'room' && arg) return { name, arg };
  if (name === 'profile' || name === 'mentorship') return { name, arg: null };
  return { name: 'rooms', arg: null };
}

function show(force = false) {
  const route = parseRoute();
  const key = `${route.name}:${route.arg || ''}`;
  if (current && current.key === key && !force) return;
  const saved = current && current.key === key && current.view.snapshot ? current.view.snapshot() : null;
  const hadFocus = current !== null;
  if (current && current.view.destroy) current.view.destroy();
  const view = VIEWS[route.name](app, route.arg, saved);
  current = { key, view };
  document.body.dataset.view = route.name;
  replace(document.getElementById('main'), view.el);
  document.title = `${view.title()} · Passerelle`;
  // Moving focus to the new heading tells keyboard and screen reader users
  // that the page changed; not on first load, where the browser decides.
  if (hadFocus && !force) {
    const target = view.el.querySelector('[data-autofocus]') || view.el.querySelector('h1');
    if (target) target.focus();
  }
}

function setupLanguage() {
  const select = document.getElementById('lang-switch');
  select.addEventListener('change', () => setLang(select.value));
  onLangChange(() => show(true));
  applyStatic(document);
}

app.on((topic) => {
  if (topic !== 'user') return;
  if (!app.token) forgetDrafts();
  // Without a session every route shows the sign-in form, but the address
  // must not keep the last user's room or page either.
  if (app.token && (location.hash === '' || /^#\/?(signin|signup)?$/.test(location.hash)))
    location.hash = '#/rooms';
  else if (!app.token && !/^#\/?(signin|signup)$/.test(location.hash)) location.hash = '#/signin';
  else show();
});

window.addEventListener('hashchange', () => show());
setupLanguage();
mountFrame(app, () => (current ? current.key : ''));
show();
app.start();

// Never shown as HTML, only for people debugging in the console.
console.info(t('app.footer'));
