// The cohort tag of a room or of a person: what it is now, a field to change it and a
// button to remove it. A cohort groups the rooms and people of one programme intake, for
// the Impact page's retention figures. The caller runs the requests (run.set(name),
// run.clear()) and gets the editor back to redraw it with set(cohort).

import { h, field } from '/core/dom.js';
import { t, errorText } from '/core/i18n.js';

export const COHORT_RE = /^[A-Za-z0-9_\-. ]{1,40}$/;

// Whether name is a cohort tag the server takes (after trimming).
export const validCohort = (name) => COHORT_RE.test(name);

// run: { set(name), clear() }, each a promise; returns { el, set(cohort) }.
export function cohortEditor(current, run) {
  const now = h('strong', { 'data-testid': 'cohort-now' });
  const input = h('input', {
    type: 'text',
    maxlength: 40,
    autocomplete: 'off',
    'data-testid': 'cohort-input',
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'cohort-error' });
  const save = h(
    'button',
    { type: 'submit', class: 'secondary', 'data-testid': 'cohort-save' },
    t('cohort.save'),
  );
  const clear = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'cohort-clear' },
    t('cohort.clear'),
  );
  const form = h(
    'form',
    { class: 'cohort-editor', 'data-testid': 'cohort-editor', novalidate: true },
    h('p', null, t('cohort.now'), ' ', now),
    h('div', { class: 'inline-field' }, field(t('cohort.label'), input, t('cohort.hint')), save, clear),
    error,
  );
  let shown = null;

  function set(cohort) {
    shown = typeof cohort === 'string' && cohort ? cohort : null;
    form.dataset.cohort = shown || '';
    now.textContent = shown || t('cohort.none');
    clear.hidden = !shown;
    if (document.activeElement !== input) input.value = shown || '';
  }

  async function act(fn, next) {
    error.hidden = true;
    save.disabled = clear.disabled = true;
    try {
      await fn();
      set(next);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    } finally {
      save.disabled = clear.disabled = false;
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = input.value.trim();
    if (!validCohort(name)) {
      error.textContent = t('cohort.invalid');
      error.hidden = false;
      input.focus();
      return;
    }
    act(() => run.set(name), name);
  });
  clear.addEventListener('click', () => act(() => run.clear(), null));
  set(current);
  return { el: form, set };
}
