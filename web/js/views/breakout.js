// Breakout groups, the participant's side. The breakout events move this page
// into its group room and back (hash routes, no reload); a group room shows a
// banner with the prompt, the time left and a button that calls a
// facilitator. Times count down on the server's clock: each event carries
// its `now`, and the difference to this device's clock is kept.

import { h } from '/core/dom.js';
import { t, errorText, formatCountdown } from '/core/i18n.js';

const TICK_MS = 1000;

const roomPath = (id) => `#/room/${encodeURIComponent(id)}`;

function clockOffset(f) {
  return typeof f.now === 'number' ? f.now - Date.now() : 0;
}

// `breakout`: this person's group; the page goes there.
export function onBreakout(app, f) {
  if (!f.group || typeof f.group.id !== 'string' || typeof f.room !== 'string') return;
  app.breakout = {
    room: f.room,
    group: f.group.id,
    prompt: typeof f.prompt === 'string' ? f.prompt : '',
    endsAt: typeof f.ends_at === 'number' ? f.ends_at : null,
    ending: false,
    offset: clockOffset(f),
  };
  app.emit('breakout');
  if (location.hash !== roomPath(f.group.id)) location.hash = roomPath(f.group.id);
}

// `breakout.ending`: back to the session room soon.
export function onBreakoutEnding(app, f) {
  if (typeof f.room !== 'string' || typeof f.group !== 'string') return;
  const b = app.breakout || { room: f.room, group: f.group, prompt: '' };
  app.breakout = { ...b, ending: true, endsAt: f.ends_at, offset: clockOffset(f) };
  app.emit('breakout');
  app.notify('breakout.ending_notice', {}, 'warn');
}

// `breakout.ended`: back to the session room; the group stays as history.
export function onBreakoutEnded(app, f) {
  if (typeof f.room !== 'string') return;
  const group = (app.breakout && app.breakout.group) || f.group;
  app.breakout = null;
  app.emit('breakout');
  if (typeof group === 'string') app.leave(group).catch(() => {});
  app.notify('breakout.back');
  location.hash = roomPath(f.room);
}

// The banner of a group room (hidden in other rooms). Returns { el, draw, destroy }.
export function breakoutBanner(app, roomId) {
  const prompt = h('p', { class: 'breakout-prompt', 'data-testid': 'breakout-prompt' });
  const left = h('p', { class: 'breakout-time', 'data-testid': 'breakout-time' });
  const status = h('p', { class: 'breakout-status', 'data-testid': 'breakout-help-status', role: 'status' });
  const help = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'breakout-help', onclick: callHelp },
    t('breakout.help'),
  );
  const title = h('strong', null, t('breakout.in_group'));
  const el = h(
    'div',
    { class: 'breakout-banner', 'data-testid': 'breakout-banner', hidden: true },
    title,
    prompt,
    left,
    h('div', { class: 'breakout-actions' }, help, status),
  );
  const timer = setInterval(() => tick(), TICK_MS);

  async function callHelp() {
    help.disabled = true;
    status.textContent = '';
    try {
      await app.call('breakout.help', { room: roomId });
      status.textContent = t('breakout.help_sent');
    } catch (err) {
      status.textContent = err.code === 'rate_limited' ? t('breakout.help_wait') : errorText(err);
    } finally {
      help.disabled = false;
    }
  }

  // The room (from rooms.list or the join) knows its session, prompt and end.
  function state() {
    const room = app.rooms.get(roomId);
    const b = app.breakout && app.breakout.group === roomId ? app.breakout : null;
    if (!b && !(room && room.kind === 'breakout')) return null;
    return {
      prompt: b ? b.prompt : room.topic || '',
      endsAt: b && b.endsAt ? b.endsAt : room && room.ends_at,
      offset: b ? b.offset : 0,
      ending: !!(b && b.ending),
      closed: !!(room && room.state === 'closed'),
    };
  }

  function tick() {
    const s = state();
    if (!s || typeof s.endsAt !== 'number' || s.closed) {
      left.textContent = s && s.closed ? t('breakout.closed') : '';
      return;
    }
    const ms = s.endsAt - (Date.now() + s.offset);
    left.textContent = t(s.ending ? 'breakout.ending' : 'breakout.time_left', { time: formatCountdown(ms) });
    left.classList.toggle('breakout-soon', s.ending);
  }

  function draw() {
    const s = state();
    el.hidden = !s;
    if (!s) return;
    prompt.textContent = s.prompt;
    prompt.hidden = !s.prompt;
    help.hidden = s.closed;
    tick();
  }

  return { el, draw, destroy: () => clearInterval(timer) };
}
