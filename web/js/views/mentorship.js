// Mentorship matching, participant side. A mentee asks for a mentor and
// follows the request; a mentor sees offers (score and reasons) and
// accepts or declines. Both land in their private room once matched.

import { h, replace, field } from '/core/dom.js';
import { t, has, errorText, formatTime, formatNumber, languageName, countryName, list } from '/core/i18n.js';
import { matchRoomId, partnerName } from '../matching.js';
import { matchingBlocked } from './consent.js';

const POLL_MS = 15000;
const MAX_REASON = 500;

function describeLanguages(langs) {
  return list((langs || []).map((l) => `${languageName(l.code)} (${t(`level.${l.level}`)})`));
}

function describeSkills(skills, kind) {
  return list((skills || []).map((s) => t(`offer.skill.${kind}`, { name: s.name, level: s.level })));
}

function reasonText(r) {
  const pts = typeof r.points === 'number' ? r.points : 0;
  const sign = pts > 0 ? '+' : '';
  const detail = r.detail ? String(r.detail) : '';
  const code = typeof r.factor === 'string' ? r.factor : '';
  // Factor codes are translated; an unknown one is shown as sent.
  const factor = code && has(`offer.factor.${code}`) ? t(`offer.factor.${code}`) : code;
  return `${sign}${formatNumber(pts)} · ${factor}${detail ? `: ${detail}` : ''}`;
}

function scoreBox(score) {
  return h(
    'div',
    { class: 'score' },
    h('meter', {
      min: '0',
      max: '100',
      low: '40',
      high: '70',
      optimum: '100',
      value: score,
      'aria-label': t('offer.score_name'),
      'data-testid': 'offer-score',
    }),
    h('span', null, t('offer.score', { score: formatNumber(score) })),
  );
}

// Who the mentee is, and why the matcher proposes them.
function offerDetails(offer) {
  const m = offer.mentee || {};
  const where = [];
  if (m.origin) where.push(t('offer.origin', { country: countryName(m.origin) }));
  if (m.country) where.push(t('offer.lives', { country: countryName(m.country) }));
  const line = (label, text) => h('p', null, h('strong', null, label), ' ', text);
  return [
    where.length ? h('p', { class: 'muted' }, where.join(' · ')) : null,
    m.languages && m.languages.length ? line(t('offer.languages'), describeLanguages(m.languages)) : null,
    m.skills && m.skills.length ? line(t('offer.skills'), describeSkills(m.skills, 'need')) : null,
    h(
      'details',
      { class: 'reasons', open: true },
      h('summary', null, t('offer.why')),
      h(
        'ul',
        { 'data-testid': 'offer-reasons' },
        (offer.reasons || []).map((r) => h('li', null, reasonText(r))),
      ),
    ),
    typeof offer.expires_at === 'number'
      ? h('p', { class: 'muted' }, t('offer.expires', { time: formatTime(offer.expires_at) }))
      : null,
  ];
}

// Accept, and decline with an optional reason (asked for in a box that the
// decline button opens).
function offerActions(app, offer, onError) {
  const reason = h('textarea', { rows: '2', maxlength: MAX_REASON, 'data-testid': 'offer-decline-reason' });
  const decline = () => app.matching.decline(offer.id, reason.value.trim()).catch(onError);
  const declineBox = h(
    'div',
    { class: 'decline-box', hidden: true },
    field(t('offer.decline_reason'), reason),
    h(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': 'offer-decline-confirm', onclick: decline },
      t('offer.decline_confirm'),
    ),
  );
  const toggle = (e) => {
    declineBox.hidden = !declineBox.hidden;
    e.currentTarget.setAttribute('aria-expanded', String(!declineBox.hidden));
    if (!declineBox.hidden) reason.focus();
  };
  const accept = () => app.matching.accept(offer.id).catch(onError);
  const buttons = h(
    'div',
    { class: 'form-actions' },
    h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'offer-accept', onclick: accept },
      t('offer.accept'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': 'offer-decline',
        'aria-expanded': 'false',
        onclick: toggle,
      },
      t('offer.decline'),
    ),
  );
  return [buttons, declineBox];
}

function offerCard(app, offer, onError) {
  const name = (offer.mentee && offer.mentee.name) || '?';
  const score = typeof offer.score === 'number' ? offer.score : 0;
  return h(
    'li',
    { class: 'card offer', 'data-testid': 'offer', 'data-offer-id': offer.id },
    h('div', { class: 'offer-head' }, h('h3', null, name), scoreBox(score)),
    offerDetails(offer),
    offerActions(app, offer, onError),
  );
}

// The mentee's request: where it stands and the button to make or cancel it.
// act(fn) runs a request with the view marked busy.
function statusContent(app, role, busy, act) {
  const s = app.matching.status;
  if (role === 'mentor' && s !== 'unavailable')
    return [h('h2', null, t('match.mentor_title')), h('p', { class: 'muted' }, t('match.mentor_explain'))];
  const button = (cls, testid, disabled, fn, label) =>
    h(
      'button',
      { type: 'button', class: cls, 'data-testid': testid, disabled, onclick: () => act(fn) },
      label,
    );
  let action = null;
  const blocked = matchingBlocked(app.user);
  if ((s === 'none' || s === null) && blocked)
    action = [
      button('primary', 'match-request', true, () => {}, t('match.request')),
      h('p', { class: 'muted', 'data-testid': 'match-request-why' }, t(blocked)),
    ];
  else if (s === 'none' || s === null)
    action = button(
      'primary',
      'match-request',
      busy || s === null,
      () => app.matching.request(),
      t('match.request'),
    );
  else if (s === 'queued' || s === 'offered')
    action = button('secondary', 'match-cancel', busy, () => app.matching.cancel(), t('match.cancel'));
  return [
    h('h2', null, t(role === 'mentor' ? 'match.mentor_title' : 'match.mentee_title')),
    h('p', { class: `status-pill status-${s || 'unknown'}` }, t(`match.status.${s || 'unknown'}`)),
    h('p', { class: 'muted' }, t(`match.explain.${s || 'unknown'}`)),
    action,
  ];
}

function matchContent(app, m) {
  const room = matchRoomId(m);
  const name = partnerName(m, app.user);
  const link = {
    class: 'button primary',
    href: `#/room/${encodeURIComponent(room)}`,
    'data-testid': 'match-open-room',
  };
  return [
    h('h2', null, t('match.made_title')),
    h('p', null, name ? t('match.made_with', { name }) : t('match.made')),
    typeof m.score === 'number'
      ? h('p', { class: 'muted' }, t('offer.score', { score: formatNumber(m.score) }))
      : null,
    room ? h('a', link, t('match.open_room')) : null,
  ];
}

// The mentee gets no event while a mentor considers the offer: ask now and then.
function pollWhileWaiting(app, role) {
  return setInterval(() => {
    const s = app.matching.status;
    if (app.ready && s !== 'unavailable' && (s === 'queued' || s === 'offered' || role === 'mentor'))
      app.matching.refresh().catch(() => {});
  }, POLL_MS);
}

export function renderMentorship(app) {
  const role = app.user ? app.user.role : 'mentee';
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'match-error', hidden: true });
  const statusBox = h('div', { class: 'card', 'data-testid': 'match-status' });
  const matchBox = h('div', { class: 'card card-success', 'data-testid': 'match-made', hidden: true });
  const offers = h('ul', { class: 'offer-list', 'data-testid': 'offer-list' });
  const offersSection = h(
    'section',
    { 'aria-labelledby': 'offers-title', hidden: true },
    h('h2', { id: 'offers-title' }, t('offer.title')),
    offers,
  );
  let busy = false;

  function showError(err) {
    replace(error, errorText(err));
    if (err && err.code === 'profile_incomplete')
      error.append(' ', h('a', { href: '#/profile' }, t('match.complete_profile')));
    error.hidden = false;
  }

  async function act(fn) {
    if (busy) return;
    busy = true;
    error.hidden = true;
    draw();
    try {
      await fn();
    } catch (err) {
      showError(err);
    } finally {
      busy = false;
      draw();
    }
  }

  function draw() {
    statusBox.dataset.status = app.matching.status || 'unknown';
    replace(statusBox, statusContent(app, role, busy, act));
    const m = app.matching.match;
    matchBox.hidden = !m;
    if (m) replace(matchBox, matchContent(app, m));
    offersSection.hidden = role !== 'mentor' || app.matching.status === 'unavailable';
    if (offersSection.hidden) return;
    const all = [...app.matching.offers.values()];
    replace(
      offers,
      all.length
        ? all.map((o) => offerCard(app, o, showError))
        : h('li', { class: 'muted' }, t('offer.none')),
    );
  }

  const off = app.on((topic) => {
    if (topic === 'match' || topic === 'status' || topic === 'user') draw();
  });
  const poll = pollWhileWaiting(app, role);
  // A server without matching answers bad_request to match.*: say it plainly.
  app.matching.refresh().catch((err) => {
    if (err.code !== 'bad_request') return showError(err);
    app.matching.status = 'unavailable';
    draw();
  });

  const el = h(
    'section',
    { class: 'mentorship', 'aria-labelledby': 'match-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'match-title', tabindex: '-1' }, t('match.title'))),
    h('p', { class: 'muted' }, t(role === 'mentor' ? 'match.intro_mentor' : 'match.intro_mentee')),
    error,
    matchBox,
    statusBox,
    offersSection,
  );
  draw();

  return {
    el,
    title: () => t('match.title'),
    destroy() {
      off();
      clearInterval(poll);
    },
  };
}
