// Moderation actions on a person or a message, each behind the confirmation
// dialog: one click opens it, one more (or Enter) does it.

import { h } from '/core/dom.js';
import { t } from '/core/i18n.js';
import { confirmAction } from './views/dialog.js';

const BAN_DURATIONS = [0, 3600, 86400, 7 * 86400]; // 0 = until lifted

// key -> how the request is made. seconds fixed for mutes; bans choose.
export const PERSON_ACTIONS = {
  mute5: { type: 'user.mute', seconds: 300, reason: true },
  mute60: { type: 'user.mute', seconds: 3600, reason: true },
  unmute: { type: 'user.unmute' },
  kick: { type: 'user.kick', reason: true, danger: true },
  ban: { type: 'user.ban', reason: true, durations: BAN_DURATIONS, danger: true },
  unban: { type: 'user.unban' },
};

// Actions offered next to a person who is (or was) in the room.
export const QUICK_ACTIONS = ['mute5', 'mute60', 'kick', 'ban'];

function personName(app, user) {
  return (user && user.name) || app.nameOf(user.id) || user.id;
}

function quote(text) {
  return h('blockquote', { class: 'quote' }, text);
}

// Opens the dialog for action key on user (at least {id}) in room; resolves
// true once done, null when cancelled. context: text shown in the dialog.
export function moderatePerson(app, key, room, user, context) {
  const def = PERSON_ACTIONS[key];
  const name = personName(app, user);
  const title = app.roomTitle(room);
  return confirmAction({
    title: t(`act.${key}.title`, { name, room: title }),
    context: context ? quote(context) : null,
    reason: !!def.reason,
    durations: def.durations,
    confirm: t(`act.${key}`),
    danger: !!def.danger,
    run: async ({ reason, seconds }) => {
      const body = { room, user: user.id };
      if (def.seconds) body.seconds = def.seconds;
      else if (def.durations && seconds > 0) body.seconds = seconds;
      if (def.reason && reason) body.reason = reason;
      await app.request(def.type, body);
      app.notify('ok', `act.${key}.done`, { name });
      return true;
    },
  });
}

export function deleteMessage(app, room, message) {
  const name = personName(app, message.from || { id: '?' });
  return confirmAction({
    title: t('act.delete.title', { name }),
    context: quote(message.text),
    confirm: t('act.delete'),
    danger: true,
    run: async () => {
      // `message` names the message; `id` stays the request's own.
      await app.request('message.delete', { room, message: message.id });
      app.notify('ok', 'act.delete.done', { name });
      return true;
    },
  });
}

// user.delete: the account erased for good, after a dialog that says so.
export function eraseAccount(app, user) {
  const name = personName(app, user);
  return confirmAction({
    title: t('act.erase.title', { name }),
    context: h('p', null, t('act.erase.what')),
    confirm: t('act.erase'),
    danger: true,
    run: async () => {
      await app.request('user.delete', { user: user.id });
      app.notify('ok', 'act.erase.done', { name });
      return true;
    },
  });
}

// Records a parent's or guardian's consent for user (given true) or takes it back, behind
// the dialog; resolves with the user as the server now has it, or null when cancelled.
export function guardianConsent(app, user, given) {
  const name = personName(app, user);
  const key = given ? 'guardian_give' : 'guardian_take_back';
  return confirmAction({
    title: t(`act.${key}.title`, { name }),
    confirm: t(`act.${key}`),
    danger: !given,
    run: async () => {
      const r = await app.request('user.consent', { user: user.id, guardian: given });
      app.notify('ok', `act.${key}.done`, { name });
      return r.user;
    },
  });
}

// A row of buttons for person actions; onDone(key) after one was done.
export function personButtons(app, room, user, keys, { context, onDone } = {}) {
  return h(
    'div',
    { class: 'act-row', role: 'group', 'aria-label': t('act.for', { name: personName(app, user) }) },
    keys.map((key) =>
      h(
        'button',
        {
          type: 'button',
          class: `act act-${key}`,
          'data-testid': `act-${key}`,
          'data-user-id': user.id,
          onclick: async () => {
            if ((await moderatePerson(app, key, room, user, context)) && onDone) onDone(key);
          },
        },
        t(`act.${key}`),
      ),
    ),
  );
}
