// Real browsers for the web tests: Debian's chromium driven through
// playwright-core (nothing is downloaded). Each person gets a browser of their
// own, a persistent context on a fresh profile folder, or, to keep a crowd
// light, a context of their own in a browser shared with others (sharedBrowser;
// contexts share no cookies or storage). The page's script errors are
// collected in person.errors and its dialogs dismissed and kept in
// person.dialogs. The caller keeps the list of people it opened and closes
// them all in its after() hook, then any shared browser. Screenshots go to
// build/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { randomHex, uniqueEmail } from './harness.mjs';
import { makeTmpDir, removeTmpDir, ROOT } from './processes.mjs';

export const CHROMIUM = process.env.PASSERELLE_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SHOTS = path.join(ROOT, 'build', 'screenshots');
export const STEP_MS = 30000; // a step not done by then is hung

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

// What a cluster needs to serve the web clients to a browser.
export const WEB_ENV = { PASSERELLE_ORIGINS: '*', PASSERELLE_WEB: path.join(ROOT, 'web') };

// A new participant's sign-up details, unique to this run.
export function freshAccount() {
  return { email: uniqueEmail('browser'), password: `pw-${randomHex(8)}` };
}

// One browser for several people: pass it to openBrowser as `browser`. The
// caller closes it (await browser.close()) after closeBrowsers.
export function sharedBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// Opens a browser for a person (or a context in browser, a sharedBrowser()),
// adds it to people and goes to url. Any other fields (role, email, ...) are
// kept on the person as given.
export async function openBrowser(
  people,
  { name, url, browser, viewport = DESKTOP, timezoneId = 'Europe/Paris', locale = 'en-GB', ...fields },
) {
  const options = { viewport, timezoneId, locale };
  const profile = browser ? null : makeTmpDir('chromium-profile');
  const person = { name, ...fields, profile, dialogs: [], errors: [] };
  people.push(person);
  person.context = browser
    ? await browser.newContext(options)
    : await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        ...options,
      });
  const page = person.context.pages()[0] || (await person.context.newPage());
  page.setDefaultTimeout(STEP_MS);
  page.on('dialog', (d) => {
    person.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (err) => person.errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Refused or dropped sockets while offline or while a server restarts are expected.
    if (msg.type() === 'error' && !/WebSocket|net::ERR_/.test(msg.text()))
      person.errors.push(`console: ${msg.text()}`);
  });
  person.page = page;
  await page.goto(url);
  return person;
}

// The facilitator's console, on the admin listener of the cluster's node (the first unless told).
export function openConsole(people, cluster, { name = 'Fatou (console)', node = 0, ...fields } = {}) {
  return openBrowser(people, { name, url: `http://127.0.0.1:${cluster.nodes[node].adminPort}/`, ...fields });
}

// Closes every browser (or context) in people and removes its profile folder.
export async function closeBrowsers(people) {
  for (const p of people) {
    try {
      await p.context.close();
    } catch {
      // the browser is gone already
    }
    if (p.profile) removeTmpDir(p.profile);
  }
}

export async function shot(person, file) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await person.page.screenshot({ path: path.join(SHOTS, file), fullPage: false });
}

export function assertNoPageErrors(people) {
  for (const p of people) assert.deepEqual(p.errors, [], `${p.name}: ${p.errors.join('\n')}`);
}

// ---------------------------------------------------------------- participant client

// Types text into the composer and sends it with Enter.
// Signs person's page in as who ({email, password}) and opens room.
export async function enterRoom(person, who, room) {
  const p = person.page;
  await p.getByTestId('signin-email').fill(who.email);
  await p.getByTestId('signin-password').fill(who.password);
  await p.getByTestId('signin-submit').click();
  await p.locator(`[data-testid="room-item"][data-room-id="${room}"] [data-testid="room-join"]`).click();
  await p.locator(`[data-testid="room-view"][data-room-id="${room}"]`).waitFor();
}

export async function say(person, text) {
  const input = person.page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
}

// Waits until the message list shows a message with exactly this text in this state.
export function waitForMessage(page, text, state = 'sent') {
  return page.waitForFunction(
    ([t, s]) =>
      [
        ...document.querySelectorAll(
          `[data-testid="message"][data-state="${s}"] [data-testid="message-text"]`,
        ),
      ].some((e) => e.textContent === t),
    [text, state],
  );
}

// Fills the profile editor (already open) and saves it: languages {wo: 'native'}
// and skills {fundraising: 5} in the order written, each added as a new row.
export async function saveProfileInEditor(person, profile) {
  const { bio, country, origin, languages = {}, skills = {} } = profile;
  const p = person.page;
  await p.getByTestId('profile-bio').fill(bio);
  await p.getByTestId('profile-country').selectOption(country);
  await p.getByTestId('profile-origin').selectOption(origin);
  for (const [code, level] of Object.entries(languages)) {
    await p.getByTestId('language-add').click();
    await p.getByTestId('language-code').last().selectOption(code);
    await p.getByTestId('language-level').last().selectOption(level);
  }
  for (const [name, level] of Object.entries(skills)) {
    await p.getByTestId('skill-add').click();
    await p.getByTestId('skill-name').last().fill(name);
    await p.getByTestId('skill-level').last().selectOption(String(level));
  }
  await p.getByTestId('profile-save').click();
  await p.locator('[data-testid="profile-status"].ok').waitFor();
}
