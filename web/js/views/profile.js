// Profile editor: bio, where one lives and comes from, time zone,
// languages with CEFR levels, skills with levels, and (mentors) capacity.
// The matcher needs at least one language and one skill.

import { h, replace, field } from '/core/dom.js';
import { t, errorText, languageName, countryName, timeZone, getLang } from '/core/i18n.js';
import { COUNTRY_CODES, LANGUAGE_CODES, LEVELS, SKILL_SUGGESTIONS } from '../countries.js';
import { textLength } from '../store.js';

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

function countrySelect(value, testid, onchange) {
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

export function renderProfile(app, saved) {
  const role = app.user ? app.user.role : 'mentee';
  let model = saved || emptyModel();
  let loaded = !!saved;
  const status = h('p', { class: 'status-line', role: 'status', 'data-testid': 'profile-status' });
  const body = h('div', { class: 'profile-body' });

  function setStatus(text, kind = '') {
    status.textContent = text;
    status.className = `status-line ${kind}`;
  }

  function languageRow(l, i) {
    const codes = LANGUAGE_CODES.includes(l.code) || !l.code ? LANGUAGE_CODES : [l.code, ...LANGUAGE_CODES];
    const sorted = [...codes].sort((a, b) => languageName(a).localeCompare(languageName(b), getLang()));
    const code = h(
      'select',
      {
        'data-testid': 'language-code',
        onchange: (e) => {
          l.code = e.target.value;
        },
      },
      h('option', { value: '' }, t('profile.choose')),
      sorted.map((c) => h('option', { value: c, selected: c === l.code }, `${languageName(c)} (${c})`)),
    );
    const level = h(
      'select',
      {
        'data-testid': 'language-level',
        onchange: (e) => {
          l.level = e.target.value;
        },
      },
      LEVELS.map((v) => h('option', { value: v, selected: v === l.level }, t(`level.${v}`))),
    );
    return h(
      'li',
      { class: 'row', 'data-testid': 'language-row' },
      field(t('profile.language_n', { n: i + 1 }), code),
      field(t('profile.level'), level),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          'data-testid': 'language-remove',
          onclick: () => {
            model.languages.splice(i, 1);
            draw('language-add');
          },
        },
        t('profile.remove'),
      ),
    );
  }

  function skillRow(s, i) {
    const name = h('input', {
      type: 'text',
      value: s.name,
      maxlength: MAX_SKILL_NAME,
      list: 'skill-suggestions',
      'data-testid': 'skill-name',
      oninput: (e) => {
        s.name = e.target.value;
      },
    });
    const level = h(
      'select',
      {
        'data-testid': 'skill-level',
        onchange: (e) => {
          s.level = Number(e.target.value);
        },
      },
      [1, 2, 3, 4, 5].map((v) =>
        h(
          'option',
          { value: v, selected: v === s.level },
          t(`profile.skill_level.${role === 'mentor' ? 'mentor' : 'mentee'}.${v}`),
        ),
      ),
    );
    return h(
      'li',
      { class: 'row', 'data-testid': 'skill-row' },
      field(t('profile.skill_n', { n: i + 1 }), name),
      field(t(role === 'mentor' ? 'profile.mastery' : 'profile.need'), level),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          'data-testid': 'skill-remove',
          onclick: () => {
            model.skills.splice(i, 1);
            draw('skill-add');
          },
        },
        t('profile.remove'),
      ),
    );
  }

  function draw(focusTestId) {
    if (!loaded) {
      replace(body, h('p', { class: 'muted' }, t('app.loading')));
      return;
    }
    const bio = h('textarea', {
      rows: '4',
      maxlength: MAX_BIO,
      'data-testid': 'profile-bio',
      oninput: (e) => {
        model.bio = e.target.value;
      },
    });
    bio.value = model.bio;
    const capacity =
      role === 'mentor'
        ? field(
            t('profile.capacity'),
            h('input', {
              type: 'number',
              min: '1',
              max: '20',
              step: '1',
              value: model.capacity,
              'data-testid': 'profile-capacity',
              oninput: (e) => {
                model.capacity = Number(e.target.value);
              },
            }),
            t('profile.capacity_hint'),
          )
        : null;
    const form = h(
      'form',
      { class: 'card profile-form', 'data-testid': 'profile-form', novalidate: true, onsubmit: save },
      field(t('profile.bio'), bio, t('profile.bio_hint')),
      h(
        'div',
        { class: 'grid-2' },
        field(
          t('profile.country'),
          countrySelect(model.country, 'profile-country', (e) => {
            model.country = e.target.value;
          }),
        ),
        field(
          t('profile.origin'),
          countrySelect(model.origin, 'profile-origin', (e) => {
            model.origin = e.target.value;
          }),
        ),
      ),
      field(
        t('profile.timezone'),
        timezoneSelect(model.timezone, (e) => {
          model.timezone = e.target.value;
        }),
      ),
      capacity,
      h(
        'fieldset',
        null,
        h('legend', null, t('profile.languages')),
        h('p', { class: 'hint' }, t('profile.languages_hint')),
        h('ul', { class: 'rows' }, model.languages.map(languageRow)),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-testid': 'language-add',
            disabled: model.languages.length >= MAX_LANGUAGES,
            onclick: () => {
              model.languages.push({ code: '', level: 'B1' });
              draw('language-code');
            },
          },
          t('profile.add_language'),
        ),
      ),
      h(
        'fieldset',
        null,
        h('legend', null, t('profile.skills')),
        h(
          'p',
          { class: 'hint' },
          t(role === 'mentor' ? 'profile.skills_hint_mentor' : 'profile.skills_hint_mentee'),
        ),
        h('ul', { class: 'rows' }, model.skills.map(skillRow)),
        h(
          'datalist',
          { id: 'skill-suggestions' },
          SKILL_SUGGESTIONS.map((s) => h('option', { value: s })),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-testid': 'skill-add',
            disabled: model.skills.length >= MAX_SKILLS,
            onclick: () => {
              model.skills.push({ name: '', level: 3 });
              draw('skill-name');
            },
          },
          t('profile.add_skill'),
        ),
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'profile-save' }, t('profile.save')),
        status,
      ),
    );
    replace(body, form);
    // After adding or removing a row, focus goes to where the person was working.
    if (focusTestId) {
      const all = form.querySelectorAll(`[data-testid="${focusTestId}"]`);
      if (all.length) all[all.length - 1].focus();
    }
  }

  async function save(ev) {
    ev.preventDefault();
    const [profile, problem] = toProfile(model, role);
    if (problem) {
      setStatus(t(problem), 'error');
      return;
    }
    setStatus(t('profile.saving'));
    try {
      model = toModel(await app.setProfile(profile));
      draw();
      setStatus(
        profile.languages.length && profile.skills.length
          ? t('profile.saved')
          : t('profile.saved_incomplete'),
        'ok',
      );
    } catch (err) {
      setStatus(errorText(err), 'error');
    }
  }

  async function load() {
    try {
      model = toModel(await app.getProfile());
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
    h('p', { class: 'muted' }, t(role === 'mentor' ? 'profile.intro_mentor' : 'profile.intro_mentee')),
    body,
  );
  draw();
  if (!loaded) load();

  return {
    el,
    title: () => t('profile.title'),
    snapshot: () => (loaded ? model : null),
    destroy() {},
  };
}
