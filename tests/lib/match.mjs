// Mentor-matching helpers for tests. The queue, offers and exclusions are
// global to a store, so each matching test gets a fresh empty cluster of its
// own (clusterTest) and the counts it sees are exactly its own. People are
// registered through the participant socket and given a profile with
// profile.set; rounds run through the admin socket (bootstrap secret).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminClient, adminEnv, newAdminSecret } from './admin.mjs';
import { Cluster } from './harness.mjs';
import { sleep } from './processes.mjs';

export const FACTORS = ['skills', 'language', 'region', 'timezone'];

// A profile from short forms: languages {wo: 'native', fr: 'C1'} and
// skills {fundraising: 5}, in the order written.
export function matchProfile({
  languages = {},
  skills = {},
  country = 'FR',
  origin = 'SN',
  timezone = 'Europe/Paris',
  capacity = 1,
  bio = '',
} = {}) {
  return {
    bio,
    country,
    origin,
    timezone,
    languages: Object.entries(languages).map(([code, level]) => ({ code, level })),
    skills: Object.entries(skills).map(([name, level]) => ({ name, level })),
    capacity,
  };
}

// Declares a test that runs fn(cluster) on a fresh cluster (empty store, two
// nodes unless options.servers says otherwise, admin secret set). The
// processes' output is printed when the test fails or a node died.
export function clusterTest(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  test(name, async (t) => {
    const secret = newAdminSecret();
    const { env = {}, servers = 2 } = options;
    const cluster = await Cluster.start({ servers, seed: false, env: { ...adminEnv(secret), ...env } });
    cluster.adminSecret = secret;
    cluster.markAll();
    let passed = false;
    try {
      await fn(cluster, t);
      passed = true;
    } finally {
      const dead = cluster.nodes.filter((n) => !n.alive && !n.stopped).map((n) => n.name);
      if (!passed || dead.length) console.error(cluster.report(name));
      await cluster.stop();
      if (passed) assert.deepEqual(dead, [], `server process died during "${name}"`);
    }
  });
}

// The bootstrap admin on node i.
export function matchAdmin(cluster, i = 0) {
  return adminClient(cluster, i, { secret: cluster.adminSecret });
}

// Registers a person on node i and saves their profile (see matchProfile);
// returns cluster.user()'s {client, user, token, ...} plus profile.
export async function enrol(cluster, i, { role, name, ...profile }) {
  const p = await cluster.user(i, { role, name, tag: role });
  const saved = await p.client.ok('profile.set', { profile: matchProfile(profile) });
  return { ...p, profile: saved.profile };
}

// Registers one person per name, alternating between nodes 0 and 1, all
// with the same role and profile; returns them in the order of names.
export async function enrolEach(cluster, names, { role, ...profile }) {
  const people = [];
  for (const [i, name] of names.entries())
    people.push(await enrol(cluster, i % 2, { role, name, ...profile }));
  return people;
}

// match.run on an admin socket; checks the reply's fields and returns it.
export async function runRound(admin) {
  const r = await admin.ok('match.run', {});
  for (const k of ['offers', 'unmatched', 'total_score', 'ms'])
    assert.ok(Number.isInteger(r[k]) && r[k] >= 0, `match.run ${k}: ${JSON.stringify(r)}`);
  return r;
}

// Asks for a mentor for each person, in order. The line is ordered by the
// millisecond of the request (ties by id), so each asks in a later one.
export async function requestInLine(people) {
  for (const p of people) {
    const r = await p.client.ok('match.request', {});
    assert.equal(r.status, 'queued', `match.request: ${JSON.stringify(r)}`);
    await sleep(3);
  }
}

export async function statusOf(client) {
  const r = await client.ok('match.status', {});
  assert.ok(
    ['none', 'queued', 'offered', 'matched'].includes(r.status),
    `match.status: ${JSON.stringify(r)}`,
  );
  return r;
}

export async function offersOf(client) {
  const { offers } = await client.ok('match.offers', {});
  assert.ok(Array.isArray(offers), `match.offers: ${JSON.stringify(offers)}`);
  return offers;
}

// Checks an offer against the contract and, when given, the mentee it is
// for; the points of the reasons add up to the score.
export function checkOffer(offer, mentee) {
  const text = JSON.stringify(offer);
  assert.equal(typeof offer.id, 'string', `offer id: ${text}`);
  assert.ok(Number.isInteger(offer.score) && offer.score >= 0 && offer.score <= 100, `offer score: ${text}`);
  assert.equal(typeof offer.expires_at, 'number', `offer expires_at: ${text}`);
  assert.ok(Array.isArray(offer.reasons) && offer.reasons.length > 0, `offer reasons: ${text}`);
  let sum = 0;
  for (const r of offer.reasons) {
    assert.ok(FACTORS.includes(r.factor), `unknown factor in ${JSON.stringify(r)}`);
    assert.ok(Number.isInteger(r.points) && r.points >= 0, `reason points: ${JSON.stringify(r)}`);
    assert.ok(
      typeof r.detail === 'string' && r.detail.trim().length > 0,
      `reason detail: ${JSON.stringify(r)}`,
    );
    sum += r.points;
  }
  assert.equal(
    new Set(offer.reasons.map((r) => r.factor)).size,
    offer.reasons.length,
    `a factor twice: ${text}`,
  );
  assert.equal(sum, offer.score, `reason points add up to ${sum}, not the score: ${text}`);
  if (mentee) {
    const m = offer.mentee;
    assert.equal(m?.id, mentee.user.id, `offer for the wrong mentee: ${text}`);
    assert.equal(m.name, mentee.user.name);
    assert.equal(m.origin, mentee.profile.origin);
    assert.equal(m.country, mentee.profile.country);
    assert.deepEqual(m.languages, mentee.profile.languages);
    assert.deepEqual(m.skills, mentee.profile.skills);
  }
  return offer;
}

// Waits for the live match.offer of this mentee to the mentor (one enrolled
// with enrol) and checks it against the contract and the mentee (checkOffer).
export async function offerFor(mentor, mentee, timeout = undefined) {
  return checkOffer((await mentor.client.next(isOffer(mentee), timeout)).offer, mentee);
}

// The reason for one factor of an offer.
export function reasonOf(offer, factor) {
  const r = offer.reasons.find((x) => x.factor === factor);
  assert.ok(r, `no ${factor} reason in ${JSON.stringify(offer.reasons)}`);
  return r;
}

// Checks a match against the contract for that mentor and mentee.
export function checkMatch(match, mentor, mentee) {
  const text = JSON.stringify(match);
  assert.equal(typeof match.id, 'string', `match id: ${text}`);
  assert.equal(match.mentor, mentor.user.id, `match mentor: ${text}`);
  assert.equal(match.mentee, mentee.user.id, `match mentee: ${text}`);
  assert.deepEqual(match.mentor_user, mentor.user, `match mentor_user: ${text}`);
  assert.deepEqual(match.mentee_user, mentee.user, `match mentee_user: ${text}`);
  assert.ok(Number.isInteger(match.score) && match.score >= 0 && match.score <= 100, `match score: ${text}`);
  assert.ok(typeof match.room === 'string' && match.room.length > 0, `match room: ${text}`);
  assert.equal(typeof match.created_at, 'number', `match created_at: ${text}`);
  return match;
}

// Checks some counts of a match.run or match.stats reply, named:
// assertCounts(round, { offers: 1, unmatched: 2 }, 'first round').
export function assertCounts(reply, expected, label) {
  const got = Object.fromEntries(Object.keys(expected).map((k) => [k, reply[k]]));
  assert.deepEqual(got, expected, `${label}: ${JSON.stringify(reply)}`);
}

// Event predicates for Client.next() and Client.none().
export const isOffer = (mentee) => (m) =>
  m.type === 'match.offer' && (mentee === undefined || m.offer?.mentee?.id === mentee.user.id);
export const isMade = (matchId) => (m) =>
  m.type === 'match.made' && (matchId === undefined || m.match?.id === matchId);
