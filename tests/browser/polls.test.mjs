// Polls in real browsers (Debian's chromium through playwright-core). Two server processes
// share one Redis: the facilitator asks a question from the console on node 1; Amina
// (desktop, English) and Chloé (phone, French) answer in the participant client on node 2.
// The console counts live, Amina changes her vote with the keyboard, and closing the poll
// shows everyone the results without a reload. Screenshots go to build/screenshots/polls-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PHONE,
  WEB_ENV,
  assertNoPageErrors,
  closeBrowsers,
  enterRoom,
  openBrowser,
  shot,
} from '../lib/browser.mjs';
import { Cluster, PEOPLE } from '../lib/harness.mjs';

const ROOM = 'polls-room';
const FIXTURE = {
  rooms: [{ id: ROOM, title: 'Youth climate exchange', topic: '', starts_at: 'now-1h', ends_at: 'now+3h' }],
  people: [PEOPLE.amina, PEOPLE.chloe, PEOPLE.fatou].map((p) => ({ ...p })),
};

let cluster = null;
const browsers = [];
let fatou = null;
let amina = null;
let chloe = null;

before(async () => {
  cluster = await Cluster.start({ servers: 2, seed: FIXTURE, env: WEB_ENV });
  fatou = await openBrowser(browsers, {
    name: 'Fatou (console)',
    url: `http://127.0.0.1:${cluster.nodes[0].adminPort}/`,
  });
  amina = await openBrowser(browsers, { name: 'Amina', url: cluster.nodes[1].url });
  chloe = await openBrowser(browsers, {
    name: 'Chloé',
    url: cluster.nodes[1].url,
    viewport: PHONE,
    locale: 'fr-FR',
  });
});

after(async () => {
  await closeBrowsers(browsers);
  if (cluster) await cluster.stop();
});

const card = (person) => person.page.getByTestId('poll-card');

test('a poll asked from the console, answered on a desktop and a phone, closed with results for all', async () => {
  await enterRoom(amina, PEOPLE.amina, ROOM);
  await enterRoom(chloe, PEOPLE.chloe, ROOM);

  const c = fatou.page;
  await c.getByTestId('signin-email').fill(PEOPLE.fatou.email);
  await c.getByTestId('signin-password').fill(PEOPLE.fatou.password);
  await c.getByTestId('signin-password').press('Enter');
  await c.locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-open"]`).click();
  await c.getByTestId('polls-card').waitFor();
  await c.getByTestId('poll-question').fill('Which action first?');
  await c.getByTestId('poll-options').fill('Tree planting\nBike to school\n\nRepair café');
  await c.getByTestId('poll-create').click();
  const item = c.getByTestId('poll-item');
  await item.waitFor();
  assert.equal(await item.getAttribute('data-state'), 'open');

  // Both participants see the card appear; no counts while it is open.
  await card(amina).waitFor();
  await card(chloe).waitFor();
  assert.equal(await amina.page.getByTestId('poll-results').count(), 0);
  assert.equal(await chloe.page.getByTestId('poll-vote').textContent(), 'Voter');
  assert.equal(await amina.page.getByTestId('poll-choice').count(), 3);

  await chloe.page.getByTestId('poll-choice').nth(1).check();
  await chloe.page.getByTestId('poll-vote').click();
  await chloe.page.getByTestId('poll-vote').filter({ hasText: 'Changer mon vote' }).waitFor();

  // Amina with the keyboard: focus the first option, move to the third, submit with Enter.
  await amina.page.getByTestId('poll-choice').first().focus();
  await amina.page.keyboard.press('Space');
  await amina.page.keyboard.press('ArrowDown');
  await amina.page.keyboard.press('ArrowDown');
  await amina.page.keyboard.press('Enter');
  await amina.page.getByTestId('poll-vote').filter({ hasText: 'Change my vote' }).waitFor();
  await c.getByTestId('poll-voters').filter({ hasText: '2 people voted' }).waitFor();
  await shot(fatou, 'polls-console.png');
  const counts = () => c.getByTestId('poll-count').allTextContents();
  assert.deepEqual(
    (await counts()).map((s) => s.trim()),
    ['0 votes', '1 vote', '1 vote'],
  );

  // Amina changes her mind: the count moves, still two voters.
  await amina.page.getByTestId('poll-choice').nth(1).check();
  await amina.page.getByTestId('poll-vote').click();
  await c.getByTestId('poll-count').nth(1).filter({ hasText: '2 votes' }).waitFor();
  assert.match(await c.getByTestId('poll-voters').textContent(), /2 people voted/);

  await c.getByTestId('poll-close').click();
  await c.locator('[data-testid="poll-item"][data-state="closed"]').waitFor();
  // French counts zero in the singular.
  const results = [
    [amina, ['0 votes', '2 votes', '0 votes']],
    [chloe, ['0 vote', '2 votes', '0 vote']],
  ];
  for (const [person, want] of results) {
    await person.page.locator('[data-testid="poll-card"][data-state="closed"]').waitFor();
    const shown = await person.page.getByTestId('poll-count').allTextContents();
    assert.deepEqual(
      shown.map((s) => s.trim()),
      want,
    );
  }
  await shot(chloe, 'polls-phone-results.png');
  assertNoPageErrors(browsers);
});
