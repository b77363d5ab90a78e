// A live session in real browsers: the facilitator (console on node 1's admin listener)
// sets the agenda and starts a timer for its first item; Amina (participant client on
// node 2, phone-sized) sees the item and the countdown, raises her hand, which appears in
// the console's queue, and once given the floor in the locked room, speaks. Screenshots go
// to build/screenshots/session-*.png.
//
// The tests run in order and share the browsers. Waits have generous limits that only stop
// a hung run; nothing asserts on how long anything took.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PHONE,
  WEB_ENV,
  assertNoPageErrors,
  closeBrowsers,
  openBrowser,
  say,
  shot,
  waitForMessage,
} from '../lib/browser.mjs';
import { Cluster, PEOPLE } from '../lib/harness.mjs';

const ROOM = 'session-room';
const FIXTURE = {
  rooms: [
    {
      id: ROOM,
      title: 'Youth climate exchange',
      topic: 'Cities',
      kind: 'exchange',
      state: 'open',
      starts_at: 'now-1h',
      ends_at: 'now+3h',
    },
  ],
  people: [PEOPLE.amina, PEOPLE.fatou].map((p) => ({ ...p })),
};

let cluster = null;
const browsers = [];
let fatou = null;
let amina = null;

before(async () => {
  cluster = await Cluster.start({ servers: 2, seed: FIXTURE, env: WEB_ENV });
  fatou = await openBrowser(browsers, {
    name: 'Fatou (console)',
    url: `http://127.0.0.1:${cluster.nodes[0].adminPort}/`,
  });
  amina = await openBrowser(browsers, { name: 'Amina', url: cluster.nodes[1].url, viewport: PHONE });
});

after(() => closeBrowsers(browsers).then(() => cluster?.stop()));

async function signIn(person, who) {
  await person.page.getByTestId('signin-email').fill(who.email);
  await person.page.getByTestId('signin-password').fill(who.password);
  await person.page.getByTestId('signin-submit').click();
}

test('the facilitator watches the room and Amina joins it', async () => {
  const f = fatou.page;
  await signIn(fatou, PEOPLE.fatou);
  await f.locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-open"]`).click();
  await f.getByTestId('session-card').waitFor();

  const a = amina.page;
  await signIn(amina, PEOPLE.amina);
  await a.locator(`[data-testid="room-item"][data-room-id="${ROOM}"] [data-testid="room-join"]`).click();
  await a.getByTestId('session-panel').waitFor();
  await f.getByTestId('watch-members').getByText('Amina Diallo').waitFor();
});

test('the agenda and the timer of its first item reach the participant', async () => {
  const f = fatou.page;
  await f.getByTestId('agenda-editor').fill('Welcome: 5\nOur cities: 20');
  await f.getByTestId('agenda-set').click();
  await f.locator('[data-testid="session-items"] li[aria-current="step"]', { hasText: 'Welcome' }).waitFor();
  const agenda = amina.page.getByTestId('session-agenda');
  await agenda.getByText('Now (1/2): Welcome, 5 min').waitFor();

  await f.getByTestId('agenda-timer').click();
  await amina.page.getByTestId('session-timer-label').getByText('Welcome').waitFor();
  // A countdown from 5:00: 4:5x or 5:00 by the time it is read.
  await amina.page.waitForFunction(() =>
    /^[45]:\d\d$/.test(document.querySelector('[data-testid="session-timer"]')?.textContent || ''),
  );
  assert.equal(await amina.page.getByTestId('session-timer').getAttribute('role'), 'timer');
  assert.equal(
    await amina.page.getByTestId('session-timer').getAttribute('aria-live'),
    null,
    'not a live region',
  );
  await f
    .getByTestId('console-timer')
    .getByText(/Welcome: [45]:\d\d left/)
    .waitFor();

  await f.getByTestId('agenda-next').click();
  await agenda.getByText('Now (2/2): Our cities, 20 min').waitFor();
  await shot(amina, 'session-participant.png');
});

test('a raised hand appears in the console queue; the floor lets her speak in the locked room', async () => {
  const f = fatou.page;
  const a = amina.page;
  await a.getByTestId('hand-button').click();
  await a.getByTestId('hand-state').getByText('Place 1 in line').waitFor();
  assert.equal(await a.getByTestId('hand-button').getAttribute('aria-pressed'), 'true');
  const row = f.locator('[data-testid="hand-row"]', { hasText: 'Amina Diallo' });
  await row.waitFor();

  await f.getByTestId('room-lock').click();
  await a.getByTestId('room-state-banner').waitFor();
  assert.equal(await a.getByTestId('composer-input').isDisabled(), true);

  await row.getByTestId('floor-give').click();
  await a.getByTestId('session-floor').getByText('You have the floor').waitFor();
  await f.getByTestId('console-floor').getByText('Amina Diallo has the floor.').waitFor();
  await f.locator('[data-testid="hands-queue"]').getByText('No hand raised.').waitFor();
  await a.getByTestId('hand-button').getByText('Raise hand').waitFor();
  await a.waitForFunction(() => !document.querySelector('[data-testid="composer-input"]').disabled);
  await say(amina, 'In Dakar we plant trees along the new roads.');
  await waitForMessage(a, 'In Dakar we plant trees along the new roads.');
  await f
    .locator('[data-testid="watch-message-text"]', {
      hasText: 'In Dakar we plant trees along the new roads.',
    })
    .waitFor();
  await shot(fatou, 'session-console.png');

  await f.getByTestId('floor-take').click();
  await a.getByTestId('session-floor').waitFor({ state: 'hidden' });
  await a.waitForFunction(() => document.querySelector('[data-testid="composer-input"]').disabled);
  assertNoPageErrors(browsers);
});
