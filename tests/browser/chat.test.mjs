// The participant web client in a real browser (Debian's chromium through
// playwright-core; nothing is downloaded). Two people, each in a browser of
// their own with a fresh profile, each on a different server process of one
// Redis: they sign up, join a room and chat; one goes offline while the
// other writes and comes back to every missed message, in order, once, with
// its own queued message delivered once; a server dies and comes back; a
// message that looks like HTML stays text. Screenshots of desktop and
// phone-sized pages go to build/screenshots/.
//
// The tests below run in order and share the two browsers; each waits for
// what it needs with generous timeouts that only stop a hung run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  PHONE,
  WEB_ENV,
  assertNoPageErrors,
  closeBrowsers,
  freshAccount,
  openBrowser,
  saveProfileInEditor,
  say,
  shot,
  waitForMessage,
} from '../lib/browser.mjs';
import { Cluster, Server, sayMany } from '../lib/harness.mjs';
import { adminClient, adminEnv, newAdminSecret } from '../lib/admin.mjs';

const FIXTURE = JSON.parse(fs.readFileSync(new URL('./fixture.json', import.meta.url), 'utf8'));
const ROOM = 'browser-exchange';
const HISTORY_ROOM = 'browser-history';
const HOSTILE = '<img src=x onerror=alert(1)>';
const ADMIN_SECRET = newAdminSecret();
const ARCHIVE = 75; // messages in the scroll-back room: more than one page of 50

let cluster = null;
const people = [];
let amina = null; // desktop, English, Paris time, on node 1
const AMINA_SHOWN = 'Amina'; // she is under 18: others see her first name
let kwame = null; // phone-sized, French, Toronto time, on node 2
const sent = []; // texts said in ROOM so far, in the order the room stored them

// What the message list shows, top to bottom.
function listed(page) {
  return page.$$eval('[data-testid="message-list"] > [data-testid="message"]', (els) =>
    els.map((e) => ({
      id: e.getAttribute('data-message-id'),
      state: e.getAttribute('data-state'),
      text: e.querySelector('[data-testid="message-text"]').textContent,
    })),
  );
}

function waitForState(person, state) {
  return person.page.locator(`[data-testid="conn-status"][data-state="${state}"]`).waitFor();
}

// Every message once, all acknowledged, exactly in the order said.
async function assertConversation(person, expected) {
  const shown = await listed(person.page);
  assert.deepEqual(
    shown.filter((m) => m.state !== 'sent'),
    [],
    `${person.name} still has unsent messages`,
  );
  assert.deepEqual(
    shown.map((m) => m.text),
    expected,
    `${person.name} sees the conversation out of order`,
  );
  assert.equal(new Set(shown.map((m) => m.id)).size, shown.length, `${person.name} sees a message twice`);
}

async function joinRoom(person, room) {
  await person.page
    .locator(`[data-testid="room-item"][data-room-id="${room}"] [data-testid="room-join"]`)
    .click();
  await person.page.locator(`[data-testid="room-view"][data-room-id="${room}"]`).waitFor();
  // On a phone the list of people is folded away: present, not visible.
  await person.page
    .locator(`[data-testid="member"]`, { hasText: person.name })
    .waitFor({ state: 'attached' });
}

before(async () => {
  cluster = await Cluster.start({
    servers: 2,
    seed: FIXTURE,
    env: {
      ...WEB_ENV,
      ...adminEnv(ADMIN_SECRET),
      PASSERELLE_PBKDF2_ITERATIONS: '1000',
      // The scroll-back room is filled quickly by one sender.
      PASSERELLE_SAY_BURST: '200',
      PASSERELLE_SAY_RATE: '100',
    },
  });
  amina = await openBrowser(people, {
    name: 'Amina Diallo',
    url: cluster.nodes[0].url,
    timezoneId: 'Europe/Paris',
    ...freshAccount(),
  });
  kwame = await openBrowser(people, {
    name: 'Kwame Mensah',
    url: cluster.nodes[1].url,
    viewport: PHONE,
    timezoneId: 'America/Toronto',
    locale: 'en-US',
    ...freshAccount(),
  });
});

after(async () => {
  await closeBrowsers(people);
  if (cluster) await cluster.stop();
});

test('sign up with the mouse on one server, with the keyboard and in French on the other', async () => {
  const a = amina.page;
  await a.getByTestId('show-signup').click();
  await a.getByTestId('signup-name').fill(amina.name);
  await a.getByTestId('signup-email').fill(amina.email);
  await a.getByTestId('signup-password').fill(amina.password);
  await a.getByTestId('signup-role').selectOption('mentee');
  // Sixteen, living in France: the protections for young people apply to her.
  await a.getByTestId('signup-birth-year').fill(String(new Date().getFullYear() - 16));
  await a.getByTestId('signup-country').selectOption('FR');
  // Both consents are unticked until she ticks them.
  for (const box of ['consent-rooms', 'consent-matching']) {
    assert.equal(await a.getByTestId(box).isChecked(), false);
    await a.getByTestId(box).check();
  }
  await shot(amina, 'desktop-signup.png');
  await a.getByTestId('signup-submit').click();
  await a.locator(`[data-testid="room-item"][data-room-id="${ROOM}"]`).waitFor();
  assert.equal(await a.getAttribute('html', 'lang'), 'en');
  // Start and end are shown in the viewer's own zone.
  assert.match(await a.locator('.rooms').textContent(), /Europe\/Paris/);
  const when = await a.locator(`[data-room-id="${ROOM}"] [data-testid="room-time"]`).textContent();
  assert.match(when, /CET|CEST|GMT\+1|GMT\+2|UTC\+1|UTC\+2/, `room time not in Paris time: ${when}`);
  await shot(amina, 'desktop-rooms.png');

  // Kwame chooses French, which is remembered across a reload.
  const k = kwame.page;
  await k.getByTestId('show-signup').click();
  await k.getByTestId('lang-switch').selectOption('fr');
  assert.equal(await k.getAttribute('html', 'lang'), 'fr');
  await k.reload();
  await k.getByTestId('signup-form').waitFor();
  assert.equal(await k.getAttribute('html', 'lang'), 'fr');
  assert.equal((await k.getByTestId('signup-submit').textContent()).trim(), 'Créer le compte');

  // Keyboard only: the fields come in order and Enter on the button submits.
  await k.getByTestId('signup-name').focus();
  await k.keyboard.type(kwame.name);
  await k.keyboard.press('Tab');
  await k.keyboard.type(kwame.email);
  await k.keyboard.press('Tab');
  await k.keyboard.type(kwame.password);
  await k.keyboard.press('Tab');
  assert.equal(await k.evaluate(() => document.activeElement.getAttribute('data-testid')), 'signup-role');
  await k.getByTestId('signup-role').selectOption('mentor');
  for (const next of [
    'signup-birth-year',
    'signup-country',
    'consent-rooms',
    'consent-matching',
    'signup-submit',
  ]) {
    await k.keyboard.press('Tab');
    assert.equal(await k.evaluate(() => document.activeElement.getAttribute('data-testid')), next);
    if (next === 'signup-birth-year') await k.keyboard.type('1988');
    if (next.startsWith('consent-')) await k.keyboard.press('Space');
  }
  await shot(kwame, 'phone-signup.png');
  await k.keyboard.press('Enter');
  await k.locator(`[data-testid="room-item"][data-room-id="${ROOM}"]`).waitFor();
  assert.match(await k.getByTestId('whoami').textContent(), /Kwame Mensah/);
  assert.equal((await k.getByTestId('nav-profile').textContent()).trim(), 'Profil');
  assert.match(await k.locator('.rooms').textContent(), /America\/Toronto/);
  await shot(kwame, 'phone-rooms.png');
});

test('both join one room and chat both ways across the two servers', async () => {
  await joinRoom(amina, ROOM);
  await joinRoom(kwame, ROOM);
  // Presence crosses nodes: each sees the other online.
  await amina.page.locator('[data-testid="member"]', { hasText: kwame.name }).waitFor();
  await kwame.page.locator('[data-testid="member"]', { hasText: AMINA_SHOWN }).waitFor({ state: 'attached' });
  assert.doesNotMatch(await kwame.page.getByTestId('members-list').textContent(), /Diallo/);

  // Typing shows on the other side, and the message clears it.
  await amina.page.getByTestId('composer-input').fill('Hello');
  await kwame.page.waitForFunction(
    (name) => document.querySelector('[data-testid="typing-indicator"]').textContent.includes(name),
    AMINA_SHOWN,
  );
  await say(amina, 'Hello from Lyon, everyone!');
  sent.push('Hello from Lyon, everyone!');
  await waitForMessage(kwame.page, sent[0]);
  await kwame.page.waitForFunction(
    () => document.querySelector('[data-testid="typing-indicator"]').textContent === '',
  );

  // Shift+Enter makes a new line, Enter sends.
  const input = kwame.page.getByTestId('composer-input');
  await input.click();
  await kwame.page.keyboard.type('Bonjour Amina !');
  await kwame.page.keyboard.press('Shift+Enter');
  await kwame.page.keyboard.type('Greetings from Toronto.');
  await kwame.page.keyboard.press('Enter');
  sent.push('Bonjour Amina !\nGreetings from Toronto.');
  await waitForMessage(amina.page, sent[1]);
  assert.equal(await input.inputValue(), '');

  await assertConversation(amina, sent);
  await waitForMessage(kwame.page, sent[1]);
  await assertConversation(kwame, sent);
  await shot(amina, 'desktop-room.png');
  await shot(kwame, 'phone-room.png');
});

test('offline: missed messages arrive in order, once, and the queued one is delivered once', async () => {
  await amina.context.setOffline(true);
  await amina.page.waitForFunction(
    () => document.querySelector('[data-testid="conn-status"]').dataset.state !== 'online',
  );
  assert.equal(
    await amina.page.getByTestId('conn-banner').isVisible(),
    true,
    'no visible reconnecting state',
  );

  const missed = ['While you were away: first', 'While you were away: second', 'While you were away: third'];
  for (const text of missed) {
    await say(kwame, text);
    await waitForMessage(kwame.page, text);
    sent.push(text);
  }

  // Written while offline: shown as sending, kept in the outbox.
  const queued = 'Typed on the train without signal';
  await say(amina, queued);
  await waitForMessage(amina.page, queued, 'pending');
  await shot(amina, 'desktop-offline.png');

  await amina.context.setOffline(false);
  await waitForState(amina, 'online');
  await waitForMessage(amina.page, queued);
  sent.push(queued);
  await waitForMessage(kwame.page, queued);

  await assertConversation(amina, sent);
  await assertConversation(kwame, sent);
  assert.equal(
    await amina.page.getByTestId('gap-notice').isVisible(),
    false,
    'nothing was trimmed, no gap expected',
  );
});

test('a server that dies and comes back: the client reconnects and loses nothing', async () => {
  const node = cluster.nodes[0];
  const port = node.port;
  await node.kill9();
  await amina.page.waitForFunction(
    () => document.querySelector('[data-testid="conn-status"]').dataset.state !== 'online',
  );

  const during = 'Said while node one was down';
  await say(kwame, during);
  await waitForMessage(kwame.page, during);
  sent.push(during);
  const queued = 'Written while my server restarts';
  await say(amina, queued);
  await waitForMessage(amina.page, queued, 'pending');

  cluster.nodes[0] = await Server.start({
    name: 'n1-restarted',
    env: cluster.serverEnv(),
    tmp: cluster.tmp,
    port,
  });
  // "Retry now" skips the rest of the back-off delay. The client may reconnect by itself
  // between the look and the click (the button is gone then): the wait below still holds.
  const retry = amina.page.getByTestId('conn-retry');
  if (await retry.isVisible()) await retry.click({ timeout: 2000 }).catch(() => {});
  await waitForState(amina, 'online');
  await waitForMessage(amina.page, queued);
  sent.push(queued);
  await waitForMessage(kwame.page, queued);

  await assertConversation(amina, sent);
  await assertConversation(kwame, sent);
});

test('a message that looks like HTML is shown as text', async () => {
  await say(kwame, HOSTILE);
  sent.push(HOSTILE);
  await waitForMessage(amina.page, HOSTILE);
  await waitForMessage(kwame.page, HOSTILE);
  for (const p of [amina, kwame]) {
    assert.equal(
      await p.page.locator('[data-testid="message-list"] img').count(),
      0,
      `${p.name}: an img was created`,
    );
    assert.equal(await p.page.locator('img[src="x"]').count(), 0);
    assert.deepEqual(p.dialogs, [], `${p.name}: a dialog opened`);
  }
  await assertConversation(amina, sent);
});

test('reporting a message: a reason and a note, acknowledged, and stored for the facilitators', async () => {
  const p = amina.page;
  const item = p.locator('[data-testid="message"]', { hasText: HOSTILE });
  await item.getByTestId('message-report').click();
  const form = item.getByTestId('report-form');
  await form.getByTestId('report-reason').selectOption('spam');
  await form.getByTestId('report-note').fill('Looks like a script');
  await form.getByTestId('report-send').click();
  await p.locator('[data-testid="notice"]', { hasText: 'A facilitator will look at your report' }).waitFor();
  await form.waitFor({ state: 'detached' });
  // Her own messages have no report button.
  const mine = p.locator('[data-testid="message"].mine').first();
  assert.equal(await mine.getByTestId('message-report').count(), 0);

  const ids = await cluster.redis.command('ZRANGE', 'reports', 0, -1);
  assert.equal(ids.length, 1);
  const [j, snapshot] = (await cluster.redis.command('HMGET', `report:${ids[0]}`, 'j', 'snapshot')).map(
    String,
  );
  const report = JSON.parse(j);
  assert.deepEqual([report.reason, report.note], ['spam', 'Looks like a script']);
  assert.equal(JSON.parse(snapshot).at(-1).text, HOSTILE);
});

test('contact details from a person under 18 are refused, said so, and can be discarded', async () => {
  const text = 'write to me at amina.d@example.org';
  await say(amina, text);
  const failed = amina.page.locator('[data-testid="message"][data-state="failed"]', { hasText: text });
  await failed.waitFor();
  assert.match(await failed.getByTestId('message-status').textContent(), /Contact details/);
  await failed.getByTestId('message-discard').click();
  await failed.waitFor({ state: 'detached' });
  assert.equal(await kwame.page.locator('[data-testid="message"]', { hasText: text }).count(), 0);
});

test('scrolling to the top loads older messages, in order, without duplicates', async () => {
  const archivist = await cluster.user(1, { name: 'Archive Keeper', tag: 'archive' });
  await archivist.client.ok('join', { room: HISTORY_ROOM });
  const stored = await sayMany(archivist.client, HISTORY_ROOM, ARCHIVE, 'archive');
  const all = stored.map((m) => m.text);

  await amina.page.goto(`${cluster.nodes[0].url}/#/room/${HISTORY_ROOM}`);
  await waitForMessage(amina.page, all[ARCHIVE - 1]);
  const first = await listed(amina.page);
  assert.deepEqual(
    first.map((m) => m.text),
    all.slice(ARCHIVE - 50),
    'join shows the last 50',
  );

  await amina.page.locator('.msg-scroll').evaluate((el) => {
    el.scrollTop = 0;
  });
  await waitForMessage(amina.page, all[0]);
  const shown = await listed(amina.page);
  assert.deepEqual(
    shown.map((m) => m.text),
    all,
  );
  assert.equal(new Set(shown.map((m) => m.id)).size, ARCHIVE);
  await amina.page.getByTestId('load-older').waitFor({ state: 'hidden' });
});

test('the profile editor saves languages with levels and skills', async () => {
  const a = amina.page;
  await a.goto(`${cluster.nodes[0].url}/#/profile`);
  await a.getByTestId('profile-form').waitFor();
  await saveProfileInEditor(amina, {
    bio: 'Master student in Lyon, savings group with family in Thiès.',
    country: 'FR',
    origin: 'SN',
    languages: { wo: 'native', en: 'B2' },
    skills: { fundraising: 5 },
  });

  await a.reload();
  await a.getByTestId('profile-form').waitFor();
  const codes = await a.getByTestId('language-code').evaluateAll((els) => els.map((e) => e.value));
  const levels = await a.getByTestId('language-level').evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(codes, ['wo', 'en']);
  assert.deepEqual(levels, ['native', 'B2']);
  assert.equal(await a.getByTestId('skill-name').inputValue(), 'fundraising');
  assert.equal(await a.getByTestId('skill-level').inputValue(), '5');
  assert.equal(await a.getByTestId('profile-origin').inputValue(), 'SN');
  assert.equal(await a.getByTestId('profile-timezone').inputValue(), 'Europe/Paris');
  await shot(amina, 'desktop-profile.png');

  // Her data, in two clicks: the profile page, then the download.
  const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('export-data').click()]);
  assert.equal(download.suggestedFilename(), 'passerelle-my-data.json');
  const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(data.profile.bio, 'Master student in Lyon, savings group with family in Thiès.');
  assert.equal(data.account.name, 'Amina Diallo');
  // Her messages as they were shown to the others.
  assert.ok(data.messages.length > 0 && data.messages.every((m) => m.from.name === AMINA_SHOWN));
  await a.locator('[data-testid="export-status"]', { hasText: 'passerelle-my-data.json' }).waitFor();

  await kwame.page.getByTestId('nav-mentorship').click();
  await kwame.page.getByTestId('match-status').waitFor();
  await shot(kwame, 'phone-mentorship.png');
});

test('signing out: the other tab follows, the address and the draft are not left for the next person', async () => {
  const a = amina.page;
  const other = await amina.context.newPage();
  other.on('pageerror', (err) => amina.errors.push(`second tab: ${err.message}`));
  await other.goto(`${cluster.nodes[0].url}/#/rooms`);
  await other.locator(`[data-testid="room-item"][data-room-id="${ROOM}"]`).waitFor();

  await a.goto(`${cluster.nodes[0].url}/#/room/${ROOM}`);
  await a.getByTestId('composer-input').fill('Half a thought, never sent');
  await a.getByTestId('signout').click();
  await a.getByTestId('signin-form').waitFor();
  assert.equal(await a.evaluate(() => location.hash), '#/signin');
  // The second tab shares the session: it signs out too, and says why.
  await other.getByTestId('signin-form').waitFor();
  await other.getByTestId('notice').first().waitFor();
  await other.close();

  await a.getByTestId('signin-email').fill(amina.email);
  await a.getByTestId('signin-password').fill(amina.password);
  await a.getByTestId('signin-submit').click();
  await a.locator(`[data-testid="room-item"][data-room-id="${ROOM}"]`).waitFor();
  await joinRoom(amina, ROOM);
  assert.equal(await a.getByTestId('composer-input').inputValue(), '');
});

test('deleting an account: password and a ticked box; the others see tombstones in place', async () => {
  const k = kwame.page;
  await k.goto(`${cluster.nodes[1].url}/#/room/${ROOM}`);
  await k.getByTestId('composer-input').fill('Kwame says goodbye');
  await k.getByTestId('composer-input').press('Enter');
  const mine = amina.page.locator('[data-testid="message"]', { hasText: 'Kwame says goodbye' });
  await mine.waitFor();
  const id = await mine.getAttribute('data-message-id');
  const before = (await listed(amina.page)).length;

  await k.goto(`${cluster.nodes[1].url}/#/profile`);
  await k.getByTestId('erase-password').fill('not the password');
  await k.getByTestId('erase-submit').click();
  await k.locator('[data-testid="erase-status"]:not(:empty)').waitFor();
  assert.equal(await k.getByTestId('signin-form').count(), 0, 'nothing happens without the box ticked');
  await k.getByTestId('erase-confirm').check();
  await k.getByTestId('erase-submit').click();
  await k.locator('[data-testid="erase-status"]:not(:empty)').waitFor();
  assert.equal(await k.getByTestId('signin-form').count(), 0, 'a wrong password deletes nothing');
  // Amina reported one of his messages earlier: the erasure waits for the facilitators.
  await k.getByTestId('erase-password').fill(kwame.password);
  await k.getByTestId('erase-submit').click();
  await k.locator('[data-testid="erase-status"]', { hasText: 'signalement' }).waitFor();
  const admin = await adminClient(cluster, 0, { secret: ADMIN_SECRET });
  for (const r of (await admin.ok('report.list', {})).reports)
    await admin.ok('report.resolve', { report: r.id, action: 'dismiss', note: '' });
  await k.getByTestId('erase-submit').click();
  await k.getByTestId('signin-form').waitFor();
  await k.getByTestId('notice').first().waitFor();

  const gone = amina.page.locator(`[data-testid="message"][data-message-id="${id}"]`);
  await amina.page.locator(`[data-testid="message"][data-message-id="${id}"][data-state="erased"]`).waitFor();
  assert.equal(await gone.getByTestId('message-text').textContent(), 'Message from a deleted account');
  const shown = await listed(amina.page);
  assert.equal(shown.length, before, 'every message still in its place');
  assert.ok(!shown.some((m) => m.text.includes('goodbye')), 'no text of his is left');
  assert.ok(shown.filter((m) => m.state === 'erased').length > 1, 'his earlier messages too');
});

test('no script errors and no blocked resources in either page', () => {
  assertNoPageErrors(people);
});
