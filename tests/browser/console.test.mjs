// The facilitator console in a real browser (Debian's chromium through
// playwright-core), next to the participant client. Two server processes
// share one Redis: the facilitator uses the console on node 1's admin
// listener; Amina and Chloé use the participant client on node 2. The
// facilitator deletes a message and mutes Amina while Chloé and Amina watch
// it happen; the audit log shows both; the console stays signed in across a
// reload and comes back by itself after its server restarts. Screenshots go to
// build/screenshots/console-*.png.
//
// The tests run in order and share the browsers. Waits have generous limits
// that only stop a hung run; nothing asserts on how long anything took.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminClient } from '../lib/admin.mjs';
import {
  DESKTOP,
  PHONE,
  WEB_ENV,
  assertNoPageErrors,
  closeBrowsers,
  openBrowser,
  say,
  shot,
} from '../lib/browser.mjs';
import { Cluster, PEOPLE, randomHex } from '../lib/harness.mjs';

const ROOM = 'console-room';
const ROOM_TITLE = 'Diaspora health workers: exchange of practice';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';
const SPAM = 'Buy followers now at spam.example!!!';
const REASON = 'Please keep the exchange respectful.';

const FIXTURE = {
  rooms: [
    {
      id: ROOM,
      title: ROOM_TITLE,
      topic: 'Sharing what works',
      kind: 'exchange',
      state: 'open',
      starts_at: 'now-1h',
      ends_at: 'now+3h',
    },
    {
      id: 'console-other',
      title: 'Storytelling for advocacy',
      topic: '',
      starts_at: 'now-30m',
      ends_at: 'now+2h',
    },
    {
      id: 'console-done',
      title: 'Last week’s exchange',
      topic: '',
      state: 'closed',
      starts_at: 'now-8d',
      ends_at: 'now-7d',
    },
  ],
  people: [PEOPLE.amina, PEOPLE.chloe, PEOPLE.fatou].map((p) => ({ ...p })),
};

let cluster = null;
let adminSecret = '';
const browsers = [];
let fatou = null; // the facilitator, console on node 1's admin listener
let amina = null; // participant on node 2, gets muted
let chloe = null; // participant on node 2, watches
const ids = {}; // user ids learnt along the way

const consoleUrl = (node) => `http://127.0.0.1:${node.adminPort}/`;

// ---------------------------------------------------------------- participant side

async function participantSignIn(person, who) {
  const p = person.page;
  await p.getByTestId('signin-email').fill(who.email);
  await p.getByTestId('signin-password').fill(who.password);
  await p.getByTestId('signin-submit').click();
  await p.locator(`[data-testid="room-item"][data-room-id="${ROOM}"]`).waitFor();
}

async function participantJoin(person) {
  const p = person.page;
  await p.locator(`[data-testid="room-item"][data-room-id="${ROOM}"] [data-testid="room-join"]`).click();
  await p.locator(`[data-testid="room-view"][data-room-id="${ROOM}"]`).waitFor();
}

// A message of the room as shown to a participant, by text and state.
const participantMessage = (person, text, state = 'sent') =>
  person.page.locator(`[data-testid="message"][data-state="${state}"]`, {
    has: person.page.locator('[data-testid="message-text"]', { hasText: text }),
  });

async function participantTexts(person) {
  return person.page.$$eval('[data-testid="message-list"] [data-testid="message-text"]', (els) =>
    els.map((e) => e.textContent),
  );
}

// ---------------------------------------------------------------- console side

const consoleMessage = (text) =>
  fatou.page.locator('[data-testid="watch-message"]', {
    has: fatou.page.locator('[data-testid="watch-message-text"]', { hasText: text }),
  });

const member = (id) => fatou.page.locator(`[data-testid="watch-member"][data-user-id="${id}"]`);

async function consoleState(state) {
  await fatou.page.locator(`[data-testid="conn-status"][data-state="${state}"]`).waitFor();
}

before(async () => {
  adminSecret = randomHex(24);
  cluster = await Cluster.start({
    servers: 2,
    seed: FIXTURE,
    env: { ...WEB_ENV, PASSERELLE_ADMIN_SECRET: adminSecret },
  });
  fatou = await openBrowser(browsers, { name: 'Fatou (console)', url: consoleUrl(cluster.nodes[0]) });
  amina = await openBrowser(browsers, { name: 'Amina', url: cluster.nodes[1].url });
  chloe = await openBrowser(browsers, { name: 'Chloé', url: cluster.nodes[1].url, viewport: PHONE });
});

after(async () => {
  await closeBrowsers(browsers);
  if (cluster) await cluster.stop();
});

test('the console turns away a wrong secret and a participant, and signs the facilitator in', async () => {
  const p = fatou.page;
  await consoleState('signin');
  assert.equal(await p.getAttribute('html', 'lang'), 'en');

  await p.getByTestId('secret-toggle').locator('summary').click();
  await p.getByTestId('secret-input').fill(`${adminSecret}x`);
  await p.getByTestId('secret-submit').click();
  await p.getByTestId('secret-error').waitFor();
  assert.match(await p.getByTestId('secret-error').textContent(), /Wrong secret/);

  // A participant's right password is not enough.
  await p.getByTestId('signin-email').fill(PEOPLE.amina.email);
  await p.getByTestId('signin-password').fill(PEOPLE.amina.password);
  await p.getByTestId('signin-submit').click();
  await p.getByTestId('signin-error').waitFor();
  assert.match(await p.getByTestId('signin-error').textContent(), /not a facilitator/);
  await shot(fatou, 'console-signin.png');

  // The facilitator, with the keyboard: Enter in the password field submits.
  await p.getByTestId('signin-email').fill(PEOPLE.fatou.email);
  await p.getByTestId('signin-password').fill(PEOPLE.fatou.password);
  await p.getByTestId('signin-password').press('Enter');
  await p.getByTestId('rooms-view').waitFor();
  await consoleState('online');
  assert.match(await p.getByTestId('whoami').textContent(), /Fatou Ndiaye/);
  const row = p.locator(`[data-testid="room-row"][data-room-id="${ROOM}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('room-open').textContent(), ROOM_TITLE);
  assert.equal(await row.getAttribute('data-state'), 'open');
  // Closed rooms are folded away until asked for.
  assert.equal(await p.locator('[data-testid="room-row"][data-room-id="console-done"]').count(), 0);
  await p.getByTestId('rooms-show-closed').check();
  await p.locator('[data-testid="room-row"][data-room-id="console-done"][data-state="closed"]').waitFor();
  await p.getByTestId('rooms-show-closed').uncheck();
});

test('people on the other server appear live in the watched room, their text as text', async () => {
  await participantSignIn(amina, PEOPLE.amina);
  await participantSignIn(chloe, PEOPLE.chloe);
  await participantJoin(amina);
  await participantJoin(chloe);

  // The room list counts them (room.stats is polled).
  const p = fatou.page;
  await p
    .locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-online"]`, {
      hasText: /^2$/,
    })
    .waitFor();
  await shot(fatou, 'console-rooms.png');

  await p.locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-open"]`).click();
  await p.locator(`[data-testid="watch-view"][data-room-id="${ROOM}"]`).waitFor();
  assert.equal(await p.getByTestId('watch-title').textContent(), ROOM_TITLE);
  const names = p.getByTestId('watch-members');
  await names.getByText('Amina Diallo').waitFor();
  await names.getByText('Chloé Mensah').waitFor();
  ids.amina = await p
    .locator('[data-testid="watch-member"]', { hasText: 'Amina Diallo' })
    .getAttribute('data-user-id');
  ids.chloe = await p
    .locator('[data-testid="watch-member"]', { hasText: 'Chloé Mensah' })
    .getAttribute('data-user-id');
  assert.ok(ids.amina && ids.chloe && ids.amina !== ids.chloe);

  // Watching does not make the facilitator a member: nobody sees Fatou arrive.
  const chloeMembers = await chloe.page.$$eval('[data-testid="member"]', (els) =>
    els.map((e) => e.textContent),
  );
  assert.ok(!chloeMembers.some((t) => t.includes('Fatou')), `Chloé sees the facilitator: ${chloeMembers}`);

  await say(amina, 'Hello everyone, I work in a clinic in Dakar.');
  await say(amina, HOSTILE);
  await say(amina, SPAM);
  await participantMessage(chloe, SPAM).waitFor();
  await consoleMessage(SPAM).waitFor();
  // Typed markup stays text in the console.
  await consoleMessage(HOSTILE).waitFor();
  assert.equal(await p.locator('[data-testid="watch-messages"] img').count(), 0);
  assert.notEqual(await p.title(), 'pwned');
  const authors = await p.$$eval('[data-testid="watch-message-author"]', (els) =>
    els.map((e) => e.textContent),
  );
  assert.deepEqual(authors, ['Amina Diallo', 'Amina Diallo', 'Amina Diallo']);
  await shot(fatou, 'console-watch.png');
});

test('the console shows who is typing', async () => {
  await chloe.page.getByTestId('composer-input').fill('I am writing something');
  await fatou.page.getByTestId('watch-typing').filter({ hasText: 'Chloé Mensah is typing' }).waitFor();
  await chloe.page.getByTestId('composer-input').fill('');
});

test('the facilitator deletes a message: it disappears for everybody in the room', async () => {
  const p = fatou.page;
  const msg = consoleMessage(SPAM);
  const id = await msg.getAttribute('data-message-id');
  assert.ok(id, 'the console message has no id');

  // Escape backs out of the dialog without doing anything.
  await msg.getByTestId('message-delete').click();
  const dialog = p.getByTestId('action-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('action-context').textContent(), SPAM);
  await p.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await msg.getAttribute('data-state'), 'shown');

  // Two clicks: the action, then Confirm.
  await msg.getByTestId('message-delete').click();
  await dialog.waitFor();
  await shot(fatou, 'console-dialog-delete.png');
  await dialog.getByTestId('action-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await p.locator(`[data-testid="watch-message"][data-message-id="${id}"][data-state="deleted"]`).waitFor();
  assert.equal(await consoleMessage(SPAM).count(), 0, 'the console still shows the deleted text');

  for (const person of [chloe, amina]) {
    await person.page
      .locator(`[data-testid="message"][data-message-id="${id}"]`)
      .waitFor({ state: 'detached' });
    const texts = await participantTexts(person);
    assert.ok(!texts.includes(SPAM), `${person.name} still sees the deleted message`);
    assert.ok(texts.includes(HOSTILE), `${person.name} lost a message that was not deleted`);
  }
  await shot(chloe, 'console-participant-deleted.png');
});

test('the facilitator mutes a person for 5 minutes with a reason: they are told and cannot write', async () => {
  const p = fatou.page;
  await member(ids.amina).getByTestId('act-mute5').click();
  const dialog = p.getByTestId('action-dialog');
  await dialog.waitFor();
  assert.match(await dialog.locator('h2').textContent(), /Mute Amina Diallo .* 5 minutes/);
  // The reason field has the focus: type and press Enter.
  await p.keyboard.type(REASON);
  await shot(fatou, 'console-dialog-mute.png');
  await p.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await p
    .locator('[data-testid="notice"][data-kind="ok"]', { hasText: 'Amina Diallo muted for 5 minutes' })
    .waitFor();
  await p
    .locator(`[data-testid="restricted"][data-user-id="${ids.amina}"][data-action="user.mute"]`)
    .waitFor();

  // Amina is told, with the reason, and her next message is refused.
  const notice = amina.page.locator('[data-testid="notice"]', { hasText: 'muted you' });
  await notice.waitFor();
  assert.match(await notice.textContent(), new RegExp(REASON.replace(/[.]/g, '\\.')));
  const attempt = 'Why was my message removed?';
  await say(amina, attempt);
  const failed = participantMessage(amina, attempt, 'failed');
  await failed.waitFor();
  assert.match(await failed.getByTestId('message-status').textContent(), /muted/i);
  await shot(amina, 'console-participant-muted.png');

  // Chloé can still write, and never sees the refused message.
  const after = 'Thank you for the moderation.';
  await say(chloe, after);
  await participantMessage(chloe, after).waitFor();
  await consoleMessage(after).waitFor();
  assert.ok(!(await participantTexts(chloe)).includes(attempt), 'a muted message reached the room');
  assert.equal(await consoleMessage(attempt).count(), 0, 'a muted message reached the console');
});

test('the audit log lists the deletion and the mute, and filters them', async () => {
  const p = fatou.page;
  await p.getByTestId('nav-audit').click();
  await p.getByTestId('audit-view').waitFor();
  await p.getByTestId('audit-room').selectOption(ROOM);
  const mute = p.locator('[data-testid="audit-entry"][data-action="user.mute"]');
  await mute.waitFor();
  await p.locator('[data-testid="audit-entry"][data-action="message.delete"]').waitFor();
  assert.equal(await mute.getByTestId('audit-detail').textContent(), REASON);
  assert.match(await mute.getByTestId('audit-target').textContent(), /Amina Diallo/);
  assert.match(await mute.textContent(), /Fatou Ndiaye/);
  const actions = await p.$$eval('[data-testid="audit-entry"]', (els) => els.map((e) => e.dataset.action));
  assert.deepEqual(actions, ['user.mute', 'message.delete'], 'newest first, this room only');

  await p.getByTestId('audit-action').selectOption('message.delete');
  await p.locator('[data-testid="audit-entry"][data-action="user.mute"]').waitFor({ state: 'detached' });
  assert.equal(await p.locator('[data-testid="audit-entry"]').count(), 1);
  assert.match(p.url(), /#\/audit\?room=console-room&action=message\.delete/);
  await shot(fatou, 'console-audit.png');
});

test('the facilitator runs the exchange: new room, announcement, lock, slow mode, ban and lift', async () => {
  const p = fatou.page;
  await p.getByTestId('nav-rooms').click();
  await p.getByTestId('create-title').fill('Evening exchange: remittances and savings');
  await p.getByTestId('create-topic').fill('Questions from the first meeting');
  await p.getByTestId('create-submit').click();
  const created = p.locator('[data-testid="room-row"]', {
    hasText: 'Evening exchange: remittances and savings',
  });
  await created.waitFor();
  assert.equal(await created.getAttribute('data-state'), 'open');
  // The participants' list has it too.
  await chloe.page.getByTestId('nav-rooms').click();
  await chloe.page
    .locator('[data-testid="room-item"]', { hasText: 'Evening exchange: remittances and savings' })
    .waitFor();
  await participantJoin(chloe);

  await p.locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-open"]`).click();
  await member(ids.chloe).waitFor();
  const note = 'We start the second part in five minutes.';
  await p.getByTestId('announce-text').fill(note);
  await p.getByTestId('announce-submit').click();
  await chloe.page.locator('[data-testid="announcement"]', { hasText: note }).waitFor();
  await p.locator('[data-testid="watch-announcement"]', { hasText: note }).waitFor();

  await p.getByTestId('room-lock').click();
  await p.locator('[data-testid="watch-state"]', { hasText: 'Locked' }).waitFor();
  await chloe.page.locator('[data-testid="composer-input"]:disabled').waitFor();
  await p.getByTestId('room-unlock').click();
  await p.locator('[data-testid="watch-state"]', { hasText: 'Open' }).waitFor();
  await chloe.page.locator('[data-testid="composer-input"]:enabled').waitFor();

  await p.getByTestId('slowmode-select').selectOption('10');
  await p.getByTestId('slowmode-apply').click();
  await p.locator('[data-testid="watch-slowmode"]', { hasText: '10 s' }).waitFor();
  await p.getByTestId('slowmode-select').selectOption('0');
  await p.getByTestId('slowmode-apply').click();
  await p.locator('[data-testid="watch-slowmode"]', { hasText: 'off' }).waitFor();

  // Contact details: refused by default, allowed with one click, refused again.
  await p.locator('[data-testid="watch-contact"]', { hasText: 'refused' }).waitFor();
  await p.getByTestId('room-contact').click();
  await p.locator('[data-testid="watch-contact"]', { hasText: 'allowed' }).waitFor();
  await p.locator('[data-testid="room-contact"]', { hasText: 'Refuse contact details' }).waitFor();
  await p.getByTestId('room-contact').click();
  await p.locator('[data-testid="watch-contact"]', { hasText: 'refused' }).waitFor();

  // A ban found by email, with a duration; the person is put out of the room.
  await p.getByTestId('find-email').fill(PEOPLE.amina.email);
  await p.getByTestId('find-submit').click();
  await p.getByTestId('find-name').filter({ hasText: 'Amina Diallo' }).waitFor();
  await p.getByTestId('find-result').getByTestId('act-ban').click();
  const dialog = p.getByTestId('action-dialog');
  await dialog.getByTestId('action-duration').selectOption('86400');
  await dialog.getByTestId('action-reason').fill('Repeated spam.');
  await dialog.getByTestId('action-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await amina.page.locator('[data-testid="notice"]', { hasText: 'banned you' }).waitFor();
  await member(ids.amina).waitFor({ state: 'detached' });
  const banned = p.locator(`[data-testid="restricted"][data-user-id="${ids.amina}"][data-action="user.ban"]`);
  await banned.waitFor();
  await shot(fatou, 'console-banned.png');
  await banned.getByTestId('act-unban').click();
  await dialog.getByTestId('action-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await banned.waitFor({ state: 'detached' });

  // Amina may come back (still muted).
  await amina.page.getByTestId('nav-rooms').click();
  await participantJoin(amina);
  await member(ids.amina).waitFor();
});

test('a report from a participant reaches the Reports page, counted on the navigation, and is decided in one click', async () => {
  const text = 'Send me your address, I will visit you';
  const author = await cluster.member(1, ROOM);
  await author.client.ok('say', { room: ROOM, text });
  const item = participantMessage(chloe, text);
  await item.getByTestId('message-report').click();
  await item.getByTestId('report-reason').selectOption('personal-data');
  await item.getByTestId('report-send').click();
  await chloe.page.locator('[data-testid="notice"]', { hasText: 'look at your report' }).waitFor();

  const p = fatou.page;
  await p.locator('[data-testid="nav-reports-count"]', { hasText: '1' }).waitFor();
  await p.getByTestId('nav-reports').click();
  const card = p.locator('[data-testid="report"][data-state="open"]');
  await card.waitFor();
  assert.equal(await card.getByTestId('report-message').textContent(), `${author.user.name} ${text}`);
  assert.ok((await card.getByTestId('report-context').count()) > 0, 'the messages before it are shown');
  await shot(fatou, 'console-reports.png');
  await card.getByTestId('report-note').fill('Asked for a home address');
  await card.getByTestId('report-delete').click();
  await p.locator('[data-testid="notice"]', { hasText: 'Message deleted' }).waitFor();
  await card.waitFor({ state: 'detached' });
  await p.locator('[data-testid="nav-reports-count"]').waitFor({ state: 'hidden' });
  await item.waitFor({ state: 'detached' });
  await p.getByTestId('reports-state').selectOption('resolved');
  await p
    .locator('[data-testid="report"][data-state="resolved"] [data-testid="report-resolution"]', {
      hasText: 'Asked for a home address',
    })
    .waitFor();
  await p.getByTestId('nav-rooms').click();
});

test('French is remembered and the facilitator stays signed in across a reload; the phone layout works', async () => {
  const p = fatou.page;
  await p.getByTestId('lang-switch').selectOption('fr');
  assert.equal(await p.getAttribute('html', 'lang'), 'fr');
  await p.goto(`${consoleUrl(cluster.nodes[0])}#/room/${ROOM}`);
  await p.reload();
  await p.locator(`[data-testid="watch-view"][data-room-id="${ROOM}"]`).waitFor();
  assert.equal(await p.getAttribute('html', 'lang'), 'fr');
  assert.equal(await p.getByTestId('signin-view').count(), 0, 'the reload asked for the password again');
  assert.equal((await p.getByTestId('nav-audit').textContent()).trim(), 'Journal');
  await member(ids.amina).waitFor();
  assert.equal((await member(ids.amina).getByTestId('act-mute5').textContent()).trim(), 'Muet 5 min');

  await p.setViewportSize(PHONE);
  await shot(fatou, 'console-phone-watch-fr.png');
  // On a phone every action still takes one tap to open and one to confirm.
  await consoleMessage(HOSTILE).getByTestId('act-mute60').click();
  const dialog = p.getByTestId('action-dialog');
  await dialog.waitFor();
  await shot(fatou, 'console-phone-dialog-fr.png');
  await dialog.getByTestId('action-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  await p.getByTestId('nav-rooms').click();
  await p.locator(`[data-testid="room-row"][data-room-id="${ROOM}"]`).waitFor();
  await shot(fatou, 'console-phone-rooms-fr.png');
  await p.setViewportSize(DESKTOP);
  await p.getByTestId('lang-switch').selectOption('en');
});

test('the console reconnects by itself when its server comes back, and watches again', async () => {
  const p = fatou.page;
  await p.locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-open"]`).click();
  await p.locator(`[data-testid="watch-view"][data-room-id="${ROOM}"]`).waitFor();
  await member(ids.chloe).waitFor();

  const old = cluster.nodes[0];
  const adminPort = old.adminPort;
  await cluster.retire(old);
  await consoleState('reconnecting');
  assert.equal(await p.getByTestId('conn-banner').isVisible(), true);
  await shot(fatou, 'console-reconnecting.png');

  // A new process on the same admin address; the people stay on node 2.
  // Node names must stay unique: a starting node clears its name's presence.
  await cluster.startServer({
    env: { PASSERELLE_ADMIN: `127.0.0.1:${adminPort}`, PASSERELLE_NODE: 'n1-restarted' },
  });
  await consoleState('online');
  await p.locator('[data-testid="watch-system"]', { hasText: 'Reconnected' }).waitFor();
  await member(ids.chloe).waitFor();
  await member(ids.amina).waitFor();
  const text = 'Are we still being heard?';
  await say(chloe, text);
  await consoleMessage(text).waitFor();
  // The deleted message stays deleted after the watch starts over.
  assert.equal(await consoleMessage(SPAM).count(), 0);
});

test('the bootstrap secret signs in for this tab only', async () => {
  const p = fatou.page;
  await p.getByTestId('signout').click();
  await p.getByTestId('signin-view').waitFor();
  await p.getByTestId('secret-toggle').locator('summary').click();
  await p.getByTestId('secret-input').fill(adminSecret);
  await p.getByTestId('secret-input').press('Enter');
  // Back on the screen that was open, now as the bootstrap admin.
  await p.locator(`[data-testid="watch-view"][data-room-id="${ROOM}"]`).waitFor();
  assert.match(await p.getByTestId('whoami').textContent(), /bootstrap/);
  await member(ids.chloe).waitFor();
  // The secret is never stored: a reload asks again.
  await p.reload();
  await p.getByTestId('signin-view').waitFor();
  const stored = await p.evaluate(
    () => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
  );
  assert.ok(!stored.includes(adminSecret), 'the admin secret was written to browser storage');
});

test('a facilitator whose role is taken away is signed out of the console at once', async () => {
  const p = fatou.page;
  await p.getByTestId('signin-email').fill(PEOPLE.fatou.email);
  await p.getByTestId('signin-password').fill(PEOPLE.fatou.password);
  await p.getByTestId('signin-submit').click();
  await p.locator(`[data-testid="watch-view"][data-room-id="${ROOM}"]`).waitFor();
  assert.ok(await p.evaluate(() => sessionStorage.length > 0), 'no token kept for a reload');

  // From the participants' node: the change reaches the console's node through Redis.
  const admin = await adminClient(cluster, 0, { secret: adminSecret });
  try {
    const { user } = await admin.ok('user.find', { email: PEOPLE.fatou.email });
    await admin.ok('user.role', { user: user.id, role: 'mentee' });
    await p.getByTestId('signin-view').waitFor();
    await p.locator('[data-testid="notice"]', { hasText: 'signed out' }).waitFor();
    assert.equal(await p.evaluate(() => sessionStorage.length), 0, 'the revoked token is still kept');
    await admin.ok('user.role', { user: user.id, role: 'facilitator' });
  } finally {
    await admin.close();
  }
});

test('no page error in any browser', () => {
  assertNoPageErrors(browsers);
});
