// Youth-safe profiles: other participants see someone under 18 (by the year of birth given at
// sign-up) by their first name and country of residence only, in messages, presence, the
// members of join, typing, history and resume, on both nodes; and a mentor's offer for such a
// mentee carries that name and country with the reasons, nothing else of the profile. The
// person themselves and the staff on the admin socket see the full name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { facilitator } from '../lib/admin.mjs';
import {
  baseSeed,
  isMessage,
  isPresence,
  isTyping,
  randomHex,
  uniqueEmail,
  useCluster,
} from '../lib/harness.mjs';
import {
  checkOffer,
  clusterTest,
  enrol,
  isMade,
  isOffer,
  matchAdmin,
  matchProfile,
  runRound,
} from '../lib/match.mjs';

const ROOM = 'youth-room';
// What one's own user object adds (consent.test.mjs covers it).
const OWN = { state: 'active', consents: { rooms: true, matching: true } };
const YEAR = new Date().getUTCFullYear();
// A person under 18 loaded by --seed, with the sign-up fields.
const SEEDED = {
  email: 'yasmine@example.org',
  password: 'yasmine-password',
  name: 'Yasmine Benali',
  role: 'mentee',
  birth_year: YEAR - 15,
  country: 'FR',
};
const seed = baseSeed([ROOM]);
seed.people.push(SEEDED);
const cluster = useCluster({ servers: 2, seed });

// Registers a person on node i of c (the file's cluster unless given); returns
// {client, user, token, email, password}.
async function signUp(i, name, fields = {}, c = cluster) {
  const client = await c.client(i);
  const email = uniqueEmail('youth');
  const password = `pw-${randomHex(8)}`;
  const reply = await client.ok('register', { email, password, name, role: 'mentee', ...fields });
  return { client, user: reply.user, token: reply.token, email, password };
}

const said = async (p, text) => (await p.client.ok('say', { room: ROOM, text })).message;

test('others see a minor by first name and country, on both nodes; an adult by full name', async () => {
  // 17: under 18, and past every country's digital age of consent (no guardian needed).
  const minor = await signUp(0, 'Zoé Martin Dubois', { birth_year: YEAR - 17, country: 'fr' });
  assert.deepEqual(minor.user, {
    id: minor.user.id,
    name: 'Zoé Martin Dubois',
    role: 'mentee',
    country: 'FR',
    ...OWN,
  });
  const adult = await signUp(1, 'Kwame Mensah', { birth_year: YEAR - 30, country: 'GH' });
  const near = await signUp(0, 'Awa Diop'); // no year of birth: an adult
  const shown = { id: minor.user.id, name: 'Zoé', role: 'mentee', country: 'FR' };
  const adultShown = { id: adult.user.id, name: 'Kwame Mensah', role: 'mentee', country: 'GH' };

  await adult.client.ok('join', { room: ROOM });
  await near.client.ok('join', { room: ROOM });
  const m1 = await said(adult, 'Hello everyone');
  await minor.client.ok('join', { room: ROOM });
  for (const p of [adult, near])
    assert.deepEqual((await p.client.next(isPresence(ROOM, shown, 'joined'))).user, shown);

  const late = await signUp(1, 'Inès Moreau');
  const { members } = await late.client.ok('join', { room: ROOM });
  assert.deepEqual(
    members.find((u) => u.id === minor.user.id),
    shown,
  );
  assert.deepEqual(
    members.find((u) => u.id === adult.user.id),
    adultShown,
  );

  const m2 = await said(minor, 'Bonjour !');
  assert.deepEqual(m2.from, shown);
  for (const p of [adult, near, late])
    assert.deepEqual((await p.client.next(isMessage(ROOM, m2.id))).message.from, shown);
  await minor.client.ok('typing', { room: ROOM });
  for (const p of [adult, near])
    assert.deepEqual((await p.client.next(isTyping(ROOM, minor.user))).user, shown);
  const m3 = await said(adult, 'Welcome');
  assert.deepEqual((await minor.client.next(isMessage(ROOM, m3.id))).message.from, adultShown);

  const { messages } = await adult.client.ok('history', { room: ROOM, before: m3.id });
  assert.deepEqual(
    messages.filter((m) => m.id === m1.id || m.id === m2.id).map((m) => m.from),
    [adultShown, shown],
  );
  const tab = await cluster.tab(0, adult.token);
  const resumed = await tab.client.ok('join', { room: ROOM, since: m1.id });
  assert.deepEqual(
    resumed.history.map((m) => [m.id, m.from.name]),
    [
      [m2.id, 'Zoé'],
      [m3.id, 'Kwame Mensah'],
    ],
  );
});

test('signing in again by password or token: the minor sees their full name, others the first', async () => {
  const minor = await signUp(0, 'Lina  Haddad', { birth_year: YEAR - 17 });
  const shown = { id: minor.user.id, name: 'Lina', role: 'mentee', country: '' };
  const adult = await signUp(1, 'Chidi Okafor');
  await adult.client.ok('join', { room: ROOM });

  const byPassword = await cluster.client(1);
  const login = await byPassword.ok('login', { email: minor.email, password: minor.password });
  assert.equal(login.user.name, 'Lina  Haddad');
  await byPassword.ok('join', { room: ROOM });
  const a = (await byPassword.ok('say', { room: ROOM, text: 'Hi' })).message;
  assert.deepEqual((await adult.client.next(isMessage(ROOM, a.id))).message.from, shown);

  const byToken = await cluster.tab(0, login.token);
  assert.deepEqual(byToken.user, { ...shown, name: 'Lina  Haddad', ...OWN });
  await byToken.client.ok('join', { room: ROOM });
  await byToken.client.ok('typing', { room: ROOM });
  assert.deepEqual((await adult.client.next(isTyping(ROOM, minor.user))).user, shown);
});

test('a person under 18 loaded by --seed is shown by first name and country', async () => {
  const client = await cluster.client(1);
  const { user } = await client.ok('login', { email: SEEDED.email, password: SEEDED.password });
  assert.deepEqual([user.name, user.country], ['Yasmine Benali', 'FR']);
  await client.ok('join', { room: ROOM });
  const m = (await client.ok('say', { room: ROOM, text: 'Coucou' })).message;
  assert.deepEqual(m.from, { id: user.id, name: 'Yasmine', role: 'mentee', country: 'FR' });
});

test('under 18 until the end of the year one turns 18', async () => {
  const cases = [
    [YEAR - 18, 'Sami'],
    [YEAR - 19, 'Sami Benali'],
    [YEAR - 40, 'Sami Benali'],
  ];
  for (const [i, [born, name]] of cases.entries()) {
    const p = await signUp(i % 2, 'Sami Benali', { birth_year: born });
    await p.client.ok('join', { room: ROOM });
    assert.equal((await said(p, 'Salut')).from.name, name, `born ${born}`);
  }
});

test('facilitators find a minor and read their reports under the full name', async () => {
  const minor = await signUp(1, 'Zoé Martin', { birth_year: YEAR - 14, country: 'BE' });
  const adult = await signUp(0, 'Kwame Mensah');
  await adult.client.ok('join', { room: ROOM });
  await minor.client.ok('join', { room: ROOM });
  const fac = await facilitator(cluster, 0);
  const { user } = await fac.ok('user.find', { email: minor.email });
  assert.deepEqual([user.name, user.country], ['Zoé Martin', 'BE']);

  const m = await said(adult, 'Some words');
  await minor.client.ok('report', { room: ROOM, message: m.id, reason: 'harassment' });
  const ev = await fac.next((e) => e.type === 'report.new' && e.report.message === m.id);
  assert.deepEqual(ev.report.reporter, { id: minor.user.id, name: 'Zoé Martin' });
});

clusterTest(
  'a mentor offered a minor sees first name, country and reasons; the match names them so',
  async (c) => {
    const mentor = await enrol(c, 1, {
      role: 'mentor',
      name: 'Kwame Mensah',
      languages: { fr: 'C2' },
      skills: { fundraising: 5 },
    });
    const mentee = await signUp(0, 'Zoé Martin', { birth_year: YEAR - 17, country: 'FR' }, c);
    await mentee.client.ok('profile.set', {
      profile: matchProfile({ languages: { fr: 'native' }, skills: { fundraising: 4 }, origin: 'SN' }),
    });
    await mentee.client.ok('match.request', {});
    await runRound(await matchAdmin(c, 0));

    const offer = checkOffer((await mentor.client.next(isOffer(mentee))).offer);
    assert.deepEqual(offer.mentee, { id: mentee.user.id, name: 'Zoé', country: 'FR' });
    assert.deepEqual((await mentor.client.ok('match.offers', {})).offers, [offer]);

    const { match } = await mentor.client.ok('match.accept', { offer: offer.id });
    const shown = { id: mentee.user.id, name: 'Zoé', role: 'mentee', country: 'FR' };
    assert.deepEqual(match.mentee_user, shown);
    assert.deepEqual(match.mentor_user, mentor.user);
    assert.deepEqual((await mentee.client.next(isMade(match.id))).match.mentee_user, shown);
    const { rooms } = await mentor.client.ok('rooms.list', {});
    assert.equal(rooms.find((r) => r.id === match.room)?.title, 'Kwame Mensah & Zoé');
  },
);
