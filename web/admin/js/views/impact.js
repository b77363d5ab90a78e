// The Impact page: the programme's figures for a date range, cohort and region, from
// report.sessions, report.cohort and report.matching. Three charts (attendance over the
// sessions, the retention curve of a cohort, the mentorship funnel) and the tables with the
// same numbers. Figures arrive already suppressed: '<5' and 'x' are shown as they are and
// null as '–'; the page never computes a figure. Printable: the navigation and filters are
// left out.
// Filters live in the hash: #/impact?from=2026-01-01&to=2026-02-01&cohort=C&region=Europe

import { h, field, replace, select } from '/core/dom.js';
import { t, errorText, formatDateTime, formatNumber, countryName, getLang } from '/core/i18n.js';
import { barChart, lineChart, funnelChart } from '../charts.js';

export const REGIONS = ['Africa', 'Americas', 'Asia', 'Europe', 'Oceania'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NONE = '–';
const FUNNEL = ['requested', 'offered', 'accepted', 'active', 'lasting'];

// ---------------------------------------------------------------- figures

// A figure as text: '<5' as it is, null (or missing) as '–', numbers in the viewer's language.
export function fig(v, digits = 1) {
  if (v === null || v === undefined) return NONE;
  if (typeof v === 'string') return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) return NONE;
  return new Intl.NumberFormat(getLang(), {
    maximumFractionDigits: digits,
  }).format(v);
}

// A share (0..1) as a percent.
export function pct(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fig(v);
  return new Intl.NumberFormat(getLang(), {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(v);
}

// ---------------------------------------------------------------- filters

function readFilters(query) {
  const p = new URLSearchParams(query || '');
  const day = (k) => (DAY.test(p.get(k) || '') ? p.get(k) : '');
  return {
    from: day('from'),
    to: day('to'),
    cohort: (p.get('cohort') || '').slice(0, 40),
    region: REGIONS.includes(p.get('region')) ? p.get('region') : '',
  };
}

function writeFilters(f) {
  const p = new URLSearchParams();
  for (const k of ['from', 'to', 'cohort', 'region']) if (f[k]) p.set(k, f[k]);
  const q = p.toString();
  history.replaceState(null, '', `#/impact${q ? `?${q}` : ''}`);
  window.dispatchEvent(new Event('routereplaced'));
}

// A day as the report's bound: its midnight UTC.
const dayMs = (s) => (DAY.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN);

// The request fields of the filters (report.cohort adds its cohort itself).
function requestBody(f) {
  const body = {};
  if (f.from) body.from = dayMs(f.from);
  if (f.to) body.to = dayMs(f.to);
  if (f.cohort) body.cohort = f.cohort;
  if (f.region) body.region = f.region;
  return body;
}

function filterForm(filters, onSubmit) {
  const from = h('input', { type: 'date', value: filters.from, 'data-testid': 'impact-from' });
  const to = h('input', { type: 'date', value: filters.to, 'data-testid': 'impact-to' });
  const cohort = select({ 'data-testid': 'impact-cohort' }, [['', t('impact.any_cohort')]], '');
  const region = select(
    { 'data-testid': 'impact-region' },
    [['', t('impact.any_region')], ...REGIONS.map((r) => [r, t(`impact.region.${r}`)])],
    filters.region,
  );
  const error = h('p', {
    class: 'form-error',
    role: 'alert',
    hidden: true,
    'data-testid': 'impact-filter-error',
  });
  const form = h(
    'form',
    { class: 'card filters impact-filters', 'data-testid': 'impact-filters', novalidate: true },
    field(t('impact.from'), from),
    field(t('impact.to'), to),
    field(t('impact.cohort'), cohort),
    field(t('impact.region'), region),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'impact-show' }, t('impact.show')),
    h(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': 'impact-print', onclick: () => window.print() },
      t('impact.print'),
    ),
    error,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.hidden = true;
    if (from.value && to.value && dayMs(to.value) <= dayMs(from.value)) {
      error.textContent = t('impact.to_before_from');
      error.hidden = false;
      return;
    }
    Object.assign(filters, { from: from.value, to: to.value, cohort: cohort.value, region: region.value });
    writeFilters(filters);
    onSubmit();
  });
  // The cohorts the server knows, and the one filtered on even if it has none left.
  function setCohorts(list) {
    const names = list.map((c) => c.name).filter((n) => typeof n === 'string');
    if (filters.cohort && !names.includes(filters.cohort)) names.push(filters.cohort);
    replace(
      cohort,
      h('option', { value: '' }, t('impact.any_cohort')),
      names.map((n) => h('option', { value: n, selected: n === filters.cohort }, n)),
    );
  }
  setCohorts([]);
  return { form, setCohorts };
}

// ---------------------------------------------------------------- tables

// A table: cols [{ key, label, cell(row) }]; caption for assistive technology.
function table(testid, caption, cols, rows, rowTestid) {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'impact-table', 'data-testid': testid },
      h('caption', { class: 'sr-only' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          cols.map((c) => h('th', { scope: 'col' }, c.label)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            { 'data-testid': rowTestid },
            cols.map((c, i) => h(i ? 'td' : 'th', { scope: i ? null : 'row', 'data-col': c.key }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}

const col = (key, label, cell) => ({ key, label, cell });
const at = (r, path) => path.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), r);
const figCol = (key, path, label) => col(key, label, (r) => fig(at(r, path)));
const pctCol = (key, path, label) => col(key, label, (r) => pct(at(r, path)));
const when = (ms) => (typeof ms === 'number' ? formatDateTime(ms) : NONE);

// Key figures as a list of term and value.
function figures(testid, pairs) {
  return h(
    'dl',
    { class: 'impact-figures', 'data-testid': testid },
    pairs.map(([key, label, value]) =>
      h(
        'div',
        { 'data-key': key },
        h('dt', null, label),
        h('dd', { 'data-testid': `${testid}-${key}` }, value),
      ),
    ),
  );
}

function countryCell(code) {
  if (typeof code !== 'string' || !code) return t('impact.country_unknown');
  return `${countryName(code)} (${code})`;
}

// ---------------------------------------------------------------- sessions

function sessionTitle(s) {
  return s.title || s.room;
}

function attendanceChart(sessions) {
  const n = sessions.length;
  return barChart({
    title: t('impact.chart.attendance'),
    desc: t('impact.chart.attendance_desc', { n }),
    categories: sessions.map(sessionTitle),
    series: [
      { key: 'registered', label: t('impact.registered'), values: sessions.map((s) => s.registered) },
      { key: 'attended', label: t('impact.attended'), values: sessions.map((s) => s.attended) },
    ],
    fmt: (v) => fig(v),
    testid: 'chart-attendance',
  });
}

function sessionsTable(sessions) {
  const cols = [
    col('title', t('impact.col.session'), (s) => sessionTitle(s)),
    col('starts_at', t('impact.col.starts'), (s) => when(s.starts_at)),
    col('cohort', t('impact.cohort'), (s) => s.cohort || NONE),
    figCol('registered', 'registered', t('impact.registered')),
    figCol('attended', 'attended', t('impact.attended')),
    pctCol('attendance_rate', 'attendance_rate', t('impact.col.rate')),
    figCol('peak_online', 'peak_online', t('impact.col.peak')),
    figCol('median_online', 'median_online', t('impact.col.median_online')),
    figCol('minutes_median', 'minutes.median', t('impact.col.minutes')),
    pctCol('spoke_share', 'spoke_share', t('impact.col.spoke')),
    figCol('messages_median', 'messages.median', t('impact.col.messages')),
    pctCol('hands_share', 'hands.share', t('impact.col.hands')),
    pctCol('breakout', 'breakout.placed_share', t('impact.col.breakout')),
  ];
  return table('impact-sessions-table', t('impact.sessions'), cols, sessions, 'impact-session');
}

// Everything else about one session, in a disclosure (opened for printing).
function sessionDetail(s) {
  const buckets = at(s, 'messages.buckets') || [];
  const countryCols = [
    col('country', t('impact.col.country'), (r) => countryCell(r.country)),
    figCol('attended', 'attended', t('impact.attended')),
    figCol('spoke', 'spoke', t('impact.col.spoke_n')),
    figCol('minutes_median', 'minutes_median', t('impact.col.minutes')),
  ];
  const pollCols = [
    col('question', t('impact.col.question'), (r) => r.question || r.poll),
    figCol('voters', 'voters', t('impact.col.voters')),
    pctCol('turnout', 'turnout', t('impact.col.turnout')),
  ];
  return h(
    'details',
    { class: 'impact-detail', 'data-testid': 'impact-session-detail', 'data-room-id': s.room },
    h('summary', null, sessionTitle(s)),
    figures('impact-session-figures', [
      ['minutes_total', t('impact.minutes_total'), fig(at(s, 'minutes.total'))],
      [
        'minutes_range',
        t('impact.minutes_range'),
        `${fig(at(s, 'minutes.p25'))} – ${fig(at(s, 'minutes.p75'))}`,
      ],
      ['spoke', t('impact.col.spoke_n'), fig(s.spoke)],
      ['messages_total', t('impact.messages_total'), fig(at(s, 'messages.total'))],
      ['messages_p90', t('impact.messages_p90'), fig(at(s, 'messages.p90'))],
      ['hands_raised', t('impact.hands_raised'), fig(at(s, 'hands.raised'))],
      ['breakout_rounds', t('impact.breakout_rounds'), fig(at(s, 'breakout.rounds'))],
      ['breakout_spoke', t('impact.breakout_spoke'), pct(at(s, 'breakout.spoke_share'))],
    ]),
    h('h4', null, t('impact.messages_dist')),
    table(
      'impact-buckets',
      t('impact.messages_dist'),
      [
        col('label', t('impact.col.messages_n'), (r) => r.label),
        figCol('people', 'people', t('impact.col.people')),
      ],
      buckets,
      'impact-bucket',
    ),
    h('h4', null, t('impact.by_origin')),
    table('impact-by-origin', t('impact.by_origin'), countryCols, s.by_origin || [], 'impact-country'),
    h('h4', null, t('impact.by_residence')),
    table(
      'impact-by-residence',
      t('impact.by_residence'),
      countryCols,
      s.by_residence || [],
      'impact-country',
    ),
    (s.polls || []).length
      ? [
          h('h4', null, t('impact.polls')),
          table('impact-polls', t('impact.polls'), pollCols, s.polls, 'impact-poll'),
        ]
      : null,
  );
}

function drawSessions(box, r) {
  const sessions = Array.isArray(r.sessions) ? r.sessions : [];
  const totals = r.totals || {};
  if (!sessions.length)
    return replace(
      box,
      h('p', { class: 'muted', 'data-testid': 'impact-sessions-empty' }, t('impact.no_sessions')),
    );
  return replace(
    box,
    figures('impact-totals', [
      ['sessions', t('impact.total_sessions'), fig(totals.sessions)],
      ['people', t('impact.total_people'), fig(totals.people)],
      ['attendances', t('impact.total_attendances'), fig(totals.attendances)],
    ]),
    h('figure', { class: 'chart-box' }, attendanceChart(sessions)),
    sessionsTable(sessions),
    sessions.map(sessionDetail),
  );
}

// ---------------------------------------------------------------- cohort

function drawCohort(box, r) {
  const sessions = Array.isArray(r.sessions) ? r.sessions : [];
  const retention = Array.isArray(r.retention) ? r.retention : [];
  const d = r.drop_off || {};
  const steps = retention.map((x) => ({ label: t('impact.at_least', { k: x.sessions }), value: x.people }));
  return replace(
    box,
    figures('impact-cohort-figures', [
      ['roster', t('impact.roster'), fig(r.roster)],
      ['attended_any', t('impact.attended_any'), fig(r.attended_any)],
      ['never', t('impact.never'), fig(r.never)],
      ['attended_first', t('impact.attended_first'), fig(d.attended_first)],
      ['came_back', t('impact.came_back'), fig(d.came_back)],
      ['dropped', t('impact.dropped'), `${fig(d.dropped)} (${pct(d.dropped_share)})`],
      ['one_time', t('impact.one_time'), fig(d.one_time)],
    ]),
    retention.length
      ? h(
          'figure',
          { class: 'chart-box' },
          lineChart({
            title: t('impact.chart.retention'),
            desc: t('impact.chart.retention_desc', { cohort: r.cohort || '' }),
            points: steps,
            fmt: (v) => fig(v),
            testid: 'chart-retention',
          }),
        )
      : null,
    h('h3', null, t('impact.retention_table')),
    table(
      'impact-retention-table',
      t('impact.retention'),
      [
        col('sessions', t('impact.col.at_least'), (x) => t('impact.at_least', { k: x.sessions })),
        figCol('people', 'people', t('impact.col.people')),
        pctCol('share', 'share', t('impact.col.share')),
      ],
      retention,
      'impact-retention-row',
    ),
    h('h3', null, t('impact.cohort_sessions')),
    table(
      'impact-cohort-sessions',
      t('impact.sessions'),
      [
        col('title', t('impact.col.session'), (s) => sessionTitle(s)),
        col('starts_at', t('impact.col.starts'), (s) => when(s.starts_at)),
        figCol('attended', 'attended', t('impact.attended')),
        figCol('first_time', 'first_time', t('impact.col.first_time')),
        figCol('returning', 'returning', t('impact.col.returning')),
      ],
      sessions,
      'impact-cohort-session',
    ),
  );
}

// ---------------------------------------------------------------- matching

function drawMatching(box, r) {
  const funnel = Array.isArray(r.funnel) ? r.funnel : [];
  const byStep = new Map(funnel.map((s) => [s.step, s]));
  const steps = FUNNEL.filter((s) => byStep.has(s)).map((s) => byStep.get(s));
  const ttm = r.time_to_match || {};
  const un = r.unmatched || {};
  return replace(
    box,
    h(
      'figure',
      { class: 'chart-box' },
      funnelChart({
        title: t('impact.chart.funnel'),
        desc: t('impact.chart.funnel_desc'),
        steps: steps.map((s) => ({ label: t(`impact.step.${s.step}`), value: s.people })),
        fmt: (v) => fig(v),
        testid: 'chart-funnel',
      }),
    ),
    table(
      'impact-funnel-table',
      t('impact.funnel'),
      [
        col('step', t('impact.col.step'), (s) => t(`impact.step.${s.step}`)),
        figCol('people', 'people', t('impact.col.people')),
        pctCol('share', 'share', t('impact.col.share')),
        figCol('eligible', 'eligible', t('impact.col.eligible')),
      ],
      steps,
      'impact-funnel-row',
    ),
    figures('impact-match-figures', [
      ['matches', t('impact.matches'), fig(ttm.matches)],
      ['median_hours', t('impact.median_hours'), fig(ttm.median_hours)],
      ['p75_hours', t('impact.p75_hours'), fig(ttm.p75_hours)],
      ['unmatched', t('impact.unmatched'), fig(un.mentees)],
    ]),
    h('h3', null, t('impact.by_load')),
    table(
      'impact-load-table',
      t('impact.by_load'),
      [
        col('load', t('impact.col.load'), (x) => x.load),
        figCol('offers', 'offers', t('impact.col.offers')),
        figCol('accepted', 'accepted', t('impact.col.accepted')),
        figCol('declined', 'declined', t('impact.col.declined')),
        figCol('expired', 'expired', t('impact.col.expired')),
        pctCol('rate', 'rate', t('impact.col.rate_accept')),
      ],
      Array.isArray(r.acceptance_by_load) ? r.acceptance_by_load : [],
      'impact-load-row',
    ),
    h('h3', null, t('impact.unmatched_by')),
    table(
      'impact-unmatched-table',
      t('impact.unmatched_by'),
      [
        col('filter', t('impact.col.filter'), (x) => t(`impact.filter.${x.filter}`)),
        figCol('mentees', 'mentees', t('impact.col.people')),
      ],
      Array.isArray(un.by_filter) ? un.by_filter : [],
      'impact-unmatched-row',
    ),
  );
}

// ---------------------------------------------------------------- page

function section(id, title, intro) {
  const box = h('div', { 'data-testid': `impact-${id}-body` }, h('p', { class: 'muted' }, t('app.loading')));
  const el = h(
    'section',
    { class: 'card impact-section', 'data-testid': `impact-${id}`, 'aria-labelledby': `impact-${id}-h` },
    h('h2', { id: `impact-${id}-h` }, title),
    h('p', { class: 'muted small' }, intro),
    box,
  );
  return { el, box };
}

function failed(box, err) {
  replace(box, h('p', { class: 'form-error', role: 'alert', 'data-testid': 'impact-error' }, errorText(err)));
}

// What the figures cover, in words: the printout leaves the filters out.
function scope(r) {
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const item = (label, value) => t('impact.scope_item', { label: t(label), value });
  const bits = [
    item('impact.cohort', r.cohort ?? t('impact.any_cohort')),
    item('impact.region', r.region ? t(`impact.region.${r.region}`) : t('impact.any_region')),
  ];
  if (typeof r.from === 'number') bits.push(item('impact.from', day(r.from)));
  if (typeof r.to === 'number') bits.push(item('impact.to', day(r.to)));
  return bits;
}

function stamp(r) {
  const bits = scope(r);
  if (typeof r.generated_at === 'number')
    bits.push(t('impact.generated', { time: formatDateTime(r.generated_at) }));
  bits.push(t('impact.min_cell', { n: formatNumber(r.min_cell ?? 5) }));
  return bits.join(' · ');
}

export function renderImpact(app, query) {
  const filters = readFilters(query);
  let seq = 0;
  const status = h('p', { class: 'muted small', 'data-testid': 'impact-status', role: 'status' });
  const sessions = section('sessions', t('impact.sessions'), t('impact.sessions_intro'));
  const cohort = section('retention', t('impact.retention'), t('impact.retention_intro'));
  const matching = section('matching', t('impact.funnel'), t('impact.funnel_intro'));
  const { form, setCohorts } = filterForm(filters, () => load());

  async function one(gen, box, type, body, draw) {
    try {
      const r = await app.request(type, body);
      if (gen !== seq) return null;
      draw(box, r);
      return r;
    } catch (err) {
      if (gen === seq) failed(box, err);
      return null;
    }
  }

  // The newest load wins: answers to older filters are dropped.
  async function load() {
    const gen = ++seq;
    const body = requestBody(filters);
    status.textContent = t('app.loading');
    app
      .request('cohort.list', {})
      .then((r) => gen === seq && setCohorts(Array.isArray(r.cohorts) ? r.cohorts : []))
      .catch(() => {});
    const asked = [
      one(gen, sessions.box, 'report.sessions', body, drawSessions),
      one(gen, matching.box, 'report.matching', body, drawMatching),
    ];
    if (filters.cohort) asked.push(one(gen, cohort.box, 'report.cohort', body, drawCohort));
    else
      replace(
        cohort.box,
        h('p', { class: 'muted', 'data-testid': 'impact-need-cohort' }, t('impact.need_cohort')),
      );
    const answers = await Promise.all(asked);
    if (gen !== seq) return;
    const first = answers.find(Boolean);
    status.textContent = first ? stamp(first) : '';
  }

  // A printout shows every session's details.
  const beforePrint = () => {
    for (const d of view.querySelectorAll('details')) d.open = true;
  };
  window.addEventListener('beforeprint', beforePrint);
  const off = app.on((topic) => {
    if (topic === 'ready') load();
  });
  const view = h(
    'section',
    { class: 'impact-view', 'data-testid': 'impact-view', 'aria-labelledby': 'impact-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'impact-title', tabindex: '-1' }, t('impact.title'))),
    h('p', { class: 'muted' }, t('impact.intro')),
    form,
    status,
    sessions.el,
    cohort.el,
    matching.el,
  );
  if (app.online) load();
  return {
    el: view,
    destroy() {
      off();
      window.removeEventListener('beforeprint', beforePrint);
    },
  };
}
