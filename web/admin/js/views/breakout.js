// The breakout card of a watched session room: start groups (how many, for
// how long, with a prompt), the board of the running breakout (each group
// with its members, activity and a watch link), an announcement to every
// group, end now; calls for help are shown at the top of the card and as a
// notice. Watching a group room, the card links back to its session.

import { h, field, reconcile } from '/core/dom.js';
import { t, tn, errorText, formatClock, formatCountdown } from '/core/i18n.js';

const POLL_MS = 15000; // activity counts change without an event
const TICK_MS = 1000;
const HELP_SHOWN = 5;
const MAX_TEXT = 4000;
const MAX_PROMPT = 1000;

const roomLink = (id, label, testid) =>
  h('a', { href: `#/room/${encodeURIComponent(id)}`, 'data-testid': testid }, label);

function numberInput(testid, min, max, value) {
  return h('input', {
    type: 'number',
    min,
    max,
    value,
    required: true,
    'data-testid': testid,
    inputmode: 'numeric',
  });
}

// The start form. onStart(body) sends it.
function startForm(onStart) {
  const groups = numberInput('breakout-groups', 2, 50, 3);
  const minutes = numberInput('breakout-minutes', 1, 240, 20);
  const prompt = h('textarea', { rows: '2', maxlength: MAX_PROMPT, 'data-testid': 'breakout-prompt' });
  const form = h(
    'form',
    { 'data-testid': 'breakout-start-form', novalidate: true },
    field(t('breakout.groups'), groups, t('breakout.groups_hint')),
    field(t('breakout.minutes'), minutes),
    field(t('breakout.prompt'), prompt, t('breakout.prompt_hint')),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'breakout-start' }, t('breakout.start')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onStart({ groups: Number(groups.value), minutes: Number(minutes.value), prompt: prompt.value.trim() });
  });
  return form;
}

function groupRow(g, help) {
  const names = (g.members || []).map((m) => m.name || m.id).join(', ');
  const last =
    typeof g.last_message_at === 'number' ? t('breakout.last', { time: formatClock(g.last_message_at) }) : '';
  return h(
    'li',
    {
      class: help ? 'breakout-group breakout-needs-help' : 'breakout-group',
      'data-testid': 'breakout-group',
      'data-room-id': g.id,
    },
    h('strong', null, t('breakout.group', { n: g.number })),
    ' ',
    roomLink(g.id, t('breakout.watch'), 'breakout-watch'),
    help ? h('span', { class: 'badge badge-warn' }, t('breakout.help_badge', { name: help })) : null,
    h('p', { class: 'muted' }, names || t('breakout.empty')),
    h(
      'p',
      { class: 'muted', 'data-testid': 'breakout-activity' },
      [tn('breakout.online', g.online || 0), tn('breakout.recent', g.messages_recent || 0), last]
        .filter(Boolean)
        .join(' · '),
    ),
  );
}

// The announcement to every group; run(type, fields) sends a request.
function announceForm(app, run) {
  const text = h('textarea', { rows: '2', maxlength: MAX_TEXT, 'data-testid': 'breakout-announce-text' });
  const form = h(
    'form',
    { 'data-testid': 'breakout-announce-form', novalidate: true },
    field(t('breakout.announce'), text),
    h(
      'button',
      { type: 'submit', class: 'secondary', 'data-testid': 'breakout-announce' },
      t('breakout.announce_send'),
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!text.value.trim()) return;
    const r = await run('breakout.announce', { text: text.value.trim() });
    if (r) {
      text.value = '';
      app.notify('ok', 'breakout.announced', { n: r.rooms });
    }
  });
  return form;
}

// The running board: state, prompt, time left, the groups, the announce
// form (kept across redraws, with what is typed in it), end; onEnd() ends it.
function boardNodes(board, calls, { announce, left, onEnd }) {
  const helpOf = new Map();
  for (const c of calls) if (!helpOf.has(c.group.id)) helpOf.set(c.group.id, c.user.name || c.user.id);
  const end = h(
    'button',
    { type: 'button', class: 'danger', 'data-testid': 'breakout-end', hidden: board.state !== 'running' },
    t('breakout.end'),
  );
  end.addEventListener('click', onEnd);
  return [
    h('p', { 'data-testid': 'breakout-state' }, t(`breakout.state_${board.state}`)),
    board.prompt ? h('p', { class: 'quote' }, board.prompt) : null,
    left,
    h(
      'ul',
      { class: 'breakout-board', 'data-testid': 'breakout-board' },
      board.groups.map((g) => groupRow(g, helpOf.get(g.id))),
    ),
    board.state === 'running' ? announce : null,
    end,
  ];
}

// The calls for help, newest first; each made once, so an alert is not read out again.
function helpNodes(calls) {
  return calls
    .slice(0, HELP_SHOWN)
    .map(
      (c) =>
        (c.node ||= h(
          'li',
          { class: 'banner banner-warn', 'data-testid': 'breakout-help-call' },
          t('breakout.help_call', { name: c.user.name || c.user.id, n: c.group.number }),
          ' ',
          roomLink(c.group.id, t('breakout.watch'), 'breakout-help-watch'),
        )),
    );
}

// run(type, fields): a request on the room; its answer, or null with the
// error shown in the error element.
function requester(app, roomId, error) {
  return async (type, fields) => {
    error.hidden = true;
    try {
      return await app.request(type, { room: roomId, ...fields });
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
      return null;
    }
  };
}

function timeLeft(board) {
  if (!board || board.state === 'ended' || typeof board.ends_at !== 'number') return '';
  const key = board.state === 'ending' ? 'breakout.back_in' : 'breakout.left';
  return t(key, { time: formatCountdown(board.ends_at - Date.now()) });
}

// The events of the room's breakout: on.ready(), on.rooms(), on.board(breakout),
// on.help(f).
function listen(app, roomId, on) {
  return app.on((topic, f) => {
    if (topic === 'ready') on.ready();
    if (topic === 'rooms') on.rooms();
    if (topic !== 'event' || !f) return;
    if (f.type === 'breakout.updated' && f.room === roomId) on.board(f.breakout);
    else if (f.type === 'breakout.help' && (f.room === roomId || (f.group && f.group.id === roomId)))
      on.help(f);
  });
}

// The card's fixed parts: { el, body, helps, error, left }.
function cardShell() {
  const parts = {
    body: h('div', { 'data-testid': 'breakout-body' }),
    helps: h('ul', { class: 'breakout-helps', 'data-testid': 'breakout-helps', role: 'alert' }),
    error: h('p', { class: 'form-error', role: 'alert', hidden: true }),
    left: h('p', { class: 'breakout-time', 'data-testid': 'breakout-left' }),
  };
  parts.el = h(
    'section',
    { class: 'card breakout-card', 'data-testid': 'breakout-card', 'aria-labelledby': 'breakout-h' },
    h('h2', { id: 'breakout-h' }, t('breakout.title')),
    parts.helps,
    parts.error,
    parts.body,
  );
  return parts;
}

export function breakoutCard(app, roomId) {
  const { el, body, helps, error, left } = cardShell();
  const calls = []; // newest first: {user, group}
  let board = null;
  const run = requester(app, roomId, error);
  let kind = (app.rooms.get(roomId) || {}).kind;

  // A request whose answer is the new board.
  async function act(type, fields) {
    const r = await run(type, fields);
    if (r) board = r.breakout;
    draw();
  }

  // Made once, so that redraws keep what is typed in them.
  const start = startForm((fields) => act('breakout.start', fields));
  const announce = announceForm(app, run);

  async function load() {
    const info = app.rooms.get(roomId) || {};
    if (info.kind === 'breakout') return draw();
    await act('breakout.status');
  }

  // reconcile, not replace: the forms made once keep their focus and what is typed.
  function draw() {
    const info = app.rooms.get(roomId) || {};
    const show = (...nodes) => reconcile(body, nodes.filter(Boolean));
    reconcile(helps, helpNodes(calls));
    if (info.kind === 'breakout') {
      error.hidden = true; // a status asked before the room was known
      show(
        info.parent ? h('p', null, roomLink(info.parent, t('breakout.session'), 'breakout-session')) : null,
      );
    } else if (board && board.state !== 'ended') {
      const onEnd = () => act('breakout.end');
      show(...boardNodes(board, calls, { announce, left, onEnd }));
      tick();
    } else {
      show(
        board ? h('p', { class: 'muted', 'data-testid': 'breakout-state' }, t('breakout.state_ended')) : null,
        start,
      );
    }
  }

  const tick = () => (left.textContent = timeLeft(board));

  function onHelp(f) {
    if (!f.group || !f.user) return;
    calls.unshift({ user: f.user, group: f.group });
    draw();
  }

  const off = listen(app, roomId, {
    ready: load,
    rooms: () => {
      const now = (app.rooms.get(roomId) || {}).kind;
      if (now !== kind) draw();
      kind = now;
    },
    board: (b) => {
      board = b;
      draw();
    },
    help: onHelp,
  });
  const poll = setInterval(() => {
    if (board && board.state !== 'ended' && app.online) load();
  }, POLL_MS);
  const ticker = setInterval(tick, TICK_MS);
  if (app.online) load();
  else draw();
  return {
    el,
    destroy() {
      off();
      clearInterval(poll);
      clearInterval(ticker);
    },
  };
}
