// Guardian consent below the country's digital age of consent, and the separate consents to
// take part in rooms and to mentor matching. Two nodes, one Redis: each refusal is checked
// on both nodes, and each withdrawal reaches the person's connections on the other node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, isPresence, uniqueEmail, useCluster, validProfile } from '../lib/harness.mjs';
import { adminFail, adminOk, auditHas, facilitator } from '../lib/admin.mjs';
import { clusterTest, enrol, matchAdmin, offerFor, offersOf, runRound, statusOf } from '../lib/match.mjs';

const ROOM_IDS = ['cons-a', 'cons-b'];
const cluster = useCluster({ servers: 2, seed: baseSeed(ROOM_IDS) });
const YEAR = new Date().getUTCFullYear();

// Signs up on node i with extra register fields; returns {client, user, token, email}.
async function signUp(i, fields = {}, c = cluster) {
  const client = await c.client(i);
  const email = uniqueEmail('consent');
  const reply = await client.ok('register', {
    email,
    password: 'consent-password-1',
    name: 'Young Person',
    role: 'mentee',
    ...fields,
  });
  return { client, user: reply.user, token: reply.token, email };
}

const isUpdated = (m) => m.type === 'account.updated';
const isLeft = (room) => (m) => m.type === 'room.left' && m.room === room && m.reason === 'consent';

test('the country table decides who waits for a guardian: FR 15, DE 16, unlisted 16, no year none', async () => {
  const cases = [
    [{ birth_year: YEAR - 15, country: 'FR' }, 'pending_consent'],
    [{ birth_year: YEAR - 16, country: 'FR' }, 'active'],
    [{ birth_year: YEAR - 16, country: 'DE' }, 'pending_consent'],
    [{ birth_year: YEAR - 17, country: 'DE' }, 'active'],
    [{ birth_year: YEAR - 16, country: 'US' }, 'pending_consent'],
    [{ birth_year: YEAR - 16 }, 'pending_consent'],
    [{ birth_year: YEAR - 17, country: 'US' }, 'active'],
    [{ country: 'FR' }, 'active'],
  ];
  for (const [fields, state] of cases) {
    const p = await signUp(0, fields);
    assert.equal(p.user.state, state, JSON.stringify(fields));
    // The same state on sign-in and on resuming with the token, on the other node.
    const c = await cluster.client(1);
    const login = await c.ok('login', { email: p.email, password: 'consent-password-1' });
    assert.equal(login.user.state, state);
    assert.equal((await cluster.tab(1, p.token)).user.state, state);
  }
});

test('a pending account signs in, edits and exports, but join and match.request are consent_required on both nodes', async () => {
  const p = await signUp(0, { birth_year: YEAR - 13, country: 'DE' });
  const tab = await cluster.tab(1, p.token);
  for (const client of [p.client, tab.client]) {
    const err = await client.fail('join', { room: 'cons-a' }, 'consent_required');
    assert.match(err.message, /parent or guardian/);
    await client.fail('match.request', {}, 'consent_required');
  }
  await p.client.ok('profile.set', { profile: validProfile() });
  await tab.client.ok('account.export');
  // A facilitator watching is not affected.
  const fac = await facilitator(cluster, 1);
  await fac.ok('room.watch', { room: 'cons-a' });
});

test('user.consent by a facilitator: audited, the person told live on both nodes, then join works', async () => {
  const p = await signUp(0, { birth_year: YEAR - 12, country: 'FR' });
  const tab = await cluster.tab(1, p.token);
  const fac = await facilitator(cluster, 1);
  const found = await fac.ok('user.find', { email: p.email });
  assert.equal(found.user.guardian, 'pending');
  assert.equal(found.user.state, 'pending_consent');

  const { user } = await fac.ok('user.consent', { user: p.user.id, guardian: true });
  assert.equal(user.guardian, 'given');
  assert.equal(user.state, 'active');
  for (const client of [p.client, tab.client]) {
    const ev = await client.next(isUpdated);
    assert.equal(ev.user.id, p.user.id);
    assert.equal(ev.user.state, 'active');
    assert.deepEqual(ev.user.consents, { rooms: true, matching: true });
  }
  await p.client.ok('join', { room: 'cons-a' });
  await tab.client.ok('join', { room: 'cons-b' });
  await auditHas(fac, { action: 'user.consent', target: p.user.id, detail: 'given' });
  assert.equal((await fac.ok('user.find', { email: p.email })).user.guardian, 'given');

  // Taken back: out of every room on both nodes, pending again.
  const other = await cluster.member(0, 'cons-a');
  await fac.ok('user.consent', { user: p.user.id, guardian: false });
  await p.client.next(isLeft('cons-a'));
  await tab.client.next(isLeft('cons-b'));
  await other.client.next(isPresence('cons-a', p.user, 'left'));
  await p.client.fail('say', { room: 'cons-a', text: 'still here?' }, 'forbidden');
  await tab.client.fail('join', { room: 'cons-b' }, 'consent_required');
  assert.equal((await fac.ok('user.find', { email: p.email })).user.state, 'pending_consent');
});

test('user.consent: only on the admin socket, checked fields, conflict for an account that needs none', async () => {
  const adult = await signUp(0, { birth_year: 1990, country: 'FR' });
  // Not a participant request.
  await adult.client.fail('user.consent', { user: adult.user.id, guardian: true }, 'bad_request');
  const fac = await facilitator(cluster, 0);
  await adminFail(fac, 'user.consent', { user: adult.user.id }, 'bad_request');
  await adminFail(fac, 'user.consent', { user: adult.user.id, guardian: 'yes' }, 'bad_request');
  await adminFail(fac, 'user.consent', { guardian: true }, 'bad_request');
  await adminFail(fac, 'user.consent', { user: 'unone', guardian: true }, 'not_found');
  await adminFail(fac, 'user.consent', { user: adult.user.id, guardian: true }, 'conflict');
  assert.equal((await adminOk(fac, 'user.find', { email: adult.email })).user.guardian, 'none');
});

test('register: without consents both are given; each one separately, or refused when malformed', async () => {
  const old = await signUp(0);
  assert.deepEqual(old.user.consents, { rooms: true, matching: true });
  assert.equal(old.user.state, 'active');

  const noMatch = await signUp(1, { consents: { rooms: true, matching: false } });
  assert.deepEqual(noMatch.user.consents, { rooms: true, matching: false });
  await noMatch.client.ok('profile.set', { profile: validProfile() });
  const err = await noMatch.client.fail('match.request', {}, 'consent_required');
  assert.match(err.message, /matching/);
  await noMatch.client.ok('join', { room: 'cons-a' });

  const noRooms = await signUp(0, { consents: { matching: true } });
  assert.deepEqual(noRooms.user.consents, { rooms: false, matching: true });
  await noRooms.client.fail('join', { room: 'cons-a' }, 'consent_required');
  const { user } = await noRooms.client.ok('consent.set', { rooms: true });
  assert.deepEqual(user.consents, { rooms: true, matching: true });
  await noRooms.client.ok('join', { room: 'cons-a' });

  const c = await cluster.client(1);
  for (const consents of ['both', { rooms: 1 }, { matching: 'yes' }, [true]]) {
    await c.fail(
      'register',
      { email: uniqueEmail('bad'), password: 'consent-password-1', name: 'X', role: 'mentee', consents },
      'bad_request',
    );
  }
  for (const fields of [{}, { rooms: 'no' }, { matching: 1 }])
    await old.client.fail('consent.set', fields, 'bad_request');
  await c.fail('consent.set', { rooms: true }, 'unauthorized');
});

test('withdrawing the rooms consent takes the person out of every room on every node', async () => {
  const p = await signUp(0);
  const tab = await cluster.tab(1, p.token);
  await p.client.ok('join', { room: 'cons-a' });
  await tab.client.ok('join', { room: 'cons-b' });
  const watcher = await cluster.member(0, 'cons-b');

  const { user } = await tab.client.ok('consent.set', { rooms: false });
  assert.deepEqual(user.consents, { rooms: false, matching: true });
  await p.client.next(isLeft('cons-a'));
  await tab.client.next(isLeft('cons-b'));
  await watcher.client.next(isPresence('cons-b', p.user, 'left'));
  const ev = await p.client.next(isUpdated);
  assert.equal(ev.user.consents.rooms, false);
  await tab.client.fail('say', { room: 'cons-b', text: 'hello?' }, 'forbidden');
  for (const client of [p.client, tab.client])
    await client.fail('join', { room: 'cons-a' }, 'consent_required');
});

test('account.export holds the guardian state and the consents with their history', async () => {
  const p = await signUp(0, {
    birth_year: YEAR - 12,
    country: 'BE',
    consents: { rooms: true, matching: false },
  });
  await p.client.ok('consent.set', { matching: true });
  const fac = await facilitator(cluster, 1);
  await fac.ok('user.consent', { user: p.user.id, guardian: true });
  const exp = await (await cluster.tab(1, p.token)).client.ok('account.export');
  assert.equal(exp.account.guardian, 'given');
  assert.deepEqual(exp.account.consents, { rooms: true, matching: true });
  assert.deepEqual(
    exp.consent_history.map((e) => [e.what, e.given, e.by]),
    [
      ['rooms', true, p.user.id],
      ['matching', false, p.user.id],
      ['matching', true, p.user.id],
      ['guardian', true, fac.user.id],
    ],
  );
  for (const e of exp.consent_history) assert.equal(typeof e.at, 'number');
});

const MENTEE = { role: 'mentee', languages: { fr: 'B2' }, skills: { fundraising: 3 } };
const MENTOR = { role: 'mentor', languages: { fr: 'C2' }, skills: { fundraising: 5 }, capacity: 2 };

// A mentor on node 1 with a pending offer for a mentee on node 0.
async function offered(cluster) {
  const admin = await matchAdmin(cluster, 0);
  const mentor = await enrol(cluster, 1, MENTOR);
  const mentee = await enrol(cluster, 0, MENTEE);
  await mentee.client.ok('match.request', {});
  await runRound(admin);
  return { admin, mentor, mentee, offer: await offerFor(mentor, mentee) };
}

clusterTest(
  'a mentee withdrawing matching consent leaves the queue and the offer is withdrawn at once',
  async (cluster) => {
    const { mentor, mentee, offer } = await offered(cluster);
    assert.equal((await statusOf(mentee.client)).status, 'offered');

    const tab = await cluster.tab(1, mentee.token);
    await tab.client.ok('consent.set', { matching: false });
    const ev = await mentor.client.next((m) => m.type === 'match.withdrawn');
    assert.equal(ev.offer, offer.id);
    assert.deepEqual(await offersOf(mentor.client), []);
    assert.equal((await statusOf(mentee.client)).status, 'none');
    await mentor.client.fail('match.accept', { offer: offer.id }, 'not_found');
    await mentee.client.fail('match.request', {}, 'consent_required');
    // Given again, the mentee may ask again.
    await mentee.client.ok('consent.set', { matching: true });
    assert.equal((await mentee.client.ok('match.request', {})).status, 'queued');
  },
);

clusterTest(
  'a mentor withdrawing matching consent: offers withdrawn, mentees keep their place, left out of rounds',
  async (cluster) => {
    const { admin, mentor, mentee, offer } = await offered(cluster);
    const before = await statusOf(mentee.client);

    await mentor.client.ok('consent.set', { matching: false });
    assert.equal((await mentor.client.next((m) => m.type === 'match.withdrawn')).offer, offer.id);
    assert.deepEqual(await offersOf(mentor.client), []);
    const after = await statusOf(mentee.client);
    assert.equal(after.status, 'queued');
    assert.equal(after.position, before.position);

    const round = await runRound(admin);
    assert.equal(round.offers, 0, JSON.stringify(round));
    assert.deepEqual(await offersOf(mentor.client), []);
    await mentor.client.ok('consent.set', { matching: true });
    await runRound(admin);
    assert.equal((await offerFor(mentor, mentee)).mentee.id, mentee.user.id);
  },
);
