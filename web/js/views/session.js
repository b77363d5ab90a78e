// The live session strip of a room: the current agenda item, the facilitator's timer, who
// has the floor, and the raise-hand button. The countdown's text changes every second but
// is not a live region; screen readers hear only its start, the last minute and the end.

import { h } from '/core/dom.js';
import { t, errorText, formatCountdown } from '/core/i18n.js';

const TICK_MS = 1000;
const LAST_MINUTE_MS = 60000;

function agendaText(agenda) {
  if (!agenda || !agenda.items || !agenda.items.length) return '';
  if (agenda.done) return t('session.agenda.done');
  const item = agenda.items[agenda.current];
  if (!item) return '';
  return t('session.agenda.now', {
    title: item.title,
    minutes: item.minutes,
    n: agenda.current + 1,
    total: agenda.items.length,
  });
}

// What screen readers are told about a timer, once each: start, last minute, end.
function timerSpeaker(spoken) {
  let said = { key: null, start: false, minute: false };
  return (timer, left) => {
    const key = timer ? timer.ends_at : null;
    if (key !== said.key) said = { key, start: false, minute: false };
    if (!timer) return;
    if (!said.start) {
      said.start = true;
      spoken.textContent = t('session.timer.started', {
        left: formatCountdown(left),
        label: timer.label || '',
      });
    } else if (!said.minute && left <= LAST_MINUTE_MS && left > 0) {
      said.minute = true;
      spoken.textContent = t('session.timer.last_minute');
    }
  };
}

function handControl(app, roomId) {
  const live = app.session;
  const state = h('span', { class: 'muted', 'data-testid': 'hand-state' });
  const error = h('span', { class: 'form-error', role: 'alert', hidden: true });
  const toggle = async () => {
    error.hidden = true;
    try {
      await live.setHand(roomId, !live.of(roomId).hand.raised);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  const button = h('button', {
    type: 'button',
    class: 'secondary',
    'data-testid': 'hand-button',
    onclick: toggle,
  });
  function draw() {
    const hand = live.of(roomId).hand;
    button.textContent = hand.raised ? t('session.hand.lower') : t('session.hand.raise');
    button.setAttribute('aria-pressed', String(!!hand.raised));
    state.textContent = hand.raised && hand.position ? t('session.hand.position', { n: hand.position }) : '';
  }
  return { el: h('span', { class: 'session-hand' }, button, ' ', state, error), draw };
}

// Returns { el, draw(rs), destroy() }; draw is called with the room's join state.
export function sessionPanel(app, roomId) {
  const live = app.session;
  const agendaEl = h('span', { class: 'session-agenda', 'data-testid': 'session-agenda' });
  const label = h('span', { class: 'session-timer-label', 'data-testid': 'session-timer-label' });
  const clock = h('span', { class: 'session-timer-clock', 'data-testid': 'session-timer', role: 'timer' });
  const timerEl = h('span', { class: 'session-timer', hidden: true }, label, ' ', clock);
  const spoken = h('span', { class: 'sr-only', 'aria-live': 'polite', 'data-testid': 'session-spoken' });
  const floorEl = h('p', { class: 'banner banner-info', 'data-testid': 'session-floor', hidden: true });
  const hand = handControl(app, roomId);
  const speak = timerSpeaker(spoken);
  let ticker = null;
  // Events were missed while the room was left: read the state again for this view.
  live.of(roomId).gen = -1;

  function drawTimer() {
    const s = live.of(roomId);
    const left = live.remaining(roomId);
    timerEl.hidden = left === null;
    label.textContent = s.timer ? s.timer.label || t('session.timer.label') : '';
    clock.textContent = left === null ? '' : formatCountdown(left);
    speak(s.timer, left);
    if (left !== null && !ticker) ticker = setInterval(drawTimer, TICK_MS);
    if (left === null && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  function draw(rs) {
    if (rs && !rs.detached && rs.joinedGen === app.conn.generation) live.load(roomId);
    const s = live.of(roomId);
    agendaEl.textContent = agendaText(s.agenda);
    drawTimer();
    const f = s.floor;
    floorEl.hidden = !f;
    floorEl.textContent = !f
      ? ''
      : live.hasFloor(roomId)
        ? t('session.floor.you')
        : t('session.floor.other', { name: f.name || '?' });
    hand.draw();
  }

  const off = app.on((topic, arg) => {
    if (topic === 'session.timer_ended' && arg === roomId) spoken.textContent = t('session.timer.ended');
  });
  const el = h(
    'div',
    { class: 'session', 'data-testid': 'session-panel' },
    h('div', { class: 'session-bar' }, agendaEl, timerEl, hand.el),
    floorEl,
    spoken,
  );
  return {
    el,
    draw,
    destroy() {
      off();
      if (ticker) clearInterval(ticker);
    },
  };
}
