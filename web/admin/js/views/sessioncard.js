// The live session card of a watched room: the agenda (edited as lines "Title: minutes",
// advanced with Next), the room timer, the raised hands in the order raised with a
// give-the-floor and a lower button each, and who has the floor.

import { h, reconcile } from '/core/dom.js';
import { t, errorText, formatCountdown } from '/core/i18n.js';

const MAX_ITEMS = 30;
const TICK_MS = 1000;
const EVENTS = new Set(['agenda', 'timer', 'timer.stopped', 'timer.ended', 'floor', 'hands']);

function button(cls, testid, label, onclick) {
  return h('button', { type: 'button', class: cls, 'data-testid': testid, onclick }, label);
}

// One part of the card: a heading, its contents and its draw().
function part(titleKey, draw, ...children) {
  return { el: h('div', null, h('h3', null, t(titleKey)), ...children), draw };
}

// "Title: 10" lines into agenda items; throws a message key on a bad line.
export function parseAgenda(text) {
  const items = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(.*\S)\s*:\s*(\d{1,3})$/.exec(line);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 600 || m[1].length > 200)
      throw new Error('session.agenda.bad_line');
    items.push({ title: m[1], minutes: Number(m[2]) });
  }
  if (items.length > MAX_ITEMS) throw new Error('session.agenda.too_many');
  return items;
}

// Agenda: the list with the current item marked, the editor, Next and Clear.
function agendaPart(run, state) {
  const list = h('ol', { class: 'session-items', 'data-testid': 'session-items' });
  const editor = h('textarea', {
    rows: 4,
    'data-testid': 'agenda-editor',
    'aria-label': t('session.agenda.editor'),
    placeholder: t('session.agenda.placeholder'),
  });
  const set = button('secondary', 'agenda-set', t('session.agenda.set'), async () => {
    let items;
    try {
      items = parseAgenda(editor.value);
    } catch (err) {
      return run.fail(t(err.message));
    }
    await run('agenda.set', { items });
  });
  const next = button('secondary', 'agenda-next', t('session.agenda.next'), () => run('agenda.next'));
  const itemTimer = button('secondary', 'agenda-timer', t('session.agenda.item_timer'), () => {
    const item = state.agenda.items[state.agenda.current];
    if (item) run('room.timer', { seconds: item.minutes * 60, label: item.title });
  });
  let drawn = null; // the agenda text last written into the editor
  function draw() {
    const a = state.agenda;
    reconcile(
      list,
      a.items.map((it, i) =>
        h(
          'li',
          { 'aria-current': i === a.current ? 'step' : null, class: i === a.current ? 'current' : null },
          `${it.title} (${it.minutes} min)`,
        ),
      ),
    );
    // Rewritten only when the agenda itself changed, so a draft survives hands and timers.
    const text = a.items.map((it) => `${it.title}: ${it.minutes}`).join('\n');
    if (text !== drawn && document.activeElement !== editor) editor.value = text;
    drawn = text;
    next.disabled = !a.items.length || a.done;
    itemTimer.disabled = a.current === null;
  }
  return part('session.agenda', draw, list, editor, h('p', { class: 'actions' }, set, next, itemTimer));
}

// Timer: what runs, and a start (minutes, label) and stop.
function timerPart(run, state) {
  const now = h('p', { 'data-testid': 'console-timer' });
  const minutes = h('input', {
    type: 'number',
    min: 1,
    max: 120,
    value: 5,
    'aria-label': t('session.timer.minutes'),
  });
  const label = h('input', { type: 'text', maxlength: 100, 'aria-label': t('session.timer.label') });
  const start = button('secondary', 'timer-start', t('session.timer.start'), () =>
    run('room.timer', { seconds: Math.round(Number(minutes.value) * 60), label: label.value.trim() }),
  );
  const stop = button('secondary', 'timer-stop', t('session.timer.stop'), () => run('room.timer.stop'));
  function draw() {
    const tm = state.timer;
    now.textContent = tm
      ? t('session.timer.running', {
          label: tm.label || t('session.timer.label'),
          left: formatCountdown(tm.ends_at - Date.now() - state.offset),
        })
      : t('session.timer.none');
    stop.disabled = !tm;
  }
  return part('session.timer', draw, now, h('p', { class: 'actions' }, minutes, label, start, stop));
}

// Hands in order, and the floor.
function handsPart(run, state) {
  const list = h('ol', { class: 'people', 'data-testid': 'hands-queue' });
  const none = h('li', { class: 'muted' }, t('session.hands.none'));
  const floor = h('p', { 'data-testid': 'console-floor' });
  const take = button('secondary', 'floor-take', t('session.floor.take'), () => run('floor.take'));
  const clearAll = button('secondary', 'hands-clear-all', t('session.hands.clear_all'), () =>
    run('hand.clear'),
  );
  function row(u) {
    return h(
      'li',
      { class: 'person', 'data-testid': 'hand-row', 'data-user-id': u.id },
      h('span', { class: 'person-name' }, u.name || u.id),
      button('secondary', 'floor-give', t('session.floor.give'), () => run('floor.give', { user: u.id })),
      button('link-button', 'hand-clear', t('session.hands.clear'), () => run('hand.clear', { user: u.id })),
    );
  }
  function draw() {
    reconcile(list, state.hands.length ? state.hands.map(row) : [none]);
    floor.textContent = state.floor
      ? t('session.floor.has', { name: state.floor.name || state.floor.id })
      : t('session.floor.nobody');
    take.hidden = !state.floor;
    clearAll.hidden = !state.hands.length;
  }
  return {
    el: h('div', null, h('h3', null, t('session.hands')), list, clearAll, floor, take),
    draw,
  };
}

// Returns { el, load(), onEvent(f), destroy() }.
export function sessionCard(app, roomId) {
  const state = {
    agenda: { items: [], current: null, done: false },
    timer: null,
    floor: null,
    hands: [],
    offset: 0,
  };
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  let ticker = null;
  const run = async (type, body = {}) => {
    error.hidden = true;
    try {
      apply(await app.request(type, { room: roomId, ...body }));
    } catch (err) {
      run.fail(errorText(err));
    }
  };
  run.fail = (text) => {
    error.textContent = text;
    error.hidden = false;
  };
  const parts = [agendaPart(run, state), timerPart(run, state), handsPart(run, state)];

  function draw() {
    for (const p of parts) p.draw();
    if (state.timer && !ticker) ticker = setInterval(() => parts[1].draw(), TICK_MS);
    if (!state.timer && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }
  function apply(r) {
    if (typeof r.server_now === 'number') state.offset = r.server_now - Date.now();
    if (r.session) Object.assign(state, r.session);
    if (Array.isArray(r.hands)) state.hands = r.hands;
    draw();
  }
  function onEvent(f) {
    if (!EVENTS.has(f.type) || f.room !== roomId) return;
    if (typeof f.server_now === 'number') state.offset = f.server_now - Date.now();
    if (f.type === 'agenda') state.agenda = f.agenda;
    else if (f.type === 'timer')
      state.timer = { label: f.label, started_at: f.started_at, ends_at: f.ends_at };
    else if (f.type === 'floor') state.floor = f.user;
    else if (f.type === 'hands') state.hands = f.queue || [];
    else state.timer = null;
    draw();
  }
  const el = h(
    'section',
    { class: 'card session-card', 'data-testid': 'session-card', 'aria-labelledby': 'session-h' },
    h('h2', { id: 'session-h' }, t('session.title')),
    ...parts.map((p) => p.el),
    error,
  );
  draw();
  return {
    el,
    load: () => run('session.get'),
    onEvent,
    destroy: () => clearInterval(ticker),
  };
}
