// The polls card of a watched room: a form to ask the room a question, and each poll of the
// session with its counts, live (`poll.results` reaches every admin connection), and a
// button to close it, which shows the results to everyone in the room.

import { h, field, replace } from '/core/dom.js';
import { t, tn, errorText } from '/core/i18n.js';
import { pollResults } from '/core/pollresults.js';

const MAX_QUESTION = 300;
const MAX_OPTIONS = 10;

function createForm(app, roomId, onCreated) {
  const question = h('input', { type: 'text', maxlength: MAX_QUESTION, 'data-testid': 'poll-question' });
  const options = h('textarea', { rows: '4', 'data-testid': 'poll-options' });
  const multiple = h('input', { type: 'checkbox', 'data-testid': 'poll-multiple' });
  const anonymous = h('input', { type: 'checkbox', 'data-testid': 'poll-anonymous' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const send = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'poll-create' },
    t('polls.create'),
  );
  async function submit(ev) {
    ev.preventDefault();
    error.hidden = true;
    send.disabled = true;
    const lines = options.value
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, MAX_OPTIONS + 1);
    try {
      const r = await app.request('poll.create', {
        room: roomId,
        question: question.value,
        options: lines,
        multiple: multiple.checked,
        anonymous: anonymous.checked,
      });
      question.value = '';
      options.value = '';
      onCreated(r.poll);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    } finally {
      send.disabled = false;
    }
  }
  return h(
    'form',
    { novalidate: true, 'data-testid': 'poll-form', onsubmit: submit },
    field(t('polls.question'), question),
    field(t('polls.options'), options, t('polls.options_hint')),
    h('label', { class: 'check' }, multiple, ` ${t('polls.multiple')}`),
    h('label', { class: 'check' }, anonymous, ` ${t('polls.anonymous')}`),
    error,
    send,
  );
}

function pollItem(app, poll) {
  const close = async () => {
    try {
      await app.request('poll.close', { poll: poll.id });
    } catch (err) {
      app.notify('error', 'polls.close_failed', { error: errorText(err) });
    }
  };
  return h(
    'li',
    { class: 'poll', 'data-testid': 'poll-item', 'data-poll-id': poll.id, 'data-state': poll.state },
    h('p', null, h('strong', null, poll.question)),
    h(
      'p',
      { class: 'muted', 'data-testid': 'poll-voters' },
      [
        tn('polls.voters', poll.voters || 0),
        poll.anonymous ? t('polls.anonymous_short') : null,
        t(`polls.state.${poll.state}`),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    pollResults(poll),
    poll.state === 'open'
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-testid': 'poll-close', onclick: close },
          t('polls.close'),
        )
      : null,
  );
}

// Returns { el, load(), destroy() }.
export function pollsCard(app, roomId) {
  const polls = new Map();
  const list = h('ul', { class: 'poll-list', 'data-testid': 'poll-list' });
  // poll.results reaches every console for every room: only this room's redraw the card.
  const put = (p) => {
    if (!p || p.room !== roomId) return;
    polls.set(p.id, p);
    draw();
  };
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'polls-card', 'aria-labelledby': 'polls-h' },
    h('h2', { id: 'polls-h' }, t('polls.title')),
    createForm(app, roomId, put),
    list,
  );
  function draw() {
    const all = [...polls.values()].sort((a, b) => b.created_at - a.created_at);
    replace(
      list,
      all.map((p) => pollItem(app, p)),
    );
  }
  async function load() {
    try {
      const r = await app.request('poll.list', { room: roomId });
      polls.clear();
      for (const p of r.polls || []) polls.set(p.id, p);
      draw();
    } catch {
      // offline: loaded again at the next sign-in
    }
  }
  const off = app.on((topic, arg) => {
    if (topic === 'event' && arg && arg.type === 'poll.results') put(arg.poll);
    else if (topic === 'ready') load();
  });
  if (app.online) load();
  return { el, load, destroy: off };
}
