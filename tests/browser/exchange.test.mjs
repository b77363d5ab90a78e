// A whole live virtual exchange in real browsers (Debian's chromium through playwright-core).
// Two server processes share one Redis. The facilitator runs the session from the console on
// node 1; six participants follow it in the participant client, three on each node (two on
// phones, two in French; they share one browser, a context each). The facilitator sets the
// agenda and starts the timer of its first item, which every page shows; starts a breakout
// of three groups with a prompt: every page moves into its group without a reload, people
// chat within their group only, one calls a facilitator and the console shows it; ends the
// breakout: every page is back in the session room; asks a poll that everyone answers from
// their page, with the live count on the console, then closes it: every page shows the
// results. Screenshots go to build/screenshots/exchange-*.png.
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
  openConsole,
  say,
  sharedBrowser,
  shot,
  waitForMessage,
} from '../lib/browser.mjs';
import { Cluster, PEOPLE, randomHex, seedProfile } from '../lib/harness.mjs';

const ROOM = 'exchange-session';
const PROMPT = 'Share one thing your city does well for young people.';
const GROUPS = 3;

const person = (key, name, country, origin, lang) => ({
  email: `${key}@example.org`,
  password: `${key}-password-1`,
  name,
  role: 'mentee',
  profile: seedProfile(country, origin, [{ code: lang, level: 'native' }], []),
});

// The six participants: who they are, which node they use, how their page looks.
const PARTICIPANTS = [
  { who: PEOPLE.amina, node: 0 },
  { who: person('kwame', 'Kwame Owusu', 'GB', 'GH', 'en'), node: 0, viewport: PHONE },
  { who: person('mariam', 'Mariam Keita', 'FR', 'ML', 'fr'), node: 0, locale: 'fr-FR' },
  { who: PEOPLE.chloe, node: 1, viewport: PHONE, locale: 'fr-FR' },
  { who: person('youssef', 'Youssef Benali', 'BE', 'MA', 'fr'), node: 1 },
  { who: person('ines', 'Inès Moreira', 'PT', 'CV', 'pt'), node: 1 },
];

const FIXTURE = {
  rooms: [
    {
      id: ROOM,
      title: 'Cities we grow up in',
      topic: 'Week 4',
      kind: 'exchange',
      state: 'open',
      starts_at: 'now-1h',
      ends_at: 'now+3h',
    },
  ],
  people: [PEOPLE.fatou, ...PARTICIPANTS.map((p) => p.who)].map((p) => ({ ...p })),
};

// Texts of the participant client the test reads, by language.
const TEXT = {
  en: { helpSent: 'A facilitator has been called.', back: 'You are back in the main room.' },
  fr: { helpSent: 'Un animateur a été appelé.', back: 'Vous êtes de retour dans la salle principale.' },
};

let cluster = null;
let shared = null;
const browsers = [];
let fatou = null;
const people = []; // the participants' browsers, in the order of PARTICIPANTS
const groupOf = new Map(); // participant -> group room id

before(async () => {
  cluster = await Cluster.start({
    servers: 2,
    seed: FIXTURE,
    env: { ...WEB_ENV, PASSERELLE_ADMIN_SECRET: randomHex(24), PASSERELLE_BREAKOUT_WARNING: 1 },
  });
  fatou = await openConsole(browsers, cluster);
  shared = await sharedBrowser();
  for (const { who, node, viewport, locale } of PARTICIPANTS)
    people.push(
      await openBrowser(browsers, {
        name: who.name,
        url: cluster.nodes[node].url,
        browser: shared,
        viewport,
        locale,
        who,
        lang: locale ? locale.slice(0, 2) : 'en',
      }),
    );
});

after(async () => {
  await closeBrowsers(browsers);
  if (shared) await shared.close();
  if (cluster) await cluster.stop();
});

// Runs step(person) for every participant at once.
const everyone = (step) => Promise.all(people.map(step));

const inRoom = (p, id) => p.page.locator(`[data-testid="room-view"][data-room-id="${id}"]`);

async function signIn(p, who) {
  await p.page.getByTestId('signin-email').fill(who.email);
  await p.page.getByTestId('signin-password').fill(who.password);
  await p.page.getByTestId('signin-submit').click();
}

// Signs a participant in, opens the session room and leaves a mark that a reload would lose.
async function joinSession(p) {
  await signIn(p, p.who);
  await p.page.locator(`[data-testid="room-item"][data-room-id="${ROOM}"] [data-testid="room-join"]`).click();
  await inRoom(p, ROOM).waitFor();
  await p.page.getByTestId('session-panel').waitFor();
  await p.page.evaluate(() => (window.stayed = true));
}

async function assertNotReloaded(p) {
  assert.equal(await p.page.evaluate(() => window.stayed), true, `${p.name}'s page was reloaded`);
}

// The texts of the messages a page shows.
const messageTexts = (p) => p.page.getByTestId('message-text').allTextContents();

test('the facilitator opens the session room and six participants join it on two nodes', async () => {
  const f = fatou.page;
  await signIn(fatou, PEOPLE.fatou);
  await f.locator(`[data-testid="room-row"][data-room-id="${ROOM}"] [data-testid="room-open"]`).click();
  await f.getByTestId('session-card').waitFor();
  for (const p of people) await joinSession(p);
  for (const p of people) await f.getByTestId('watch-members').getByText(p.who.name).waitFor();
});

// Waits until the page's countdown shows a time, then until it moves on.
async function countsDown(p) {
  const clock = p.page.getByTestId('session-timer');
  await p.page.waitForFunction(() =>
    /^\d+:\d\d$/.test(document.querySelector('[data-testid="session-timer"]')?.textContent || ''),
  );
  const first = await clock.textContent();
  await p.page.waitForFunction(
    (was) => document.querySelector('[data-testid="session-timer"]')?.textContent !== was,
    first,
  );
  assert.match(await clock.textContent(), /^[0-5]:\d\d$/);
}

test('the agenda and the timer of its first item reach every page', async () => {
  const f = fatou.page;
  await f.getByTestId('agenda-editor').fill('Welcome: 5\nIn small groups: 15\nOne question: 5');
  await f.getByTestId('agenda-set').click();
  await f.locator('[data-testid="session-items"] li[aria-current="step"]', { hasText: 'Welcome' }).waitFor();
  // "Now (1/3): Welcome, 5 min" or "En cours (1/3) : Welcome, 5 min".
  await everyone((p) =>
    p.page
      .getByTestId('session-agenda')
      .getByText(/\(1\/3\) ?: Welcome, 5 min$/)
      .waitFor(),
  );

  await f.getByTestId('agenda-timer').click();
  await everyone(async (p) => {
    await p.page.getByTestId('session-timer-label').getByText('Welcome').waitFor();
    await countsDown(p);
  });
  await f
    .getByTestId('console-timer')
    .getByText(/Welcome: [0-5]:\d\d left/)
    .waitFor();
  await shot(people[1], 'exchange-phone-agenda.png');
});

// The group room a page moved to, once its banner shows the prompt and the time left.
async function movedToGroup(p) {
  const page = p.page;
  await page.getByTestId('breakout-banner').waitFor();
  await page.getByTestId('breakout-prompt').getByText(PROMPT).waitFor();
  await page
    .getByTestId('breakout-time')
    .getByText(/\d+:\d\d/)
    .waitFor();
  const id = await page.getByTestId('room-view').getAttribute('data-room-id');
  assert.notEqual(id, ROOM);
  assert.match(page.url(), new RegExp(`#/room/${id}$`));
  await assertNotReloaded(p);
  return id;
}

// The participants by group room, each group a list.
function groups() {
  const by = new Map();
  for (const p of people) by.set(groupOf.get(p), [...(by.get(groupOf.get(p)) || []), p]);
  return [...by.values()];
}

test('the facilitator starts three groups; every page moves into its group without a reload', async () => {
  const card = fatou.page.getByTestId('breakout-card');
  await card.getByTestId('breakout-groups').fill(String(GROUPS));
  await card.getByTestId('breakout-minutes').fill('15');
  await card.getByTestId('breakout-prompt').fill(PROMPT);
  await card.getByTestId('breakout-start').click();
  await card.getByTestId('breakout-board').waitFor();
  assert.equal(await card.getByTestId('breakout-group').count(), GROUPS);

  await everyone(async (p) => groupOf.set(p, await movedToGroup(p)));
  const all = groups();
  assert.equal(all.length, GROUPS);
  for (const g of all) assert.equal(g.length, people.length / GROUPS, 'groups of equal size');
  // The board names each group's members.
  for (const g of all) {
    const row = card.locator(`[data-testid="breakout-group"][data-room-id="${groupOf.get(g[0])}"]`);
    for (const p of g) await row.getByText(p.who.name, { exact: false }).waitFor();
  }
  await shot(people[3], 'exchange-phone-group.png');
});

test('people chat within their group and never see another group', async () => {
  const [[a, b], [c, d]] = groups();
  const first = `${a.who.name.split(' ')[0]}: our library opens late on Fridays.`;
  const second = `${d.who.name.split(' ')[0]}: we have free buses for students.`;
  await say(a, first);
  await waitForMessage(b.page, first);
  await say(d, second);
  await waitForMessage(c.page, second);
  await waitForMessage(a.page, first);
  await waitForMessage(d.page, second);
  // By now the first message reached its whole group before the second was written.
  for (const p of [c, d]) assert.ok(!(await messageTexts(p)).includes(first), `${p.name} saw another group`);
  for (const p of [a, b]) assert.ok(!(await messageTexts(p)).includes(second), `${p.name} saw another group`);
});

test('a participant calls a facilitator and the console shows the call', async () => {
  const [caller] = groups()[GROUPS - 1];
  await caller.page.getByTestId('breakout-help').click();
  await caller.page.getByTestId('breakout-help-status').getByText(TEXT[caller.lang].helpSent).waitFor();
  const call = fatou.page.getByTestId('breakout-help-call').filter({ hasText: caller.who.name });
  await call.getByText(/calls a facilitator to group \d/).waitFor();
  assert.equal(
    await call.getByTestId('breakout-help-watch').getAttribute('href'),
    `#/room/${groupOf.get(caller)}`,
  );
  await shot(fatou, 'exchange-console-breakout.png');
});

test('ending the breakout brings every page back to the session room', async () => {
  await fatou.page.getByTestId('breakout-end').click();
  await everyone(async (p) => {
    await inRoom(p, ROOM).waitFor();
    await p.page.getByTestId('notice').getByText(TEXT[p.lang].back).waitFor();
    await p.page.getByTestId('breakout-banner').waitFor({ state: 'hidden' });
    // The session goes on where it was: the agenda item and its timer.
    await p.page
      .getByTestId('session-agenda')
      .getByText(/\(1\/3\)/)
      .waitFor();
    await p.page.getByTestId('session-timer-label').getByText('Welcome').waitFor();
    await assertNotReloaded(p);
  });
  await fatou.page
    .getByTestId('breakout-state')
    .getByText(/has ended/)
    .waitFor();
});

const OPTIONS = ['More parks', 'Cheaper buses', 'Youth centres'];
// Each participant's choice, in the order of PARTICIPANTS, and the counts they make.
const CHOICES = [0, 1, 1, 2, 1, 0];
const COUNTS = ['2 votes', '3 votes', '1 vote']; // the same words in English and French

// Votes for one option from the page and waits until the page shows the vote taken.
async function vote(p, choice) {
  const card = p.page.getByTestId('poll-card');
  await card.waitFor();
  await card.getByTestId('poll-choice').nth(choice).check();
  await card.getByTestId('poll-vote').click();
  await p.page.waitForFunction(
    () => (document.querySelector('[data-testid="poll-status"]')?.textContent || '') !== '',
  );
}

test('a poll from the console: everyone votes from their page, the count reaches 6, results for all', async () => {
  const c = fatou.page;
  await c.evaluate((room) => (location.hash = `#/room/${room}`), ROOM);
  await c.getByTestId('polls-card').waitFor();
  await c.getByTestId('poll-question').fill('What should our cities do first?');
  await c.getByTestId('poll-options').fill(OPTIONS.join('\n'));
  await c.getByTestId('poll-create').click();
  await c.locator('[data-testid="poll-item"][data-state="open"]').waitFor();

  await everyone((p) => vote(p, CHOICES[people.indexOf(p)]));
  await c.getByTestId('poll-voters').filter({ hasText: '6 people voted' }).waitFor();
  assert.deepEqual(
    (await c.getByTestId('poll-count').allTextContents()).map((s) => s.trim()),
    COUNTS,
  );
  await shot(fatou, 'exchange-console-poll.png');

  await c.getByTestId('poll-close').click();
  await c.locator('[data-testid="poll-item"][data-state="closed"]').waitFor();
  await everyone(async (p) => {
    await p.page.locator('[data-testid="poll-card"][data-state="closed"]').waitFor();
    const shown = await p.page.getByTestId('poll-count').allTextContents();
    assert.deepEqual(
      shown.map((s) => s.trim()),
      COUNTS,
      p.name,
    );
    await assertNotReloaded(p);
  });
  await shot(people[3], 'exchange-phone-results.png');
  assertNoPageErrors(browsers);
});
