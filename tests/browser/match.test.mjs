// Mentor matching in the participant web client, in real browsers (Debian's
// chromium through playwright-core, see tests/lib/browser.mjs). A mentee
// on one server signs up, fills her profile in the editor and clicks "Find me
// a mentor"; a mentor signs up on the other server (his profile is saved
// through a socket). An admin round runs over the admin socket; the mentor
// sees the offer arrive with its score and reasons, accepts it, and both land
// in their private mentorship room and talk there. Screenshots go to
// build/screenshots/.
//
// The tests below run in order and share the two browsers; each waits for
// what it needs with generous timeouts that only stop a hung run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminClient, adminEnv, newAdminSecret } from '../lib/admin.mjs';
import {
  PHONE,
  STEP_MS,
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
import { Cluster, connect, randomHex, uniqueEmail } from '../lib/harness.mjs';
import { FACTORS, matchProfile } from '../lib/match.mjs';

const SECRET = newAdminSecret();

let cluster = null;
const people = [];
let awa = null; // mentee, desktop, on node 1
let bintou = null; // mentor, phone-sized, on node 2
const FACTOR_NAMES = { skills: 'Skills', language: 'Language', region: 'Region', timezone: 'Time zone' };
let bintouSocket = null; // the mentor's own socket, to save a profile and see what the server sent
let offer = null; // as the server sent it
let match = null;

async function signUp(person) {
  const p = person.page;
  await p.getByTestId('show-signup').click();
  await p.getByTestId('signup-name').fill(person.name);
  await p.getByTestId('signup-email').fill(person.email);
  await p.getByTestId('signup-password').fill(person.password);
  await p.getByTestId('signup-role').selectOption(person.role);
  await p.getByTestId('signup-birth-year').fill('1995');
  await p.getByTestId('consent-rooms').check();
  await p.getByTestId('consent-matching').check();
  await p.getByTestId('signup-submit').click();
  await p.getByTestId('whoami').filter({ hasText: person.name }).waitFor();
}

async function openMentorship(person) {
  await person.page.getByTestId('nav-mentorship').click();
  await person.page.getByTestId('match-status').waitFor();
}

function matchStatus(person, status) {
  return person.page.locator(`[data-testid="match-status"][data-status="${status}"]`).waitFor();
}

before(async () => {
  cluster = await Cluster.start({
    servers: 2,
    seed: false,
    env: { ...adminEnv(SECRET), ...WEB_ENV },
  });
  awa = await openBrowser(people, {
    name: 'Awa Sarr',
    role: 'mentee',
    url: cluster.nodes[0].url,
    ...freshAccount(),
  });
  bintou = await openBrowser(people, {
    name: 'Bintou Camara',
    role: 'mentor',
    url: cluster.nodes[1].url,
    viewport: PHONE,
    ...freshAccount(),
  });
});

after(async () => {
  await closeBrowsers(people);
  if (bintouSocket) await bintouSocket.close();
  if (cluster) await cluster.stop();
});

test('a mentee fills her profile in the editor; a mentor signs up on the other server', async () => {
  await signUp(awa);
  await signUp(bintou);

  const a = awa.page;
  await a.getByTestId('nav-profile').click();
  await a.getByTestId('profile-form').waitFor();
  await saveProfileInEditor(awa, {
    bio: 'Studies finance in Lyon; runs a savings group with family in Thiès.',
    country: 'FR',
    origin: 'SN',
    languages: { wo: 'native', fr: 'C1' },
    skills: { fundraising: 5, 'public speaking': 3 },
  });

  // The mentor's profile goes through his own socket session.
  bintouSocket = await connect(cluster.nodes[1].wsUrl);
  const { user } = await bintouSocket.ok('login', { email: bintou.email, password: bintou.password });
  assert.equal(user.role, 'mentor');
  bintou.user = user;
  const profile = matchProfile({
    languages: { wo: 'native', fr: 'C2' },
    skills: { fundraising: 5, 'public speaking': 4 },
    capacity: 2,
  });
  await bintouSocket.ok('profile.set', { profile });
});

test('the mentee asks for a mentor with one click and is in line', async () => {
  await openMentorship(awa);
  await matchStatus(awa, 'none');
  await awa.page.getByTestId('match-request').click();
  await matchStatus(awa, 'queued');
  await awa.page.getByTestId('match-cancel').waitFor();
  await shot(awa, 'desktop-match-queued.png');
  const admin = await adminClient(cluster, 0, { secret: SECRET });
  assert.equal((await admin.ok('match.stats', {})).queued, 1);
  await admin.close();
});

test('after a round the mentor sees the offer with its score and reasons, live', async () => {
  await openMentorship(bintou);
  await bintou.page.getByTestId('offer-list').waitFor({ state: 'attached' });
  assert.equal(await bintou.page.getByTestId('offer').count(), 0);

  const admin = await adminClient(cluster, 1, { secret: SECRET });
  const round = await admin.ok('match.run', {});
  assert.equal(round.offers, 1, `match.run: ${JSON.stringify(round)}`);
  await admin.close();
  offer = (await bintouSocket.next('match.offer', STEP_MS)).offer;
  assert.equal(offer.mentee.name, awa.name);

  const card = bintou.page.locator(`[data-testid="offer"][data-offer-id="${offer.id}"]`);
  await card.waitFor();
  await card.scrollIntoViewIfNeeded();
  assert.match(await card.textContent(), new RegExp(awa.name));
  assert.equal(Number(await card.getByTestId('offer-score').getAttribute('value')), offer.score);
  assert.match(await card.textContent(), new RegExp(`${offer.score}/100`));
  const reasons = await card.locator('[data-testid="offer-reasons"] > li').allTextContents();
  assert.equal(reasons.length, offer.reasons.length);
  for (const [i, r] of offer.reasons.entries()) {
    assert.ok(FACTORS.includes(r.factor));
    // Factor codes are shown by name, in the page's language (English here).
    assert.ok(reasons[i].includes(FACTOR_NAMES[r.factor]), `reason ${i} shown as "${reasons[i]}"`);
    assert.ok(reasons[i].includes(String(r.points)), `reason ${i} without its points: "${reasons[i]}"`);
    assert.ok(reasons[i].includes(r.detail), `reason ${i} without its detail: "${reasons[i]}"`);
  }
  await shot(bintou, 'phone-match-offer.png');
});

test('the mentor accepts; both land in their private room and talk there', async () => {
  await bintou.page
    .locator(`[data-testid="offer"][data-offer-id="${offer.id}"] [data-testid="offer-accept"]`)
    .click();
  match = (await bintouSocket.next('match.made', STEP_MS)).match;
  assert.equal(match.mentee, offer.mentee.id);
  assert.equal(match.mentor, bintou.user.id);

  // Both see the match without reloading: the mentee through match.made.
  for (const p of [bintou, awa]) {
    const made = p.page.getByTestId('match-made');
    await made.waitFor();
    const other = p === awa ? bintou : awa;
    assert.match(
      await made.textContent(),
      new RegExp(other.name),
      `${p.name} does not see whom they are matched with`,
    );
  }
  await matchStatus(awa, 'matched');
  await bintou.page
    .locator(`[data-testid="offer"][data-offer-id="${offer.id}"]`)
    .waitFor({ state: 'detached' });
  await shot(awa, 'desktop-match-made.png');

  for (const p of [awa, bintou]) {
    await p.page.getByTestId('match-open-room').click();
    await p.page.locator(`[data-testid="room-view"][data-room-id="${match.room}"]`).waitFor();
  }
  const hello = 'Hello Bintou, thank you for taking me on!';
  await say(awa, hello);
  await waitForMessage(bintou.page, hello);
  const reply = 'Welcome Awa. Shall we start with your fundraising plan?';
  await say(bintou, reply);
  await waitForMessage(awa.page, reply);
  for (const p of [awa, bintou]) {
    const texts = await p.page.getByTestId('message-text').allTextContents();
    assert.deepEqual(texts, [hello, reply], `${p.name} sees the conversation as ${JSON.stringify(texts)}`);
  }
  await shot(awa, 'desktop-mentorship-room.png');
  await shot(bintou, 'phone-mentorship-room.png');

  // The room is theirs: it is listed to them and to nobody else.
  const stranger = await connect(cluster.nodes[0].wsUrl);
  try {
    await stranger.ok('register', {
      email: uniqueEmail('stranger'),
      password: `pw-${randomHex(8)}`,
      name: 'Stranger',
      role: 'mentee',
    });
    const { rooms } = await stranger.ok('rooms.list', {});
    assert.equal(
      rooms.some((r) => r.id === match.room),
      false,
    );
    await stranger.fail('join', { room: match.room }, 'forbidden');
  } finally {
    await stranger.close();
  }
});

test('no script errors in either page', () => {
  assertNoPageErrors(people);
});
