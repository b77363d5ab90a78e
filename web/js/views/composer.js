// The composer of a room. Enter sends, Shift+Enter starts a new line. What is
// typed and not sent yet is kept per room (a draft) while the page lives, for
// the person signed in only.

import { h, field } from '/core/dom.js';
import { t, tn, errorText } from '/core/i18n.js';
import { textLength, MAX_TEXT_CHARS } from '../store.js';

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

function isSendKey(ev) {
  return ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && !ev.altKey && !ev.ctrlKey && !ev.metaKey;
}

// Returns { el, setEnabled(on), updateCounter() }; onSent() after a message
// went into the outbox.
export function composer(app, roomId, onSent) {
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
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'composer-error', hidden: true });
  const send = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'composer-send' },
    t('room.send'),
  );
  const form = h(
    'form',
    { class: 'composer', 'data-testid': 'composer', onsubmit: submit },
    field(t('room.composer_label'), input, t('room.composer_hint')),
    h('div', { class: 'composer-actions' }, counter, send),
    error,
  );

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  function updateCounter() {
    const n = textLength(input.value);
    counter.textContent = n >= COUNTER_FROM ? tn('room.chars_left', MAX_TEXT_CHARS - n) : '';
    counter.classList.toggle('over', n > MAX_TEXT_CHARS);
  }

  function submit(ev) {
    ev.preventDefault();
    error.hidden = true;
    const text = input.value;
    if (!text.trim()) return;
    if (textLength(text.trim()) > MAX_TEXT_CHARS)
      return showError(t('room.too_long', { max: MAX_TEXT_CHARS }));
    try {
      app.say(roomId, text);
    } catch (err) {
      return showError(errorText(err));
    }
    input.value = '';
    drafts.delete(roomId);
    updateCounter();
    onSent();
    input.focus();
  }

  input.addEventListener('keydown', (ev) => {
    if (!isSendKey(ev)) return;
    ev.preventDefault();
    form.requestSubmit();
  });
  input.addEventListener('input', () => {
    ownDrafts(app);
    if (!app.token) return;
    if (input.value) drafts.set(roomId, input.value);
    else drafts.delete(roomId);
    updateCounter();
    if (input.value.trim()) app.typing(roomId);
  });

  function setEnabled(on) {
    input.disabled = !on;
    send.disabled = !on;
  }

  return { el: form, setEnabled, updateCounter };
}
