// English and French for the console. The choice is kept in localStorage;
// without one, the browser's language decides. Times are shown in the
// viewer's own time zone, which the page names next to forms that take times.

import en from './locales/en.js';
import fr from './locales/fr.js';

const TABLES = { en, fr };
const KEY = 'passerelle.admin.lang';
const listeners = new Set();
let lang = initial();

function initial() {
  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    // storage off: fall back to the browser's language
  }
  if (saved && TABLES[saved]) return saved;
  return /^fr\b/i.test(navigator.language || '') ? 'fr' : 'en';
}

export const LANGS = [
  ['en', 'English'],
  ['fr', 'Français'],
];

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (!TABLES[next] || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // not remembered, still switched
  }
  document.documentElement.lang = next;
  for (const fn of listeners) fn(next);
}

export function onLang(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function has(key) {
  return key in TABLES[lang] || key in en;
}

// t('rooms.created', { title }) fills {title} in the text of the key.
export function t(key, params) {
  let s = TABLES[lang][key] ?? en[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

// Plural forms: key.one / key.other, with {n}.
const plurals = {};
export function tn(key, n, params) {
  plurals[lang] ||= new Intl.PluralRules(lang);
  const form = plurals[lang].select(n) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { n, ...params });
}

export function errorText(err) {
  const code = err && err.code;
  if (code === 'rate_limited' || code === 'slow_mode') {
    const s = Math.max(1, Math.ceil((err.retryAfterMs || 1000) / 1000));
    return t(`error.${code}`, { s });
  }
  if (code && has(`error.${code}`)) return t(`error.${code}`);
  return t('error.unknown', { code: code || '?' });
}

export function zone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

const fmt = (opts) => new Intl.DateTimeFormat(lang, opts);

export function formatDateTime(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  return fmt({ dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatTime(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  return fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

export function formatRange(start, end) {
  if (typeof start !== 'number') return '';
  if (typeof end !== 'number') return t('time.from', { start: formatDateTime(start) });
  const sameDay = new Date(start).toDateString() === new Date(end).toDateString();
  const tail = sameDay ? fmt({ timeStyle: 'short' }).format(end) : formatDateTime(end);
  return `${formatDateTime(start)} – ${tail}`;
}

// Duration in seconds as words: 300 -> "5 min", 3600 -> "1 h".
export function formatSeconds(s) {
  if (s % 86400 === 0) return tn('time.days', s / 86400);
  if (s % 3600 === 0) return t('time.hours', { n: s / 3600 });
  if (s % 60 === 0) return t('time.minutes', { n: s / 60 });
  return t('time.seconds', { n: s });
}

const pad = (n) => String(n).padStart(2, '0');

// ms -> "YYYY-MM-DDTHH:MM" in local time, for <input type="datetime-local">.
export function toLocalInput(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// The reverse; NaN when the text is not a local date and time.
export function fromLocalInput(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text || '');
  if (!m) return NaN;
  const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  return d.getMonth() === +m[2] - 1 ? d.getTime() : NaN;
}

// Fills elements marked data-i18n="key" (text) and
// data-i18n-attr="attr:key,attr:key" (attributes) under root.
export function translateStatic(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(',')) {
      const [attr, key] = pair.split(':');
      node.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  document.title = t('app.title');
}
