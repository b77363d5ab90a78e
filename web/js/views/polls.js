// The polls of a room, in the room view: each open poll as a card to vote on (radio buttons,
// or checkboxes when several choices are allowed; the vote can be changed until the poll
// closes), and the results of closed ones. Returns { el, refresh(), destroy() }.

import { h, replace } from '/core/dom.js';
import { t, errorText } from '/core/i18n.js';
import { pollResults } from '/core/pollresults.js';

function pollCard(app, poll, onVoted) {
  const type = poll.multiple ? 'checkbox' : 'radio';
  const name = `poll-${poll.id}`;
  const mine = new Set(poll.mine || []);
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const flags = [poll.multiple ? t('polls.multiple') : null, poll.anonymous ? t('polls.anonymous') : null];
  const head = h('legend', null, poll.question);
  const note = h('p', { class: 'muted' }, flags.filter(Boolean).join(' · '));
  if (poll.state === 'closed')
    return h(
      'section',
      { class: 'card poll', 'data-testid': 'poll-card', 'data-poll-id': poll.id, 'data-state': 'closed' },
      h('h2', null, poll.question),
      h('p', { class: 'muted' }, t('polls.closed')),
      pollResults(poll),
    );
  const choices = poll.options.map((label, i) =>
    h(
      'label',
      { class: 'poll-choice' },
      h('input', { type, name, value: String(i), checked: mine.has(i), 'data-testid': 'poll-choice' }),
      ` ${label}`,
    ),
  );
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'poll-vote' },
    t(mine.size ? 'polls.change' : 'polls.vote'),
  );
  const status = h(
    'p',
    { class: 'muted', role: 'status', 'data-testid': 'poll-status' },
    mine.size ? t('polls.voted') : '',
  );
  async function vote(ev) {
    ev.preventDefault();
    const options = choices.map((c, i) => (c.firstChild.checked ? i : -1)).filter((i) => i >= 0);
    error.hidden = true;
    submit.disabled = true;
    try {
      const r = await app.call('poll.vote', { poll: poll.id, options });
      onVoted(poll.id, r.mine);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }
  return h(
    'form',
    {
      class: 'card poll',
      'data-testid': 'poll-card',
      'data-poll-id': poll.id,
      'data-state': 'open',
      onsubmit: vote,
    },
    h('fieldset', null, head, note, choices),
    error,
    status,
    submit,
  );
}

export function pollsPanel(app, roomId) {
  const el = h('div', { class: 'polls', 'data-testid': 'polls' });
  const polls = new Map();

  function draw() {
    const list = [...polls.values()].sort((a, b) => (b.created_at || 0) - (a.created_at || 0));
    replace(
      el,
      list.map((p) => pollCard(app, p, onVoted)),
    );
  }
  function onVoted(id, mine) {
    const p = polls.get(id);
    if (p) polls.set(id, { ...p, mine });
    draw();
  }
  // Once per connection the room was joined on: polls made or closed while this page was
  // offline come with the re-join.
  let gen = -1;
  async function refresh() {
    const rs = app.roomState(roomId);
    if (!rs || rs.detached || rs.joinedGen !== app.conn.generation || gen === rs.joinedGen) return;
    gen = rs.joinedGen;
    try {
      const r = await app.call('poll.list', { room: roomId });
      polls.clear();
      for (const p of r.polls || []) polls.set(p.id, p);
      draw();
    } catch {
      gen = -1; // asked again at the room's next change
    }
  }
  const off = app.on((topic, arg) => {
    if (topic === 'room' && arg === roomId) refresh();
    if (topic !== 'poll' || !arg || arg.room !== roomId) return;
    const old = polls.get(arg.id);
    polls.set(arg.id, { ...arg, mine: old ? old.mine : null });
    draw();
  });
  return { el, refresh, destroy: off };
}
