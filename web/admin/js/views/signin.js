// Sign-in screen: a facilitator account (email and password, checked by the
// server with the same rules and rate limit as the participant sign-in), or
// the bootstrap admin secret for the first start of a deployment.

import { h, field } from '/core/dom.js';
import { t, errorText } from '/core/i18n.js';

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;
const MAX_SECRET = 512;

function signinError(err, wrongKey) {
  if (err.code === 'unauthorized') return t(wrongKey);
  if (err.code === 'forbidden') return t('signin.not_facilitator');
  return errorText(err);
}

// One form: fields, a submit button, an error line; action(values) signs in.
function authForm({ testid, fields, submit, action, wrongKey }) {
  const error = h('p', {
    class: 'form-error',
    role: 'alert',
    'data-testid': `${testid}-error`,
    hidden: true,
  });
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': `${testid}-submit` }, submit);
  const form = h(
    'form',
    { class: 'auth-form', 'data-testid': `${testid}-form`, novalidate: true },
    fields.map(([label, input]) => field(label, input)),
    error,
    button,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const empty = fields.find(([, input]) => !input.value);
    if (empty) {
      error.textContent = t('signin.fill');
      error.hidden = false;
      empty[1].focus();
      return;
    }
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      error.textContent = signinError(err, wrongKey);
      error.hidden = false;
      button.disabled = false;
      fields[fields.length - 1][1].select();
    }
  });
  return form;
}

export function renderSignin(app) {
  const email = h('input', {
    type: 'email',
    name: 'email',
    autocomplete: 'username',
    maxlength: MAX_EMAIL,
    required: true,
    'data-testid': 'signin-email',
  });
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    maxlength: MAX_PASSWORD,
    required: true,
    'data-testid': 'signin-password',
  });
  const secret = h('input', {
    type: 'password',
    name: 'secret',
    autocomplete: 'off',
    maxlength: MAX_SECRET,
    required: true,
    'data-testid': 'secret-input',
  });

  const account = authForm({
    testid: 'signin',
    fields: [
      [t('signin.email'), email],
      [t('signin.password'), password],
    ],
    submit: t('signin.submit'),
    wrongKey: 'signin.wrong',
    action: () => app.conn.signInWithPassword(email.value.trim(), password.value),
  });
  const bootstrap = authForm({
    testid: 'secret',
    fields: [[t('signin.secret'), secret]],
    submit: t('signin.secret_submit'),
    wrongKey: 'signin.wrong_secret',
    action: () => app.conn.signInWithSecret(secret.value),
  });

  const view = h(
    'section',
    { class: 'signin', 'data-testid': 'signin-view', 'aria-labelledby': 'signin-title' },
    h(
      'div',
      { class: 'card' },
      h('h1', { id: 'signin-title', tabindex: '-1' }, t('signin.title')),
      h('p', { class: 'muted' }, t('signin.intro')),
      account,
    ),
    h(
      'details',
      { class: 'card secret', 'data-testid': 'secret-toggle' },
      h('summary', null, t('signin.secret_title')),
      h('p', { class: 'muted' }, t('signin.secret_intro')),
      bootstrap,
    ),
  );
  return { el: view, focus: email, destroy() {} };
}
