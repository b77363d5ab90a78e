// The side panels of a watched room: its state and slow mode, an
// announcement to it, finding a person by email (to act on somebody who is
// not online, such as lifting a ban) and the room's recent moderation.

import { h, field, replace, select } from '/core/dom.js';
import { t, errorText, formatSeconds, formatClock } from '/core/i18n.js';
import { confirmAction } from './dialog.js';
import { eraseAccount, guardianConsent, personButtons } from '../moderate.js';
import { cohortEditor } from './cohort.js';

const MAX_TEXT = 4000;
const MAX_EMAIL = 254;
const SLOW_STEPS = [0, 5, 10, 30, 60, 120, 300, 600];
const RECENT_LIMIT = 100;
const RECENT_SHOWN = 12;
const UNDO = { 'user.mute': 'unmute', 'user.ban': 'unban' };
const UNDONE_BY = { 'user.unmute': 'user.mute', 'user.unban': 'user.ban' };

function button(cls, testid, label, onclick) {
  return h('button', { type: 'button', class: cls, 'data-testid': testid, onclick }, label);
}

// Closing a room cannot be undone: it is confirmed first.
async function closeRoom(app, roomId) {
  const done = await confirmAction({
    title: t('room.close_title', { room: app.roomTitle(roomId) }),
    context: t('room.close_hint'),
    confirm: t('room.close'),
    danger: true,
    run: async () => {
      const r = await app.request('room.close', { room: roomId });
      if (r.room) app.onEvent({ type: 'room.updated', room: r.room });
      return r;
    },
  });
  if (done) app.notify('ok', 'room.closed');
}

// The room's cohort tag. The console's room list follows at once: the server's event
// reaches the rooms page only at its next refresh.
function roomCohort(app, roomId) {
  const tagged = (cohort) => app.onEvent({ type: 'room.updated', room: { id: roomId, cohort } });
  return cohortEditor(null, {
    set: async (name) => {
      await app.request('cohort.set', { cohort: name, rooms: [roomId] });
      tagged(name);
    },
    clear: async () => {
      await app.request('cohort.clear', { rooms: [roomId] });
      tagged(null);
    },
  });
}

// Lock / unlock / close and slow mode. Returns { el, update(room) }.
export function controlsCard(app, roomId) {
  const state = h('span', { class: 'badge', 'data-testid': 'watch-state' });
  const slowNow = h('span', { 'data-testid': 'watch-slowmode' });
  const contactNow = h('span', { 'data-testid': 'watch-contact' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  let room = {};
  let synced = 0; // the slow mode last shown in the select

  // Runs a request on the room; true once done, else the error is shown.
  async function run(type, body) {
    error.hidden = true;
    try {
      const r = await app.request(type, { room: roomId, ...body });
      if (r.room) app.onEvent({ type: 'room.updated', room: r.room });
      return true;
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
      return false;
    }
  }
  const lock = button('secondary', 'room-lock', t('room.lock'), async () => {
    if (await run('room.lock')) app.notify('ok', 'room.locked');
  });
  const unlock = button('secondary', 'room-unlock', t('room.unlock'), async () => {
    if (await run('room.unlock')) app.notify('ok', 'room.unlocked');
  });
  const close = button('danger', 'room-close', t('room.close'), () => closeRoom(app, roomId));
  const slow = select(
    { 'data-testid': 'slowmode-select' },
    SLOW_STEPS.map((s) => [s, s ? formatSeconds(s) : t('rooms.slow_off')]),
    0,
  );
  const apply = button('secondary', 'slowmode-apply', t('room.slow_apply'), async () => {
    const seconds = Number(slow.value);
    if (await run('room.slowmode', { seconds }))
      app.notify('ok', seconds ? 'room.slow_on' : 'room.slow_off', { s: formatSeconds(seconds) });
  });

  // Contact details (emails, phones, links, handles) are refused by default.
  const contact = button('secondary', 'room-contact', t('room.contact_allow'), async () => {
    const allowed = !room.contact_allowed;
    if (await run('room.contact', { allowed }))
      app.notify('ok', allowed ? 'room.contact_on' : 'room.contact_off');
  });

  const cohort = roomCohort(app, roomId);

  const card = h(
    'section',
    { class: 'card', 'aria-labelledby': 'controls-h' },
    h('h2', { id: 'controls-h' }, t('room.controls')),
    h('p', null, t('room.state_now'), ' ', state, ' · ', t('room.slow_now'), ' ', slowNow),
    h('p', null, t('room.contact_now'), ' ', contactNow),
    h('div', { class: 'button-row' }, lock, unlock, close, contact),
    h('div', { class: 'inline-field' }, field(t('room.slow_label'), slow), apply),
    error,
    cohort.el,
  );

  function update(next) {
    room = next || room;
    const s = room.state || 'open';
    state.className = `badge state-${s}`;
    state.textContent = t(`state.${s}`);
    slowNow.textContent = room.slow_mode > 0 ? formatSeconds(room.slow_mode) : t('rooms.slow_off');
    // The choice follows the room only when its slow mode changed: a redraw
    // (a poll, the echo of the last change) must not undo a choice not yet applied.
    if (room.slow_mode !== synced && document.activeElement !== slow && SLOW_STEPS.includes(room.slow_mode)) {
      slow.value = String(room.slow_mode);
      synced = room.slow_mode;
    }
    lock.hidden = s !== 'open';
    unlock.hidden = s !== 'locked';
    contactNow.textContent = t(room.contact_allowed ? 'room.contact_allowed' : 'room.contact_refused');
    contact.textContent = t(room.contact_allowed ? 'room.contact_refuse' : 'room.contact_allow');
    for (const b of [lock, unlock, close, slow, apply, contact]) b.disabled = s === 'closed';
    cohort.set(room.cohort);
  }
  return { el: card, update };
}

// An announcement: to one room, or (no roomId) to every open room after a confirmation.
export function announceCard(app, roomId) {
  const all = !roomId;
  const id = all ? 'announce-all' : 'announce';
  const text = h('textarea', { rows: '3', maxlength: MAX_TEXT, 'data-testid': `${id}-text` });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const send = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': `${id}-submit` },
    t(all ? 'announce.send_all' : 'announce.send'),
  );
  const form = h(
    'form',
    { class: 'card', 'data-testid': `${id}-form`, novalidate: true, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, t(all ? 'announce.all_title' : 'announce.room_title')),
    field(t('announce.text'), text, t(all ? 'announce.all_hint' : 'announce.room_hint')),
    error,
    send,
  );
  const toAll = async (body) => {
    const done = await confirmAction({
      title: t('announce.confirm_all'),
      context: h('blockquote', { class: 'quote' }, body),
      confirm: t('announce.send_all'),
      run: () => app.request('announce', { text: body }),
    });
    if (!done) return;
    text.value = '';
    app.notify('ok', 'announce.done_all', { n: typeof done.rooms === 'number' ? done.rooms : '?' });
  };
  const toRoom = async (body) => {
    send.disabled = true;
    try {
      await app.request('announce', { room: roomId, text: body });
      text.value = '';
      app.notify('ok', 'announce.done_room');
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    } finally {
      send.disabled = false;
    }
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const body = text.value.trim();
    if (!body) {
      error.textContent = t('announce.empty');
      error.hidden = false;
      text.focus();
      return;
    }
    await (all ? toAll(body) : toRoom(body));
  });
  return form;
}

// Whether a parent's or guardian's consent is needed and given, with the button that
// records it (or takes it back); redraw(user) after a change. Nothing when none is needed.
function guardianLine(app, user, redraw) {
  if (!user.guardian || user.guardian === 'none') return null;
  const given = user.guardian === 'given';
  return h(
    'p',
    { class: 'guardian-line' },
    h(
      'span',
      {
        class: `badge ${given ? '' : 'state-escalated'}`,
        'data-testid': 'find-guardian',
        'data-state': user.guardian,
      },
      t(`guardian.${user.guardian}`),
    ),
    ' ',
    button(
      given ? 'act' : 'act primary',
      given ? 'act-guardian-take-back' : 'act-guardian-give',
      t(given ? 'act.guardian_take_back' : 'act.guardian_give'),
      async () => {
        const now = await guardianConsent(app, user, !given);
        if (now) redraw(now);
      },
    ),
  );
}

// The person's cohort, changed in place; redraw(user) after a change.
function personCohort(app, user, redraw) {
  return cohortEditor(user.cohort, {
    set: async (name) => {
      await app.request('cohort.set', { cohort: name, users: [user.id] });
      redraw({ ...user, cohort: name });
    },
    clear: async () => {
      await app.request('cohort.clear', { users: [user.id] });
      redraw({ ...user, cohort: null });
    },
  }).el;
}

// Finds an account by email and offers every action on it.
export function findCard(app, roomId, onDone) {
  const email = h('input', {
    type: 'email',
    maxlength: MAX_EMAIL,
    autocomplete: 'off',
    'data-testid': 'find-email',
  });
  const result = h('div', { class: 'find-result', 'data-testid': 'find-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', 'data-testid': 'find-form', novalidate: true, 'aria-labelledby': 'find-h' },
    h('h2', { id: 'find-h' }, t('find.title')),
    h(
      'div',
      { class: 'inline-field' },
      field(t('find.email'), email),
      h('button', { type: 'submit', class: 'secondary', 'data-testid': 'find-submit' }, t('find.submit')),
    ),
    result,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const address = email.value.trim();
    if (!address) return email.focus();
    replace(result, t('app.loading'));
    const show = (user) =>
      replace(
        result,
        h(
          'p',
          null,
          h('strong', { 'data-testid': 'find-name' }, user.name || user.id),
          ' ',
          h('span', { class: 'badge' }, t(`role.${user.role}`)),
          ' ',
          h('span', { class: 'muted small' }, user.email || ''),
        ),
        guardianLine(app, user, show),
        personCohort(app, user, show),
        personButtons(app, roomId, user, ['mute5', 'mute60', 'unmute', 'kick', 'ban', 'unban'], { onDone }),
        h(
          'button',
          {
            type: 'button',
            class: 'act act-erase',
            'data-testid': 'act-erase',
            onclick: async () => {
              if (await eraseAccount(app, user)) replace(result, t('act.erase.gone'));
            },
          },
          t('act.erase'),
        ),
      );
    try {
      const { user } = await app.request('user.find', { email: address });
      app.remember(user);
      show(user);
    } catch (err) {
      replace(
        result,
        h(
          'p',
          { class: 'form-error', role: 'alert' },
          err.code === 'not_found' ? t('find.none') : errorText(err),
        ),
      );
    }
  });
  return form;
}

// People whose last mute or ban in this room was not lifted, newest first,
// from the room's audit log. Timed ones may have run out already: the log
// says when they began, and lifting an ended one does no harm.
export function recentCard(app, roomId) {
  const list = h('ul', { class: 'plain-list', 'data-testid': 'watch-restricted' });
  const note = h('p', { class: 'muted small' }, t('recent.none'));
  const card = h(
    'section',
    { class: 'card', 'aria-labelledby': 'recent-h' },
    h('h2', { id: 'recent-h' }, t('recent.title')),
    note,
    list,
    h(
      'p',
      { class: 'small' },
      h(
        'a',
        { href: `#/audit?room=${encodeURIComponent(roomId)}`, 'data-testid': 'watch-audit-link' },
        t('recent.audit_link'),
      ),
    ),
  );

  function active(entries) {
    const seen = new Set();
    const out = [];
    for (const e of entries) {
      const kind = UNDONE_BY[e.action] || e.action;
      if (!UNDO[kind] || typeof e.target !== 'string') continue;
      const key = `${kind}|${e.target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // A timed mute or ban that has run out needs no undo.
      if (UNDO[e.action] && !(typeof e.until === 'number' && e.until <= Date.now())) out.push(e);
    }
    return out.slice(0, RECENT_SHOWN);
  }

  async function load() {
    let entries;
    try {
      entries = (await app.request('audit.list', { room: roomId, limit: RECENT_LIMIT })).entries || [];
    } catch {
      return; // kept as it was; the next action or reconnect loads it again
    }
    const rows = active(entries).map((e) => {
      const user = { id: e.target, name: app.nameOf(e.target) || e.target };
      return h(
        'li',
        { 'data-testid': 'restricted', 'data-user-id': e.target, 'data-action': e.action },
        h(
          'span',
          null,
          h('strong', null, user.name),
          ' · ',
          t(`audit.action.${e.action}`),
          ' · ',
          formatClock(e.ts),
        ),
        e.detail ? h('span', { class: 'muted small' }, ` “${e.detail}”`) : null,
        personButtons(app, roomId, user, [UNDO[e.action]], { onDone: load }),
      );
    });
    replace(list, rows);
    note.hidden = rows.length > 0;
  }
  return { el: card, load };
}
