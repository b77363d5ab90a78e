// The confirmation dialog used by every moderation action: a title that says
// exactly what will happen, the message or person concerned, an optional
// reason (sent to the person with the action), and Confirm / Cancel.
// A native <dialog> opened with showModal(): Escape cancels, focus stays
// inside while it is open and returns to the control that opened it.

import { h, field, select } from '/core/dom.js';
import { t, errorText, formatSeconds } from '/core/i18n.js';

export const MAX_REASON = 500;

let current = null; // the open dialog's cancel function

// The dialog's controls, from the options of confirmAction.
function dialogParts(opts) {
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'action-error', hidden: true });
  const reason = opts.reason
    ? h('input', { type: 'text', maxlength: MAX_REASON, autocomplete: 'off', 'data-testid': 'action-reason' })
    : null;
  const duration = opts.durations
    ? select(
        { 'data-testid': 'action-duration' },
        opts.durations.map((s) => [s, s ? formatSeconds(s) : t('act.no_end')]),
        opts.durations[0],
      )
    : null;
  const ok = h(
    'button',
    { type: 'submit', class: opts.danger ? 'danger' : 'primary', 'data-testid': 'action-confirm' },
    opts.confirm || t('act.confirm'),
  );
  const cancel = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'action-cancel' },
    t('act.cancel'),
  );
  const form = h(
    'form',
    { class: 'dialog-form', novalidate: true },
    h('h2', { id: 'action-dialog-title' }, opts.title),
    opts.context
      ? h('div', { class: 'dialog-context', 'data-testid': 'action-context' }, opts.context)
      : null,
    duration ? field(t('act.duration'), duration) : null,
    reason ? field(t('act.reason'), reason, t('act.reason_hint')) : null,
    error,
    h('div', { class: 'dialog-actions' }, cancel, ok),
  );
  const dialog = h(
    'dialog',
    { class: 'dialog', 'data-testid': 'action-dialog', 'aria-labelledby': 'action-dialog-title' },
    form,
  );
  return { dialog, form, error, reason, duration, ok, cancel };
}

// opts: { title, context (node or text), reason: bool, durations: [seconds]
// (0 = no end), confirm (label), danger: bool, run({reason, seconds}) -> Promise }
// Resolves with run's result, or null when cancelled.
export function confirmAction(opts) {
  if (current) current();
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const { dialog, form, error, reason, duration, ok, cancel } = dialogParts(opts);
    let busy = false;

    function finish(value) {
      if (current === cancelNow) current = null;
      if (dialog.open) dialog.close();
      dialog.remove();
      // The opener may be gone (a person who just left); then the page's main.
      if (opener && opener.isConnected) opener.focus();
      else document.getElementById('main')?.focus();
      resolve(value);
    }
    function cancelNow() {
      if (!busy) finish(null);
    }

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      ok.disabled = true;
      error.hidden = true;
      try {
        const value = await opts.run({
          reason: reason ? reason.value.trim() : '',
          seconds: duration ? Number(duration.value) : 0,
        });
        busy = false;
        finish(value ?? true);
      } catch (err) {
        busy = false;
        ok.disabled = false;
        error.textContent = errorText(err);
        error.hidden = false;
      }
    });
    cancel.addEventListener('click', cancelNow);
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault(); // Escape: closed by us, unless a request is out
      cancelNow();
    });
    current = cancelNow;
    document.body.appendChild(dialog);
    dialog.showModal();
    (reason || ok).focus();
  });
}

// Closes an open dialog, if any (a screen change).
export function closeDialog() {
  if (current) current();
}
