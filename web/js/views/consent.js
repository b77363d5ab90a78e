// Consents, participant side (docs/privacy.md, "Consent"): why joining rooms or asking for
// a mentor is not possible yet, the two boxes of the sign-up form, the banner of an account
// waiting for a guardian's consent, and the two switches of the profile page.

import { h } from '/core/dom.js';
import { t, errorText } from '/core/i18n.js';

// Why the person cannot join rooms now, as a locale key, or null.
export function roomsBlocked(user) {
  if (!user) return null;
  if (user.state === 'pending_consent') return 'consent.pending_rooms';
  if (user.consents && user.consents.rooms === false) return 'consent.no_rooms';
  return null;
}

// Why the person cannot ask for a mentor now, as a locale key, or null.
export function matchingBlocked(user) {
  if (!user) return null;
  if (user.state === 'pending_consent') return 'consent.pending_matching';
  if (user.consents && user.consents.matching === false) return 'consent.no_matching';
  return null;
}

// One labelled checkbox with what it enables under it.
function box(name, checked, label, hint, onchange) {
  const input = h('input', { type: 'checkbox', name, checked, 'data-testid': `consent-${name}`, onchange });
  const hintEl = h('p', { class: 'hint', id: `consent-${name}-hint` }, hint);
  input.setAttribute('aria-describedby', hintEl.id);
  return { input, el: h('div', { class: 'field field-check' }, h('label', null, input, ' ', label), hintEl) };
}

// The sign-up form's two consents, both unticked: { el, value() } with value() the
// register field {rooms, matching}.
export function signupConsents() {
  const rooms = box('rooms', false, t('consent.rooms'), t('consent.rooms_hint'));
  const matching = box('matching', false, t('consent.matching'), t('consent.matching_hint'));
  const el = h(
    'fieldset',
    { class: 'consents', 'data-testid': 'signup-consents' },
    h('legend', null, t('consent.legend')),
    rooms.el,
    matching.el,
  );
  return { el, value: () => ({ rooms: rooms.input.checked, matching: matching.input.checked }) };
}

// The banner of an account waiting for a guardian's consent; hidden otherwise.
export function drawConsentBanner(el, user) {
  const pending = !!user && user.state === 'pending_consent';
  el.hidden = !pending;
  el.textContent = pending ? t('consent.banner') : '';
}

// The profile page's card: the two consents as switches, changed at once.
export function consentCard(app) {
  const status = h('p', { class: 'status-line', role: 'status', 'data-testid': 'consent-status' });
  const c = (app.user && app.user.consents) || { rooms: true, matching: true };
  async function change(what, input) {
    const given = input.checked;
    if (!given && !window.confirm(t(`consent.withdraw_${what}`))) {
      input.checked = true;
      return;
    }
    status.textContent = t('profile.saving');
    try {
      await app.setConsents({ [what]: given });
      status.textContent = t(given ? `consent.given_${what}` : `consent.withdrawn_${what}`);
    } catch (err) {
      input.checked = !given;
      status.textContent = errorText(err);
    }
  }
  const rooms = box('rooms', c.rooms, t('consent.rooms'), t('consent.rooms_hint'), (ev) =>
    change('rooms', ev.target),
  );
  const matching = box('matching', c.matching, t('consent.matching'), t('consent.matching_hint'), (ev) =>
    change('matching', ev.target),
  );
  for (const b of [rooms, matching]) b.input.setAttribute('role', 'switch');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'consent-title', 'data-testid': 'consent-card' },
    h('h2', { id: 'consent-title' }, t('consent.title')),
    h('p', { class: 'muted' }, t('consent.intro')),
    rooms.el,
    matching.el,
    status,
  );
}
