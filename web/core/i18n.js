// Translation and local formats for both clients. Each app brings its own
// tables and calls useLocales() before it draws anything; every string the
// interface shows then goes through t(). The language is the one the person
// chose (kept in localStorage under the app's key), else the browser's if a
// table has it, else English. Dates and numbers use Intl in that language
// and in the viewer's own time zone.

const NAMES = { en: 'English', fr: 'Français' };

let tables = { en: {} };
let storageKey = null;
let lang = 'en';
const listeners = new Set();

// tables: { en: {...}, fr: {...} } (English is the fallback of every key);
// storageKey: where the person's choice is kept.
export function useLocales(appTables, { storageKey: key }) {
  tables = appTables;
  storageKey = key;
  lang = pickLang();
  document.documentElement.lang = lang;
}

function pickLang() {
  let saved;
  try {
    saved = localStorage.getItem(storageKey);
  } catch {
    saved = null;
  }
  if (saved && tables[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().split('-')[0];
    if (tables[base]) return base;
  }
  return 'en';
}

// The languages the tables offer: [{ code, name }], each name in itself.
export function languages() {
  return Object.keys(tables).map((code) => ({ code, name: NAMES[code] || code }));
}

export function getLang() {
  return lang;
}

export function setLang(code) {
  if (!tables[code] || code === lang) return;
  lang = code;
  try {
    localStorage.setItem(storageKey, code);
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
  let s = tables[lang][key];
  if (s === undefined) s = tables.en[key];
  if (s === undefined) return key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
}

export function has(key) {
  return tables[lang][key] !== undefined || tables.en[key] !== undefined;
}

// tn('room.online', 3) looks up 'room.online.one' or 'room.online.other',
// with {n} filled in.
export function tn(key, n, params) {
  const form = new Intl.PluralRules(lang).select(n);
  const full = `${key}.${form}`;
  return t(has(full) ? full : `${key}.other`, Object.assign({ n: formatNumber(n) }, params));
}

// Fills elements marked data-i18n="key" (text) and
// data-i18n-attr="attr:key attr2:key2" (attributes) under root.
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.getAttribute('data-i18n-attr').split(/[\s,]+/)) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

// Human text for an error code of the contract or of the client. A wait
// (rate limits, slow mode) is told in seconds: `${key}.wait` when the table
// has it, else the key itself with {s}.
export function errorText(err) {
  const code = (err && err.code) || 'internal';
  const key = `error.${code}`;
  const ms = err && err.retryAfterMs;
  const s = formatNumber(Math.max(1, Math.ceil((ms || 1000) / 1000)));
  if (ms && has(`${key}.wait`)) return t(`${key}.wait`, { s });
  if (has(key)) return t(key, { s });
  return t('error.unknown', { code });
}

export function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

const valid = (ms) => typeof ms === 'number' && Number.isFinite(ms);

// The time alone today, with the date on other days.
export function formatTime(ms) {
  if (!valid(ms)) return '';
  const d = new Date(ms);
  const sameDay = d.toDateString() === new Date().toDateString();
  const opts = sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(lang, opts).format(d);
}

// Hours, minutes and seconds: for a live log, where seconds tell events apart.
export function formatClock(ms) {
  if (!valid(ms)) return '';
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

// A countdown's time left as m:ss (never below 0:00), the same in every language.
export function formatCountdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// dateStyle: 'medium' ("3 Jun 2025, 14:00") or 'full' (with the weekday).
export function formatDateTime(ms, dateStyle = 'medium') {
  if (!valid(ms)) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle, timeStyle: 'short' }).format(new Date(ms));
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
  if (!valid(start)) return '';
  if (!valid(end) || end < start) return fmt.format(new Date(start));
  return fmt.formatRange(new Date(start), new Date(end));
}

// Duration in seconds as words: 300 -> "5 min", 3600 -> "1 h". Uses the
// table's time.* keys.
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

function displayName(code, type) {
  try {
    return new Intl.DisplayNames([lang], { type }).of(code) || code;
  } catch {
    return code;
  }
}

export function languageName(code) {
  return displayName(code, 'language');
}

export function countryName(code) {
  return displayName(code, 'region');
}

export function list(items) {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}
