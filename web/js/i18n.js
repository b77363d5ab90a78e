// Every string the interface shows goes through t(). The language is the
// one the person chose (kept in localStorage), else the browser's if we
// have it, else English. Dates and numbers use Intl in that language and
// in the viewer's own time zone.

import en from './locales/en.js';
import fr from './locales/fr.js';

const TABLES = { en, fr };
export const LANGS = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
];
const LANG_KEY = 'passerelle.lang';

let lang = pickLang();
const listeners = new Set();

function pickLang() {
  let saved;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    saved = null;
  }
  if (saved && TABLES[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().split('-')[0];
    if (TABLES[base]) return base;
  }
  return 'en';
}

export function getLang() {
  return lang;
}

export function setLang(code) {
  if (!TABLES[code]) return;
  lang = code;
  try {
    localStorage.setItem(LANG_KEY, code);
  } catch {
    // not remembered, still applied
  }
  document.documentElement.lang = code;
  applyStatic(document);
  for (const fn of [...listeners]) fn(code);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// t('room.online', { n: 3 }): placeholders are {name}. Values are inserted
// as plain text by the callers (textContent), never parsed.
export function t(key, params) {
  let s = TABLES[lang][key];
  if (s === undefined) s = TABLES.en[key];
  if (s === undefined) return key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
}

export function has(key) {
  return TABLES[lang][key] !== undefined || TABLES.en[key] !== undefined;
}

// tn('room.online', 3) looks up 'room.online.one' or 'room.online.other'.
export function tn(key, n, params) {
  const form = new Intl.PluralRules(lang).select(n);
  const full = `${key}.${form}`;
  return t(has(full) ? full : `${key}.other`, Object.assign({ n: formatNumber(n) }, params));
}

// Fills elements marked data-i18n="key" (text) and
// data-i18n-attr="attr:key attr2:key2" (attributes).
export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.getAttribute('data-i18n-attr').split(/\s+/)) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

export function formatTime(ms) {
  const d = new Date(ms);
  const sameDay = d.toDateString() === new Date().toDateString();
  const opts = sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(lang, opts).format(d);
}

export function formatDateTime(ms) {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(ms));
}

// "Tue 3 Jun 2025, 14:00 – 17:00 CEST" in the viewer's zone.
export function formatRange(start, end) {
  const fmt = new Intl.DateTimeFormat(lang, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  if (typeof start !== 'number') return '';
  if (typeof end !== 'number' || end < start) return fmt.format(new Date(start));
  return fmt.formatRange(new Date(start), new Date(end));
}

export function languageName(code) {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

export function countryName(code) {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}

// Human text for an error code of the contract or of the client.
export function errorText(err) {
  const code = (err && err.code) || 'internal';
  const key = `error.${code}`;
  const secs = err && err.retryAfterMs ? Math.max(1, Math.ceil(err.retryAfterMs / 1000)) : 0;
  if (secs && has(`${key}.wait`)) return t(`${key}.wait`, { s: formatNumber(secs) });
  if (has(key)) return t(key);
  return t('error.unknown', { code });
}

export function list(items) {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}
