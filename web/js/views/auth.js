// Sign in and sign up. The token the server returns is kept by the session
// (localStorage) and sent again with `auth` after every reconnect.

import { h, field } from '/core/dom.js';
import { t, errorText } from '/core/i18n.js';
import { textLength } from '../store.js';
import { countrySelect } from './profile.js';
import { signupConsents } from './consent.js';

const MIN_PASSWORD = 10;
const MAX_NAME = 80;
const MAX_EMAIL = 254;
const MAX_PASSWORD = 256;

function input(props) {
  return h('input', Object.assign({ required: true }, props));
}

function submitting(form, busy) {
  for (const el of form.querySelectorAll('input, select, button')) el.disabled = busy;
  form.setAttribute('aria-busy', busy ? 'true' : 'false');
}

// The form's controls; name and role only to sign up.
function controls(mode) {
  const signup = mode === 'signup';
  const email = input({
    type: 'email',
    name: 'email',
    autocomplete: 'email',
    maxlength: MAX_EMAIL,
    spellcheck: 'false',
    'data-testid': `${mode}-email`,
  });
  const password = input({
    type: 'password',
    name: 'password',
    maxlength: MAX_PASSWORD,
    minlength: signup ? MIN_PASSWORD : null,
    autocomplete: signup ? 'new-password' : 'current-password',
    'data-testid': `${mode}-password`,
  });
  if (!signup) return { email, password };
  const name = input({
    type: 'text',
    name: 'name',
    autocomplete: 'name',
    maxlength: MAX_NAME,
    'data-testid': 'signup-name',
  });
  const role = h(
    'select',
    { name: 'role', 'data-testid': 'signup-role' },
    h('option', { value: 'mentee' }, t('role.mentee.choice')),
    h('option', { value: 'mentor' }, t('role.mentor.choice')),
  );
  // Asked so that young people get the protections meant for them (docs/privacy.md).
  const year = new Date().getFullYear();
  const birthYear = input({
    type: 'number',
    name: 'birth_year',
    inputmode: 'numeric',
    min: '1900',
    max: String(year),
    'data-testid': 'signup-birth-year',
  });
  const country = countrySelect('', 'signup-country');
  return { email, password, name, role, birthYear, country, consents: signupConsents() };
}

// The optional sign-up fields that were filled in, and the two consents (always sent).
function ageFields(c) {
  const out = { consents: c.consents.value() };
  const y = Number(c.birthYear.value);
  if (c.birthYear.value && Number.isInteger(y)) out.birth_year = y;
  if (c.country.value) out.country = c.country.value;
  return out;
}

// What is wrong with the form before anything is sent, or null.
function problem(c, signup) {
  if (signup && !c.name.value.trim()) return t('auth.name_required');
  if (signup && textLength(c.password.value) < MIN_PASSWORD) return t('error.weak_password');
  if (signup && !/^\d{4}$/.test(c.birthYear.value)) return t('auth.birth_year_required');
  if (!c.email.value.trim() || !c.password.value) return t('auth.fields_required');
  return null;
}

function refusal(err, signup) {
  if (err.code === 'unauthorized' && !signup) return t('auth.bad_credentials');
  if (err.code === 'conflict' && signup) return t('auth.email_taken');
  return errorText(err);
}

function otherMode(signup) {
  const [text, href, testid, link] = signup
    ? ['auth.have_account', '#/signin', 'show-signin', 'auth.signin_link']
    : ['auth.no_account', '#/signup', 'show-signup', 'auth.signup_link'];
  return h('p', null, t(text), ' ', h('a', { href, 'data-testid': testid }, t(link)));
}

function authForm(app, mode) {
  const signup = mode === 'signup';
  const c = controls(mode);
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'auth-error', hidden: true });
  const showError = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };

  async function onsubmit(ev) {
    ev.preventDefault();
    showError('');
    const bad = problem(c, signup);
    if (bad) return showError(bad);
    const mail = c.email.value.trim();
    submitting(form, true);
    try {
      if (signup) await app.signUp(c.name.value.trim(), mail, c.password.value, c.role.value, ageFields(c));
      else await app.signIn(mail, c.password.value);
    } catch (err) {
      submitting(form, false);
      showError(refusal(err, signup));
      (signup && err.code === 'weak_password' ? c.password : c.email).focus();
    }
  }

  const form = h(
    'form',
    { class: 'card auth-form', 'data-testid': `${mode}-form`, novalidate: true, onsubmit },
    signup ? field(t('auth.name'), c.name) : null,
    field(t('auth.email'), c.email),
    field(t('auth.password'), c.password, signup ? t('auth.password_hint') : null),
    signup ? field(t('auth.role'), c.role, t('auth.role_hint')) : null,
    signup ? field(t('auth.birth_year'), c.birthYear, t('auth.birth_year_hint')) : null,
    signup ? field(t('auth.country'), c.country) : null,
    signup ? c.consents.el : null,
    error,
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': `${mode}-submit` },
      t(signup ? 'auth.signup_submit' : 'auth.signin_submit'),
    ),
  );
  return form;
}

export function renderAuth(app, mode) {
  const signup = mode === 'signup';
  const el = h(
    'section',
    { class: 'auth', 'aria-labelledby': 'auth-title' },
    h(
      'div',
      { class: 'auth-intro' },
      h('p', { class: 'eyebrow' }, t('auth.programme')),
      h('h1', { id: 'auth-title', tabindex: '-1' }, t(signup ? 'auth.signup_title' : 'auth.signin_title')),
      h('p', { class: 'lead' }, t('auth.intro')),
    ),
    h('div', { class: 'auth-panel' }, authForm(app, mode), otherMode(signup)),
  );

  return {
    el,
    title: () => t(signup ? 'auth.signup_title' : 'auth.signin_title'),
    destroy() {},
  };
}
