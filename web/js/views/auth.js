// Sign in and sign up. The token the server returns is kept by the session
// (localStorage) and sent again with `auth` after every reconnect.

import { h, field } from '/core/dom.js';
import { t, errorText } from '/core/i18n.js';
import { textLength } from '../store.js';

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

export function renderAuth(app, mode) {
  const signup = mode === 'signup';
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'auth-error', hidden: true });
  const showError = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };

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
  const name = signup
    ? input({
        type: 'text',
        name: 'name',
        autocomplete: 'name',
        maxlength: MAX_NAME,
        'data-testid': 'signup-name',
      })
    : null;
  const role = signup
    ? h(
        'select',
        { name: 'role', 'data-testid': 'signup-role' },
        h('option', { value: 'mentee' }, t('role.mentee.choice')),
        h('option', { value: 'mentor' }, t('role.mentor.choice')),
      )
    : null;

  async function onsubmit(ev) {
    ev.preventDefault();
    showError('');
    const mail = email.value.trim();
    if (signup) {
      if (!name.value.trim()) return showError(t('auth.name_required'));
      if (textLength(password.value) < MIN_PASSWORD) return showError(t('error.weak_password'));
    }
    if (!mail || !password.value) return showError(t('auth.fields_required'));
    submitting(form, true);
    try {
      if (signup) await app.signUp(name.value.trim(), mail, password.value, role.value);
      else await app.signIn(mail, password.value);
    } catch (err) {
      submitting(form, false);
      if (err.code === 'unauthorized' && !signup) showError(t('auth.bad_credentials'));
      else if (err.code === 'conflict' && signup) showError(t('auth.email_taken'));
      else showError(errorText(err));
      (signup && err.code === 'weak_password' ? password : email).focus();
    }
  }

  const form = h(
    'form',
    { class: 'card auth-form', 'data-testid': `${mode}-form`, novalidate: true, onsubmit },
    signup ? field(t('auth.name'), name) : null,
    field(t('auth.email'), email),
    field(t('auth.password'), password, signup ? t('auth.password_hint') : null),
    signup ? field(t('auth.role'), role, t('auth.role_hint')) : null,
    error,
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': `${mode}-submit` },
      t(signup ? 'auth.signup_submit' : 'auth.signin_submit'),
    ),
  );

  const other = signup
    ? h(
        'p',
        null,
        t('auth.have_account'),
        ' ',
        h('a', { href: '#/signin', 'data-testid': 'show-signin' }, t('auth.signin_link')),
      )
    : h(
        'p',
        null,
        t('auth.no_account'),
        ' ',
        h('a', { href: '#/signup', 'data-testid': 'show-signup' }, t('auth.signup_link')),
      );

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
    h('div', { class: 'auth-panel' }, form, other),
  );

  return {
    el,
    title: () => t(signup ? 'auth.signup_title' : 'auth.signin_title'),
    destroy() {},
  };
}
