// Breakout groups in real browsers (Debian's chromium through playwright-core).
// The facilitator runs one breakout round from the console on node 1 while
// Amina (desktop) and Chloé (phone) follow it in the participant client on
// node 2: each page moves into its group without a reload, shows the prompt
// and the time left, Amina calls a facilitator and the console shows it, an
// announcement reaches both groups, and ending the round (after a warning
// shortened to 1 s) brings both pages back to the session room. Screenshots go
// to build/screenshots/breakout-*.png.
//
// The tests run in order and share the browsers. Waits only stop a hung run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PHONE,
  WEB_ENV,
  assertNoPageErrors,
  closeBrowsers,
  openBrowser,
  enterRoom,
  say,
  shot,
} from '../lib/browser.mjs';
import { Cluster, PEOPLE, randomHex } from '../lib/harness.mjs';

const ROOM = 'breakout-session';
const ROOM_TITLE = 'Youth voices across the diaspora';
const PROMPT = 'Tell your group about a person who inspires you.';

const FIXTURE = {
  rooms: [{ id: ROOM, title: ROOM_TITLE, topic: 'Week 3', starts_at: 'now-1h', ends_at: 'now+3h' }],
  people: [PEOPLE.amina, PEOPLE.chloe, PEOPLE.fatou].map((p) => ({ ...p })),
};

let cluster = null;
const browsers = [];
let fatou = null;
let amina = null;
let chloe = null;
const groupOf = {}; // participant name -> group room id

before(async () => {
  cluster = await Cluster.start({
    servers: 2,
    seed: FIXTURE,
    env: { ...WEB_ENV, PASSERELLE_ADMIN_SECRET: randomHex(24), PASSERELLE_BREAKOUT_WARNING: 1 },
  });
  fatou = await openBrowser(browsers, {
    name: 'Fatou (console)',
    url: `http://127.0.0.1:${cluster.nodes[0].adminPort}/`,
  });
  amina = await openBrowser(browsers, { name: 'Amina', url: cluster.nodes[1].url });
  chloe = await openBrowser(browsers, { name: 'Chloé', url: cluster.nodes[1].url, viewport: PHONE });
});

after(async () => {
  await closeBrowsers(browsers);
  if (cluster) await cluster.stop();
});

// The group room a page moved to, once its banner shows.
async function movedToGroup(person) {
  const p = person.page;
  await p.getByTestId('breakout-banner').waitFor();
  const id = await p.getByTestId('room-view').getAttribute('data-room-id');
  assert.notEqual(id, ROOM);
  assert.match(p.url(), new RegExp(`#/room/${id}$`));
  assert.equal(await p.getByTestId('breakout-prompt').textContent(), PROMPT);
  assert.match(await p.getByTestId('breakout-time').textContent(), /^\d+:\d\d left$/);
  return id;
}

test('the facilitator starts two groups; each page moves into its group without a reload', async () => {
  await enterRoom(amina, PEOPLE.amina, ROOM);
  await enterRoom(chloe, PEOPLE.chloe, ROOM);
  // A marker that a reload would lose.
  for (const person of [amina, chloe]) await person.page.evaluate(() => (window.stayed = true));

  const p = fatou.page;
  await p.getByTestId('signin-email').fill(PEOPLE.fatou.email);
  await p.getByTestId('signin-password').fill(PEOPLE.fatou.password);
  await p.getByTestId('signin-password').press('Enter');
  await p.getByTestId('rooms-view').waitFor();
  await p.evaluate((room) => (location.hash = `#/room/${room}`), ROOM);
  await p.getByTestId('watch-members').getByText('Chloé Mensah').waitFor();
  const card = p.getByTestId('breakout-card');
  await card.getByTestId('breakout-groups').fill('2');
  await card.getByTestId('breakout-minutes').fill('15');
  await card.getByTestId('breakout-prompt').fill(PROMPT);
  await card.getByTestId('breakout-start').click();
  await card.getByTestId('breakout-board').waitFor();
  assert.equal(await card.getByTestId('breakout-group').count(), 2);
  await card.getByTestId('breakout-left').getByText(/left$/).waitFor();

  groupOf.amina = await movedToGroup(amina);
  groupOf.chloe = await movedToGroup(chloe);
  assert.notEqual(groupOf.amina, groupOf.chloe, 'one person per group');
  for (const person of [amina, chloe]) assert.equal(await person.page.evaluate(() => window.stayed), true);
  await shot(chloe, 'breakout-phone-group.png');
});

test('a call for help reaches the console; an announcement reaches every group', async () => {
  await say(amina, 'Mine is my grandmother in Dakar.');
  await amina.page.getByTestId('breakout-help').click();
  await amina.page.getByTestId('breakout-help-status').getByText('A facilitator has been called.').waitFor();
  const call = fatou.page.getByTestId('breakout-help-call');
  await call.getByText(/Amina Diallo calls a facilitator to group \d/).waitFor();
  assert.equal(await call.getByTestId('breakout-help-watch').getAttribute('href'), `#/room/${groupOf.amina}`);
  await fatou.page
    .locator('[data-testid="notice"]', { hasText: /Amina Diallo calls a facilitator/ })
    .waitFor();
  // A second call at once is held back, politely.
  await amina.page.getByTestId('breakout-help').click();
  await amina.page
    .getByTestId('breakout-help-status')
    .getByText(/called a moment ago/)
    .waitFor();

  // The board counts Amina's message in her group (status is polled; the start redrew it).
  const card = fatou.page.getByTestId('breakout-card');
  await card.getByTestId('breakout-announce-text').fill('Five more minutes, then back together.');
  await card.getByTestId('breakout-announce').click();
  for (const person of [amina, chloe])
    await person.page
      .getByTestId('announcement')
      .getByText('Five more minutes, then back together.')
      .waitFor();
  await shot(fatou, 'breakout-console.png');
});

test('ending the round warns, then brings every page back to the session room', async () => {
  await fatou.page.getByTestId('breakout-end').click();
  for (const person of [amina, chloe]) {
    await person.page.locator(`[data-testid="room-view"][data-room-id="${ROOM}"]`).waitFor();
    await person.page.getByTestId('notice').getByText('You are back in the main room.').waitFor();
    assert.equal(await person.page.getByTestId('breakout-banner').isHidden(), true);
    assert.equal(await person.page.evaluate(() => window.stayed), true);
  }
  await fatou.page
    .getByTestId('breakout-state')
    .getByText(/has ended/)
    .waitFor();
  // The group keeps its history: the console can watch it.
  await fatou.page.evaluate((room) => (location.hash = `#/room/${room}`), groupOf.amina);
  await fatou.page.getByTestId('watch-message-text').getByText('Mine is my grandmother in Dakar.').waitFor();
  await fatou.page.getByTestId('breakout-session').waitFor();
  assertNoPageErrors(browsers);
});
