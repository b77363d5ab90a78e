// Profile editor: bio, where one lives and comes from, time zone,
// languages with CEFR levels, skills with levels, and (mentors) capacity.
// The matcher needs at least one language and one skill.

import { h, replace, field } from '/core/dom.js';
import { t, errorText, languageName, countryName, timeZone, getLang } from '/core/i18n.js';
import { COUNTRY_CODES, LANGUAGE_CODES, LEVELS, SKILL_SUGGESTIONS } from '../countries.js';
import { textLength } from '../store.js';
import { consentCard } from './consent.js';

const MAX_LANGUAGES = 10;
const MAX_SKILLS = 20;
const MAX_BIO = 1000;
const MAX_SKILL_NAME = 60;

function emptyModel() {
  return { bio: '', country: '', origin: '', timezone: timeZone(), languages: [], skills: [], capacity: 3 };
}

// Accepts whatever the server returned and keeps only well-formed parts.
export function toModel(p) {
  const m = emptyModel();
  if (!p || typeof p !== 'object') return m;
  if (typeof p.bio === 'string') m.bio = p.bio;
  if (typeof p.country === 'string') m.country = p.country.toUpperCase();
  if (typeof p.origin === 'string') m.origin = p.origin.toUpperCase();
  if (typeof p.timezone === 'string' && p.timezone) m.timezone = p.timezone;
  if (Array.isArray(p.languages))
    m.languages = p.languages
      .filter((l) => l && typeof l.code === 'string')
      .slice(0, MAX_LANGUAGES)
      .map((l) => ({ code: l.code.toLowerCase(), level: LEVELS.includes(l.level) ? l.level : 'B1' }));
  if (Array.isArray(p.skills))
    m.skills = p.skills
      .filter((s) => s && typeof s.name === 'string')
      .slice(0, MAX_SKILLS)
      .map((s) => ({
        name: s.name,
        level: Number.isInteger(s.level) && s.level >= 1 && s.level <= 5 ? s.level : 3,
      }));
  if (Number.isInteger(p.capacity)) m.capacity = p.capacity;
  return m;
}

// Returns [profile, null] or [null, message key].
export function toProfile(m, role) {
  if (textLength(m.bio) > MAX_BIO) return [null, 'profile.err.bio'];
  const languages = [];
  for (const l of m.languages) {
    if (!/^[a-z]{2}$/.test(l.code) || !LEVELS.includes(l.level)) return [null, 'profile.err.language'];
    if (languages.some((x) => x.code === l.code)) return [null, 'profile.err.language_twice'];
    languages.push({ code: l.code, level: l.level });
  }
  const skills = [];
  for (const s of m.skills) {
    const name = s.name.trim();
    if (!name) continue;
    if (textLength(name) > MAX_SKILL_NAME) return [null, 'profile.err.skill'];
    skills.push({ name, level: Number(s.level) });
  }
  const profile = { bio: m.bio.trim(), timezone: m.timezone, languages, skills };
  if (m.country) profile.country = m.country;
  if (m.origin) profile.origin = m.origin;
  if (role === 'mentor') {
    const c = Number(m.capacity);
    if (!Number.isInteger(c) || c < 1 || c > 20) return [null, 'profile.err.capacity'];
    profile.capacity = c;
  }
  return [profile, null];
}

export function countrySelect(value, testid, onchange) {
  const lang = getLang();
  const codes = [...COUNTRY_CODES].sort((a, b) => countryName(a).localeCompare(countryName(b), lang));
  if (value && !codes.includes(value)) codes.unshift(value);
  return h(
    'select',
    { 'data-testid': testid, onchange },
    h('option', { value: '' }, t('profile.choose')),
    codes.map((c) => h('option', { value: c, selected: c === value }, countryName(c))),
  );
}

function timezoneSelect(value, onchange) {
  let zones;
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [timeZone()];
  }
  if (!zones.includes(value)) zones = [value, ...zones];
  return h(
    'select',
    { 'data-testid': 'profile-timezone', onchange },
    zones.map((z) => h('option', { value: z, selected: z === value }, z.replace(/_/g, ' '))),
  );
}

// An input handler that stores the control's value (through convert) in obj[key].
const store =
  (obj, key, convert = (v) => v) =>
  (e) => {
    obj[key] = convert(e.target.value);
  };

function removeButton(testid, onclick) {
  return h(
    'button',
    { type: 'button', class: 'link-button', 'data-testid': testid, onclick },
    t('profile.remove'),
  );
}

// The parts of the form below share `ed`: { model, role, redraw(focusTestId) }.

function languageRow(ed, l, i) {
  const codes = LANGUAGE_CODES.includes(l.code) || !l.code ? LANGUAGE_CODES : [l.code, ...LANGUAGE_CODES];
  const sorted = [...codes].sort((a, b) => languageName(a).localeCompare(languageName(b), getLang()));
  const code = h(
    'select',
    { 'data-testid': 'language-code', onchange: store(l, 'code') },
    h('option', { value: '' }, t('profile.choose')),
    sorted.map((c) => h('option', { value: c, selected: c === l.code }, `${languageName(c)} (${c})`)),
  );
  const level = h(
    'select',
    { 'data-testid': 'language-level', onchange: store(l, 'level') },
    LEVELS.map((v) => h('option', { value: v, selected: v === l.level }, t(`level.${v}`))),
  );
  return h(
    'li',
    { class: 'row', 'data-testid': 'language-row' },
    field(t('profile.language_n', { n: i + 1 }), code),
    field(t('profile.level'), level),
    removeButton('language-remove', () => {
      ed.model.languages.splice(i, 1);
      ed.redraw('language-add');
    }),
  );
}

function skillRow(ed, s, i) {
  const mentor = ed.role === 'mentor';
  const name = h('input', {
    type: 'text',
    value: s.name,
    maxlength: MAX_SKILL_NAME,
    list: 'skill-suggestions',
    'data-testid': 'skill-name',
    oninput: store(s, 'name'),
  });
  const level = h(
    'select',
    { 'data-testid': 'skill-level', onchange: store(s, 'level', Number) },
    [1, 2, 3, 4, 5].map((v) =>
      h(
        'option',
        { value: v, selected: v === s.level },
        t(`profile.skill_level.${mentor ? 'mentor' : 'mentee'}.${v}`),
      ),
    ),
  );
  return h(
    'li',
    { class: 'row', 'data-testid': 'skill-row' },
    field(t('profile.skill_n', { n: i + 1 }), name),
    field(t(mentor ? 'profile.mastery' : 'profile.need'), level),
    removeButton('skill-remove', () => {
      ed.model.skills.splice(i, 1);
      ed.redraw('skill-add');
    }),
  );
}

// Bio, where one lives and comes from, time zone and (mentors) capacity.
function personFields(ed) {
  const m = ed.model;
  const bio = h('textarea', {
    rows: '4',
    maxlength: MAX_BIO,
    'data-testid': 'profile-bio',
    oninput: store(m, 'bio'),
  });
  bio.value = m.bio;
  const capacity = h('input', {
    type: 'number',
    min: '1',
    max: '20',
    step: '1',
    value: m.capacity,
    'data-testid': 'profile-capacity',
    oninput: store(m, 'capacity', Number),
  });
  return [
    field(t('profile.bio'), bio, t('profile.bio_hint')),
    h(
      'div',
      { class: 'grid-2' },
      field(t('profile.country'), countrySelect(m.country, 'profile-country', store(m, 'country'))),
      field(t('profile.origin'), countrySelect(m.origin, 'profile-origin', store(m, 'origin'))),
    ),
    field(t('profile.timezone'), timezoneSelect(m.timezone, store(m, 'timezone'))),
    ed.role === 'mentor' ? field(t('profile.capacity'), capacity, t('profile.capacity_hint')) : null,
  ];
}

// A list of rows (languages or skills) with its add button.
function rowsFieldset({ legend, hint, rows, add, extra }) {
  return h(
    'fieldset',
    null,
    h('legend', null, legend),
    h('p', { class: 'hint' }, hint),
    h('ul', { class: 'rows' }, rows),
    extra,
    h('button', { type: 'button', class: 'secondary', ...add.props, onclick: add.onclick }, add.label),
  );
}

function languagesFieldset(ed) {
  const list = ed.model.languages;
  return rowsFieldset({
    legend: t('profile.languages'),
    hint: t('profile.languages_hint'),
    rows: list.map((l, i) => languageRow(ed, l, i)),
    add: {
      label: t('profile.add_language'),
      props: { 'data-testid': 'language-add', disabled: list.length >= MAX_LANGUAGES },
      onclick: () => {
        list.push({ code: '', level: 'B1' });
        ed.redraw('language-code');
      },
    },
  });
}

function skillsFieldset(ed) {
  const list = ed.model.skills;
  return rowsFieldset({
    legend: t('profile.skills'),
    hint: t(ed.role === 'mentor' ? 'profile.skills_hint_mentor' : 'profile.skills_hint_mentee'),
    rows: list.map((s, i) => skillRow(ed, s, i)),
    extra: h(
      'datalist',
      { id: 'skill-suggestions' },
      SKILL_SUGGESTIONS.map((s) => h('option', { value: s })),
    ),
    add: {
      label: t('profile.add_skill'),
      props: { 'data-testid': 'skill-add', disabled: list.length >= MAX_SKILLS },
      onclick: () => {
        list.push({ name: '', level: 3 });
        ed.redraw('skill-name');
      },
    },
  });
}

function profileForm(ed, status, onsubmit) {
  return h(
    'form',
    { class: 'card profile-form', 'data-testid': 'profile-form', novalidate: true, onsubmit },
    personFields(ed),
    languagesFieldset(ed),
    skillsFieldset(ed),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'profile-save' }, t('profile.save')),
      status,
    ),
  );
}

// "Your data": downloads everything the service stores about the person (account.export).
function dataCard(app) {
  const status = h('p', { class: 'status-line', role: 'status', 'data-testid': 'export-status' });
  const download = async () => {
    status.textContent = t('app.loading');
    try {
      const data = await app.call('account.export');
      delete data.type;
      delete data.re;
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
      );
      const a = h('a', { href: url, download: 'passerelle-my-data.json', hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.textContent = t('data.downloaded');
    } catch (err) {
      status.textContent = errorText(err);
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'data-title' },
    h('h2', { id: 'data-title' }, t('data.title')),
    h('p', { class: 'muted' }, t('data.intro')),
    h(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': 'export-data', onclick: download },
      t('data.download'),
    ),
    status,
  );
}

const ERASE_ERRORS = { forbidden: 'erase.wrong_password', conflict: 'erase.report_open' };

// "Delete my account" (account.delete): the password, and a box ticked on purpose.
function eraseCard(app) {
  const status = h('p', { class: 'status-line', role: 'status', 'data-testid': 'erase-status' });
  const password = h('input', {
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'erase-password',
  });
  const sure = h('input', { type: 'checkbox', 'data-testid': 'erase-confirm' });
  const submit = async (ev) => {
    ev.preventDefault();
    if (!sure.checked) {
      status.textContent = t('erase.need_confirm');
      return;
    }
    status.textContent = t('app.loading');
    try {
      await app.deleteAccount(password.value);
    } catch (err) {
      status.textContent = ERASE_ERRORS[err.code] ? t(ERASE_ERRORS[err.code]) : errorText(err);
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'erase-title' },
    h('h2', { id: 'erase-title' }, t('erase.title')),
    h('p', { class: 'muted' }, t('erase.intro')),
    h(
      'form',
      { class: 'erase-form', onsubmit: submit },
      h('label', {}, t('erase.password'), ' ', password),
      h('label', {}, sure, ' ', t('erase.confirm')),
      h('button', { type: 'submit', class: 'danger', 'data-testid': 'erase-submit' }, t('erase.submit')),
    ),
    status,
  );
}

export function renderProfile(app, saved) {
  const ed = { model: saved || emptyModel(), role: app.user ? app.user.role : 'mentee', redraw: draw };
  let loaded = !!saved;
  const status = h('p', { class: 'status-line', role: 'status', 'data-testid': 'profile-status' });
  const body = h('div', { class: 'profile-body' });

  function setStatus(text, kind = '') {
    status.textContent = text;
    status.className = `status-line ${kind}`;
  }

  function draw(focusTestId) {
    if (!loaded) {
      replace(body, h('p', { class: 'muted' }, t('app.loading')));
      return;
    }
    const form = profileForm(ed, status, save);
    replace(body, form);
    // After adding or removing a row, focus goes to where the person was working.
    if (focusTestId) {
      const all = form.querySelectorAll(`[data-testid="${focusTestId}"]`);
      if (all.length) all[all.length - 1].focus();
    }
  }

  async function save(ev) {
    ev.preventDefault();
    const [profile, problem] = toProfile(ed.model, ed.role);
    if (problem) {
      setStatus(t(problem), 'error');
      return;
    }
    setStatus(t('profile.saving'));
    try {
      ed.model = toModel(await app.setProfile(profile));
      draw();
      const complete = profile.languages.length && profile.skills.length;
      setStatus(complete ? t('profile.saved') : t('profile.saved_incomplete'), 'ok');
    } catch (err) {
      setStatus(errorText(err), 'error');
    }
  }

  async function load() {
    try {
      ed.model = toModel(await app.getProfile());
      loaded = true;
      draw();
    } catch (err) {
      replace(
        body,
        h('p', { class: 'form-error', role: 'alert' }, errorText(err)),
        h('button', { type: 'button', class: 'secondary', onclick: load }, t('app.try_again')),
      );
    }
  }

  const el = h(
    'section',
    { class: 'profile', 'aria-labelledby': 'profile-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'profile-title', tabindex: '-1' }, t('profile.title'))),
    h('p', { class: 'muted' }, t(ed.role === 'mentor' ? 'profile.intro_mentor' : 'profile.intro_mentee')),
    body,
    consentCard(app),
    dataCard(app),
    eraseCard(app),
  );
  draw();
  if (!loaded) load();

  return {
    el,
    title: () => t('profile.title'),
    snapshot: () => (loaded ? ed.model : null),
    destroy() {},
  };
}
