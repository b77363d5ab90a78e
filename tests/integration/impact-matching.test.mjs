// report.matching, the mentorship funnel, over a simulated pool driven through two nodes:
// four mentors (French for eight places, English for one, Portuguese for one, German for
// three) and fifteen mentees who ask, are offered, accepted, declined and let expire, and
// write in their pair rooms. The figures are known by construction.
//
// A test cannot wait weeks: "active" (a message in the 14 days before the report) and
// "lasting" (a message 56 days or more after the match) are reached by back-dating stored
// times in the test's Redis: the match times and first requests of some mentees
// (match:st:<uid> matched_at and requested_at, match:<id> created) and the newest message id
// of one pair room (room:{<id>} last_id). The offer to expire has its expiry moved to the
// past in match:expiry, and a node with a one-second sweep (PASSERELLE_MATCH_INTERVAL=1)
// expires it. Rounds are otherwise only those the admin runs.
import assert from 'node:assert/strict';
import { uniqueEmail, waitFor } from '../lib/harness.mjs';
import { adminClient } from '../lib/admin.mjs';
import { clusterTest, matchAdmin, matchProfile, offersOf, requestInLine, runRound } from '../lib/match.mjs';

const DAY = 86400000;
const HOUR = 3600000;
const ENV = { PASSERELLE_MATCH_INTERVAL: 86400 }; // no round but the admin's
const S = '<5';
const H = 'x'; // 5 or more, hidden so that a smaller count cannot be worked out

// Registers a person on node i, living in country, and saves a matching profile.
async function person(cluster, i, { role, name, country, lang, capacity = 1 }) {
  const client = await cluster.client(i);
  const email = uniqueEmail(role);
  const reply = await client.ok('register', { email, password: 'impact-matching-1', name, role, country });
  const profile = matchProfile({
    languages: { [lang]: role === 'mentor' ? 'C2' : 'native' },
    skills: { 'grant writing': role === 'mentor' ? 5 : 3 },
    country,
    capacity,
  });
  await client.ok('profile.set', { profile });
  return { client, token: reply.token, email, id: reply.user.id, name };
}

// The pool. Mentees F1-F5 live in Senegal, tagged with the cohort with E1 and E2.
async function enrolPool(cluster) {
  const ama = await person(cluster, 0, {
    role: 'mentor',
    name: 'Ama',
    country: 'FR',
    lang: 'fr',
    capacity: 8,
  });
  const bea = await person(cluster, 1, { role: 'mentor', name: 'Bea', country: 'GB', lang: 'en' });
  const cy = await person(cluster, 0, { role: 'mentor', name: 'Cy', country: 'PT', lang: 'pt' });
  const dee = await person(cluster, 1, {
    role: 'mentor',
    name: 'Dee',
    country: 'DE',
    lang: 'de',
    capacity: 3,
  });
  const m = {};
  const add = async (name, country, lang) => {
    m[name] = await person(cluster, Object.keys(m).length % 2, { role: 'mentee', name, country, lang });
  };
  for (const n of ['F1', 'F2', 'F3', 'F4', 'F5']) await add(n, 'SN', 'fr');
  for (const n of ['F6', 'F7']) await add(n, 'FR', 'fr');
  for (const n of ['E1', 'E2']) await add(n, 'GB', 'en');
  await add('P1', 'BR', 'pt');
  await add('W1', 'SN', 'wo'); // nobody speaks Wolof
  for (const n of ['D1', 'D2', 'D3']) await add(n, 'DE', 'de');
  await add('N1', 'FR', 'fr'); // asks after the last round
  return { ama, bea, cy, dee, m };
}

const report = (admin, fields = {}) => admin.ok('report.matching', fields);

// Waits for the live offer of mentee to mentor; returns its id.
async function offerId(mentor, mentee) {
  const ev = await mentor.client.next((e) => e.type === 'match.offer' && e.offer?.mentee?.id === mentee.id);
  return ev.offer.id;
}

const accept = async (mentor, id) => (await mentor.client.ok('match.accept', { offer: id })).match;

// The funnel record and filter a mentee has in the store.
const record = (cluster, p) =>
  cluster.redis.command('HMGET', `match:st:${p.id}`, 'offers', 'filter', 'offered_at');

function funnel(r) {
  return Object.fromEntries(r.funnel.map(({ step, ...rest }) => [step, rest]));
}
function byFilter(r) {
  return Object.fromEntries(r.unmatched.by_filter.map((x) => [x.filter, x.mentees]));
}

// Rounds 1-3 with their answers; returns the matches by mentee name and Bea's mentee's name.
async function drive(cluster, admin, pool) {
  const { ama, bea, cy, dee, m } = pool;
  const first = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'E1', 'E2', 'P1', 'W1', 'D1'];
  await requestInLine(first.map((n) => ({ client: m[n].client })));
  const pending = Object.fromEntries(
    [...first.slice(0, 7).map((n) => [n, ama]), ['P1', cy], ['D1', dee]].map(([n, mentor]) => [
      n,
      offerId(mentor, m[n]),
    ]),
  );
  const toBea = bea.client.next((e) => e.type === 'match.offer');
  const r1 = await runRound(admin);
  assert.deepEqual([r1.offers, r1.unmatched], [10, 2], `round 1: ${JSON.stringify(r1)}`);
  const beaOffer = (await toBea).offer;
  const ex = beaOffer.mentee.name;
  const ids = {};
  for (const n of Object.keys(pending)) ids[n] = await pending[n];

  // After round 1: ten offers wait, one English mentee lost Bea to the other, nobody
  // speaks Wolof.
  const ey = ex === 'E1' ? 'E2' : 'E1';
  assert.deepEqual((await record(cluster, m[ey])).slice(0, 2), [null, 'competition']);
  assert.deepEqual((await record(cluster, m.W1)).slice(0, 2), [null, 'language']);
  const after1 = await report(admin);
  assert.equal(after1.unmatched.mentees, 12);
  assert.deepEqual(byFilter(after1), {
    capacity: 0,
    language: S,
    excluded: 0,
    competition: S,
    not_run: 0,
    offered: H, // the rows add up to the 12: the 10 go with the two hidden ones
  });

  const matches = {};
  for (const n of ['F1', 'F2', 'F3', 'F4', 'F5']) matches[n] = await accept(ama, ids[n]);
  await ama.client.ok('match.decline', { offer: ids.F6 });
  matches[ex] = await accept(bea, beaOffer.id);
  await cy.client.ok('match.decline', { offer: ids.P1 });
  matches.D1 = await accept(dee, ids.D1);
  await expire(cluster, ama, ids.F7);

  // Round 2: Dee (one mentee) is offered D2; Bea is full; F6, F7 and P1 were declined or
  // let expire by the only mentor who speaks their language.
  await requestInLine([{ client: m.D2.client }]);
  const toDee = offerId(dee, m.D2);
  const r2 = await runRound(admin);
  assert.deepEqual([r2.offers, r2.unmatched], [1, 5], `round 2: ${JSON.stringify(r2)}`);
  matches.D2 = await accept(dee, await toDee);
  // Round 3: Dee (two mentees) is offered D3, who waits for the answer; N1 asks after it.
  await requestInLine([{ client: m.D3.client }]);
  const toDee3 = offerId(dee, m.D3);
  const r3 = await runRound(admin);
  assert.deepEqual([r3.offers, r3.unmatched], [1, 5], `round 3: ${JSON.stringify(r3)}`);
  await toDee3;
  await requestInLine([{ client: m.N1.client }]);
  return { matches, ex, ey };
}

// The offer's expiry moved to the past; a node sweeping every second expires it.
async function expire(cluster, mentor, id) {
  await cluster.redis.command('ZADD', 'match:expiry', '1', id);
  const sweeper = await cluster.startServer({ env: { PASSERELLE_MATCH_INTERVAL: 1 } });
  await waitFor(
    'the offer to expire',
    async () => !(await offersOf(mentor.client)).some((o) => o.id === id),
    {
      timeout: 20000,
      interval: 200,
    },
  );
  await cluster.retire(sweeper);
  // A round the stop cut short keeps the lock for 5 minutes: the admin's rounds need it.
  await cluster.redis.command('DEL', 'match:lock');
}

// Messages in the pair rooms of F1-F5, D1 and D2, by the mentee.
async function write(pool, matches) {
  for (const n of ['F1', 'F2', 'F3', 'F4', 'F5', 'D1', 'D2']) {
    const c = pool.m[n].client;
    await c.ok('join', { room: matches[n].room });
    await c.ok('say', { room: matches[n].room, text: `Hello from ${n}` });
  }
}

// Back-dating (see the top): F1-F5 and Bea's mentee matched 60 days ago after 10, 20, 30,
// 40, 50 and 60 hours of waiting; D1 and D2 matched now after 5 and 15 hours; D2's pair
// room last wrote 20 days ago.
async function backdate(cluster, pool, matches, ex, now) {
  const r = (...a) => cluster.redis.command(...a);
  const hours = { F1: 10, F2: 20, F3: 30, F4: 40, F5: 50, [ex]: 60, D1: 5, D2: 15 };
  for (const [n, h] of Object.entries(hours)) {
    const key = `match:st:${pool.m[n].id}`;
    let made = Number(await r('HGET', key, 'matched_at'));
    if (!n.startsWith('D')) {
      made = now - 60 * DAY;
      await r('HSET', `match:${matches[n].id}`, 'created', String(made));
    }
    await r('HSET', key, 'matched_at', String(made), 'requested_at', String(made - h * HOUR));
  }
  await r('HSET', `room:{${matches.D2.room}}`, 'last_id', `${now - 20 * DAY}-0`);
}

// What the store keeps per mentee: each offer's mentor load and outcome, the filter.
async function checkRecords(cluster, m, ey) {
  const rec = async (n) => (await record(cluster, m[n])).slice(0, 2);
  assert.deepEqual(await rec('F1'), ['0:a', null]);
  assert.deepEqual(await rec('F6'), ['0:d', 'excluded']);
  assert.deepEqual(await rec('F7'), ['0:e', 'excluded']);
  assert.deepEqual(await rec('P1'), ['0:d', 'excluded']);
  assert.deepEqual(await rec(ey), [null, 'capacity']);
  assert.deepEqual(await rec('W1'), [null, 'language']);
  assert.deepEqual(await rec('D2'), ['1:a', null]);
  assert.deepEqual(await rec('D3'), ['2:p', null]);
  assert.deepEqual(await rec('N1'), [null, null]);
}

// Everyone: the report echoes no filter.
async function checkWhole(admin, now) {
  const all = await report(admin);
  assert.deepEqual(
    { from: all.from, to: all.to, cohort: all.cohort, region: all.region, min_cell: all.min_cell },
    { from: null, to: null, cohort: null, region: null, min_cell: 5 },
  );
  assert.ok(all.generated_at >= now && all.generated_at <= Date.now(), `generated_at ${all.generated_at}`);
  assert.deepEqual(funnel(all), {
    // Each step hides when it or what it lost against the one before (or the requested)
    // is 1 to 4 people: 3 were never offered, 2 accepted were not active, 1 did not last.
    requested: { people: 15, share: 1 },
    offered: { people: H, share: S },
    accepted: { people: 8, share: 0.533 },
    active: { people: H, share: H },
    lasting: { people: H, eligible: 6, share: S },
  });
  assert.deepEqual(all.time_to_match, { matches: 8, median_hours: 25, p75_hours: 42.5 });
  assert.deepEqual(all.acceptance_by_load, [
    { load: '0', offers: 10, accepted: H, declined: S, expired: S, rate: S },
    { load: '1', offers: S, accepted: S, declined: 0, expired: 0, rate: S },
    { load: '2', offers: S, accepted: 0, declined: 0, expired: 0, rate: null },
    { load: '3+', offers: 0, accepted: 0, declined: 0, expired: 0, rate: null },
  ]);
  assert.equal(all.unmatched.mentees, 7);
  assert.deepEqual(byFilter(all), {
    capacity: S,
    language: S,
    excluded: S,
    competition: 0,
    not_run: S,
    offered: S,
  });
}

async function checkRegionCohort(admin) {
  // Living in Africa: F1-F5 and W1 (Senegal).
  const africa = await report(admin, { region: 'Africa' });
  assert.equal(africa.region, 'Africa');
  assert.deepEqual(funnel(africa), {
    requested: { people: 6, share: 1 },
    offered: { people: H, share: S },
    accepted: { people: H, share: S },
    active: { people: H, share: S },
    lasting: { people: 5, eligible: 5, share: 1 },
  });
  assert.deepEqual(africa.time_to_match, { matches: 5, median_hours: 30, p75_hours: 40 });
  assert.equal(africa.unmatched.mentees, S);
  assert.equal(byFilter(africa).language, S);
  assert.equal(byFilter(africa).excluded, 0);

  // The cohort: F1-F5, E1, E2.
  const tagged = await report(admin, { cohort: 'Dakar 2026' });
  assert.equal(tagged.cohort, 'Dakar 2026');
  assert.deepEqual(funnel(tagged), {
    requested: { people: 7, share: 1 },
    offered: { people: H, share: S },
    accepted: { people: H, share: S },
    active: { people: H, share: S },
    lasting: { people: H, eligible: 6, share: S },
  });
  assert.deepEqual(tagged.time_to_match, { matches: 6, median_hours: 35, p75_hours: 47.5 });
  assert.deepEqual(byFilter(tagged), {
    capacity: S,
    language: 0,
    excluded: 0,
    competition: 0,
    not_run: 0,
    offered: 0,
  });
  assert.equal((await report(admin, { cohort: 'Nobody here' })).funnel[0].people, 0);
  assert.equal((await report(admin, { cohort: 'Dakar 2026', region: 'Europe' })).funnel[0].people, S);
}

async function checkDates(admin, now) {
  // Dates (of the first request): the back-dated six before 30 days ago, the nine others after.
  const cut = now - 30 * DAY;
  const before = await report(admin, { to: cut });
  assert.equal(before.to, cut);
  assert.deepEqual(funnel(before).requested, { people: 6, share: 1 });
  assert.deepEqual(funnel(before).accepted, { people: 6, share: 1 });
  assert.equal(before.unmatched.mentees, 0);
  const after = await report(admin, { from: cut });
  assert.deepEqual(funnel(after).requested, { people: 9, share: 1 });
  assert.deepEqual(funnel(after).offered, { people: H, share: S });
  assert.deepEqual(after.time_to_match, { matches: S, median_hours: S, p75_hours: S });
  assert.equal(after.unmatched.mentees, 7);
  assert.equal((await report(admin, { from: cut, to: cut + 1 })).funnel[0].people, 0);
}

clusterTest(
  'report.matching: the funnel, time to match, acceptance by load and the unmatched by filter of a known pool',
  { env: ENV },
  async (cluster) => {
    const admin = await matchAdmin(cluster, 0);
    const pool = await enrolPool(cluster);
    const { m } = pool;
    const cohort = ['F1', 'F2', 'F3', 'F4', 'F5', 'E1', 'E2'].map((n) => m[n].id);
    await admin.ok('cohort.set', { cohort: 'Dakar 2026', users: cohort });
    const { matches, ex, ey } = await drive(cluster, admin, pool);
    await write(pool, matches);
    const now = Date.now();
    await backdate(cluster, pool, matches, ex, now);
    await checkRecords(cluster, m, ey);
    await checkWhole(admin, now);
    await checkRegionCohort(admin);
    await checkDates(admin, now);

    // An erased mentee leaves every figure, and no funnel record is left.
    await admin.ok('user.delete', { user: m.N1.id });
    assert.equal(await cluster.redis.command('EXISTS', `match:st:${m.N1.id}`), 0);
    const erased = await report(admin);
    assert.deepEqual(funnel(erased).requested, { people: 14, share: 1 });
    assert.equal(byFilter(erased).not_run, 0);
  },
);

clusterTest(
  'report.matching refusals: fields, sign-in, role, and unavailable while Redis is down',
  { env: ENV },
  async (cluster) => {
    const admin = await matchAdmin(cluster, 1);
    for (const fields of [
      { from: 'yesterday' },
      { to: -1 },
      { cohort: '' },
      { cohort: 'no/slash' },
      { cohort: 'x'.repeat(41) },
      { region: 'Mars' },
      { region: 'africa' },
      { from: 2000, to: 1000 },
    ])
      await admin.fail('report.matching', fields, 'bad_request');
    const bad = await admin.req('report.matching', { region: 'Antarctica' });
    assert.match(bad.message, /region/);
    const fresh = await report(admin);
    assert.deepEqual(funnel(fresh).requested, { people: 0, share: null });
    assert.deepEqual(fresh.time_to_match, { matches: 0, median_hours: null, p75_hours: null });

    const anon = await adminClient(cluster, 0);
    await anon.fail('report.matching', {}, 'unauthorized');
    const p = await person(cluster, 0, { role: 'mentee', name: 'Staff Soon', country: 'FR', lang: 'fr' });
    await p.client.fail('report.matching', {}, 'bad_request'); // not on the participant socket
    await admin.ok('user.role', { user: p.id, role: 'facilitator' });
    const login = await (
      await cluster.client(0)
    ).ok('login', { email: p.email, password: 'impact-matching-1' });
    const fac = await adminClient(cluster, 0, { token: login.token });
    await report(fac);
    await admin.ok('user.role', { user: p.id, role: 'mentee' });
    const demoted = await fac.req('report.matching', {});
    assert.ok(['forbidden', 'unauthorized'].includes(demoted.code), JSON.stringify(demoted));

    await cluster.redis.kill9();
    await admin.fail('report.matching', {}, 'unavailable');
    await cluster.redis.restart();
    await waitFor('the report again', async () => (await admin.req('report.matching', {})).type === 'ok', {
      timeout: 20000,
      interval: 250,
    });
  },
);
