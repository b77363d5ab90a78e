// Programme impact: cohort tags (cohort.set, cohort.clear, cohort.list, room.create's
// cohort) and the reports report.sessions and report.cohort over a simulated cohort driven
// through two nodes, whose figures are known by construction. Two nodes, one Redis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, sleep, uniqueEmail, useCluster, waitFor } from '../lib/harness.mjs';
import { adminClient, auditHas, facilitator, newAdminSecret, signIn } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = ['imp-tag-a', 'imp-tag-b'];
const cluster = useCluster({
  servers: 2,
  env: { PASSERELLE_ADMIN_SECRET: SECRET },
  seed: baseSeed(ROOM_IDS),
});

// A new non-staff person on node i living in country, of origin (profile), signed in.
async function person(i, { country = '', origin = '', role = 'mentee', tag = 'imp' } = {}) {
  const client = await cluster.client(i);
  const email = uniqueEmail(tag);
  const password = 'impact-password-1';
  const reply = await client.ok('register', { email, password, name: `Person ${tag}`, role, country });
  if (origin) {
    const profile = { bio: '', country, origin, timezone: 'Europe/Paris', languages: [], skills: [] };
    await client.ok('profile.set', { profile });
  }
  return { client, id: reply.user.id, email, token: reply.token };
}

test('cohort.set, cohort.clear, cohort.list: tags on rooms and people, audited, seen by admins', async () => {
  const fac = await facilitator(cluster, 0);
  const other = await facilitator(cluster, 1);
  const a = await person(0, { tag: 'tag-a' });
  const b = await person(1, { tag: 'tag-b' });
  const mentor = await person(0, { tag: 'tag-m', role: 'mentor' });

  const set = await fac.ok('cohort.set', {
    cohort: 'Dakar 2025.1',
    rooms: ['imp-tag-a', 'imp-tag-b'],
    users: [a.id, b.id, mentor.id, fac.user.id], // staff are tagged but not counted
  });
  assert.deepEqual(
    { cohort: set.cohort, rooms: set.rooms, users: set.users },
    {
      cohort: 'Dakar 2025.1',
      rooms: 2,
      users: 4,
    },
  );
  await auditHas(fac, { action: 'cohort.set', detail: 'Dakar 2025.1: 2 rooms, 4 people' });
  const stats = await other.ok('room.stats', { room: 'imp-tag-a' });
  assert.equal(stats.rooms[0].cohort, 'Dakar 2025.1');
  assert.equal((await other.ok('user.find', { email: a.email })).user.cohort, 'Dakar 2025.1');

  // A new tag replaces the old; room.create takes one too.
  await other.ok('cohort.set', { cohort: 'Lyon', users: [b.id] });
  const { room } = await fac.ok('room.create', { title: 'Cohort room', cohort: 'Lyon' });
  assert.equal(room.cohort, 'Lyon');
  let list = await fac.ok('cohort.list');
  assert.deepEqual(list.cohorts, [
    { name: 'Dakar 2025.1', rooms: 2, people: 2 },
    { name: 'Lyon', rooms: 1, people: 1 },
  ]);

  const cleared = await fac.ok('cohort.clear', { rooms: ['imp-tag-b'], users: [a.id] });
  assert.deepEqual({ rooms: cleared.rooms, users: cleared.users }, { rooms: 1, users: 1 });
  await auditHas(fac, { action: 'cohort.clear', detail: '1 rooms, 1 people' });
  assert.equal((await fac.ok('user.find', { email: a.email })).user.cohort, undefined);
  assert.equal((await fac.ok('room.stats', { room: 'imp-tag-b' })).rooms[0].cohort, undefined);
  list = await fac.ok('cohort.list');
  assert.deepEqual(list.cohorts, [
    { name: 'Dakar 2025.1', rooms: 1, people: 1 },
    { name: 'Lyon', rooms: 1, people: 1 },
  ]);
});

test('cohort requests: each refusal changes nothing', async () => {
  const fac = await facilitator(cluster, 1);
  const a = await person(1, { tag: 'tag-r' });
  const bad = ['', ' Lead', 'Trail ', 'a/b', 'x'.repeat(41), 'é'];
  for (const cohort of bad) await fac.fail('cohort.set', { cohort, users: [a.id] }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok', users: ['not an id'] }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok' }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok', rooms: [], users: [] }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok', users: Array(501).fill(a.id) }, 'bad_request');
  await fac.fail('cohort.clear', {}, 'bad_request');
  await fac.fail('room.create', { title: 'T', cohort: 'a/b' }, 'bad_request');
  // Unknown ids: not_found, and nothing changed (the known ones are not tagged either).
  await fac.fail('cohort.set', { cohort: 'Ghost', rooms: ['imp-tag-a', 'no-such-room'] }, 'not_found');
  await fac.fail('cohort.set', { cohort: 'Ghost', users: [a.id, 'uNoSuchUser'] }, 'not_found');
  await fac.fail('cohort.set', { cohort: 'Ghost', rooms: ['mentorship-amina-bakary'] }, 'bad_request');
  await fac.fail('cohort.clear', { users: ['uNoSuchUser'] }, 'not_found');
  assert.equal((await fac.ok('user.find', { email: a.email })).user.cohort, undefined);
  assert.ok(!(await fac.ok('cohort.list')).cohorts.some((c) => c.name === 'Ghost'));
  // Participants cannot reach these requests.
  await a.client.fail('cohort.list', {}, 'bad_request');
});

// ------------------------------------------------------------------ the simulated cohort
// Ten people P0..P9 (P0-P6 live in FR, Europe; P7-P9 in SN, Africa; origins SN for P0-P5,
// ML for P6-P9) and P10 (FR), who never comes. The cohort Alpha is P0-P8 and P10 (P9 is
// not tagged). S1, S2 and S3 are Alpha's sessions, S4 is not tagged. The test notes, for
// each join and leave, the clock before the request and after its answer: the server's
// time of each lies between them, so every person's minutes lie between known bounds.
const MIN = 60000;
const sim = { people: [], spans: new Map() }; // spans: `${room}|${i}` -> [{lo0, hi0, lo1, hi1}]

function spanKey(room, i) {
  return `${room}|${i}`;
}

async function enter(i, room) {
  const p = sim.people[i];
  const lo = Date.now();
  await p.client.ok('join', { room });
  const hi = Date.now();
  const list = sim.spans.get(spanKey(room, i)) ?? [];
  list.push({ lo0: lo, hi0: hi, lo1: null, hi1: null });
  sim.spans.set(spanKey(room, i), list);
  await sleep(3); // distinct join times: the first minute's sample counts one person
}

async function exit(i, room) {
  const p = sim.people[i];
  const span = sim.spans.get(spanKey(room, i)).at(-1);
  span.lo1 = Date.now();
  await p.client.ok('leave', { room });
  span.hi1 = Date.now();
}

// The bounds of person i's minutes in room, open spans ending at `at`.
function minutesOf(room, i, at) {
  let lo = 0;
  let hi = 0;
  for (const s of sim.spans.get(spanKey(room, i)) ?? []) {
    lo += Math.max(0, (s.lo1 ?? at) - s.hi0);
    hi += (s.hi1 ?? at) - s.lo0;
  }
  return [lo / MIN, hi / MIN];
}

const percentile = (sorted, p) => {
  const rank = (p / 100) * (sorted.length - 1);
  const i = Math.floor(rank);
  return i + 1 >= sorted.length ? sorted.at(-1) : sorted[i] + (sorted[i + 1] - sorted[i]) * (rank - i);
};

// The minutes cells of room for the attendees `who` (indexes): each figure, rounded to one
// decimal by the server, lies between the figure of the lower and of the upper bounds.
function checkMinutes(minutes, room, who, at, label) {
  const bounds = who.map((i) => minutesOf(room, i, at));
  const lo = bounds.map((b) => b[0]).sort((a, b) => a - b);
  const hi = bounds.map((b) => b[1]).sort((a, b) => a - b);
  const within = (got, a, b, what) =>
    assert.ok(
      got >= a - 0.05 - 1e-9 && got <= b + 0.05 + 1e-9,
      `${label} ${what}: ${got} not in [${a}, ${b}]`,
    );
  const sum = (v) => v.reduce((x, y) => x + y, 0);
  within(minutes.total, sum(lo), sum(hi), 'total');
  for (const [name, p] of [
    ['median', 50],
    ['p25', 25],
    ['p75', 75],
  ])
    within(minutes[name], percentile(lo, p), percentile(hi, p), name);
}

const S = ['imp-s1', 'imp-s2', 'imp-s3', 'imp-s4'];
const BASE = Date.now() - 3 * 3600 * 1000;
const startOf = (k) => BASE + k * MIN;
const COUNTRY = (i) => (i <= 6 || i === 10 ? 'FR' : 'SN');
const ORIGIN = (i) => (i <= 5 ? 'SN' : i <= 9 ? 'ML' : '');

test('the simulated cohort: people join, speak, leave, come back, raise hands, vote, break out', async () => {
  const fac = await facilitator(cluster, 0);
  const ids = [];
  for (const k of S.keys()) {
    const { room } = await fac.ok('room.create', {
      title: `Session ${k + 1}`,
      starts_at: startOf(k),
      ends_at: Date.now() + 3600 * 1000,
      ...(k < 3 ? { cohort: 'Alpha' } : {}),
    });
    ids.push(room.id);
  }
  S.splice(0, 4, ...ids);
  for (let i = 0; i <= 10; i++)
    sim.people.push(await person(i % 2, { country: COUNTRY(i), origin: ORIGIN(i), tag: `p${i}` }));
  const alpha = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10].map((i) => sim.people[i].id);
  await fac.ok('cohort.set', { cohort: 'Alpha', users: alpha });
  // The facilitator also takes part as a participant: staff never count.
  const staff = await signIn(cluster, 1);
  await staff.client.ok('join', { room: S[0] });

  await session1(fac, staff);
  await session2();
  // S3: P0 and P1. S4 (no cohort): P7 and P8.
  for (const i of [0, 1]) await enter(i, S[2]);
  for (const i of [0, 1]) await exit(i, S[2]);
  for (const i of [7, 8]) await enter(i, S[3]);
  for (const i of [7, 8]) await exit(i, S[3]);
  // P4's open span in S2 reaches a tenth of a minute by the time of the reports.
  await sleep(6500);
  sim.ready = true;
});

// S1: everyone; P0 leaves and comes back; P0 writes 3 messages, P1-P4 one each.
async function session1(fac, staff) {
  for (let i = 0; i <= 9; i++) await enter(i, S[0]);
  await exit(0, S[0]);
  await enter(0, S[0]);
  const says = [3, 1, 1, 1, 1];
  for (const [i, n] of says.entries())
    for (let k = 0; k < n; k++) await sim.people[i].client.ok('say', { room: S[0], text: `hello ${k}` });
  await staff.client.ok('say', { room: S[0], text: 'welcome' });
  // Hands: P0-P4 raise, P0 twice (lowered between); a repeated raise does not count.
  for (let i = 0; i <= 4; i++) await sim.people[i].client.ok('hand.raise', { room: S[0] });
  await sim.people[1].client.ok('hand.raise', { room: S[0] });
  await sim.people[0].client.ok('hand.lower', { room: S[0] });
  await sim.people[0].client.ok('hand.raise', { room: S[0] });
  await staff.client.ok('hand.raise', { room: S[0] });
  await polls1(fac, staff);
  await breakout1(fac);
  for (let i = 0; i <= 9; i++) await exit(i, S[0]);
}

// Polls: a named one (P0-P4 and the facilitator vote), an anonymous one (P0-P5 and the
// facilitator, twice: a changed ballot is still one).
async function polls1(fac, staff) {
  const { poll: named } = await fac.ok('poll.create', {
    room: S[0],
    question: 'Named?',
    options: ['a', 'b'],
  });
  const { poll: anon } = await fac.ok('poll.create', {
    room: S[0],
    question: 'Anonymous?',
    options: ['a', 'b'],
    anonymous: true,
  });
  for (let i = 0; i <= 4; i++) await sim.people[i].client.ok('poll.vote', { poll: named.id, options: [0] });
  await sim.people[0].client.ok('poll.vote', { poll: named.id, options: [1] }); // replaced
  await staff.client.ok('poll.vote', { poll: named.id, options: [1] });
  for (let i = 0; i <= 5; i++) await sim.people[i].client.ok('poll.vote', { poll: anon.id, options: [1] });
  await staff.client.ok('poll.vote', { poll: anon.id, options: [0] });
  await staff.client.ok('poll.vote', { poll: anon.id, options: [1] });
  sim.polls = { named: named.id, anon: anon.id };
}

// One breakout: everyone placed; P0, P1, P2, P5 and P6 write in their group.
async function breakout1(fac) {
  const group = (from, to) => sim.people.slice(from, to).map((p) => p.id);
  const { breakout } = await fac.ok('breakout.start', {
    room: S[0],
    assignment: [group(0, 5), group(5, 10)],
    minutes: 10,
  });
  for (const i of [0, 1, 2, 5, 6]) {
    const gid = breakout.groups[i < 5 ? 0 : 1].id;
    await sim.people[i].client.ok('join', { room: gid });
    await sim.people[i].client.ok('say', { room: gid, text: 'in the group' });
  }
}

// S2: P0-P5 and P9; P3's connection drops (no leave); P4 is still there at report time.
async function session2() {
  for (const i of [0, 1, 2, 3, 4, 5, 9]) await enter(i, S[1]);
  const watcher = await adminClient(cluster, 1, { secret: SECRET });
  await watcher.ok('room.watch', { room: S[1] });
  const span3 = sim.spans.get(spanKey(S[1], 3)).at(-1);
  span3.lo1 = Date.now();
  await sim.people[3].client.close(1000);
  await watcher.next(
    (m) => m.type === 'presence' && m.room === S[1] && m.user.id === sim.people[3].id && m.state === 'left',
  );
  span3.hi1 = Date.now();
  for (const i of [0, 1, 2, 5, 9]) await exit(i, S[1]);
}

const X = '<5';
const H = 'x'; // 5 or more, hidden so that a smaller count cannot be worked out
const row = (country, attended, spoke) => ({ country, attended, spoke });
const rowsOf = (rows) => rows.map(({ country, attended, spoke }) => ({ country, attended, spoke }));
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

test('report.sessions: every figure of the cohort sessions, suppressed cells, filters', async () => {
  assert.ok(sim.ready, 'the simulated cohort ran');
  const fac = await facilitator(cluster, 1);
  const rep = await fac.ok('report.sessions', { cohort: 'Alpha' });
  assert.equal(rep.min_cell, 5);
  assert.deepEqual([rep.from, rep.to, rep.cohort, rep.region, rep.room], [null, null, 'Alpha', null, null]);
  assert.ok(Math.abs(rep.generated_at - Date.now()) < 60000);
  const at = rep.generated_at;
  assert.deepEqual(
    rep.sessions.map((s) => s.room),
    S.slice(0, 3),
  );
  assert.deepEqual(rep.totals, { sessions: 3, people: 10, attendances: 19 });

  const [s1, s2, s3] = rep.sessions;
  checkSession1(s1, at);
  checkSessions23(s2, s3, at);
  await checkFilters(fac);
});

function checkSession1(s1, at) {
  assert.deepEqual(
    [s1.title, s1.cohort, s1.starts_at, s1.registered, s1.attended, s1.attendance_rate, s1.peak_online],
    ['Session 1', 'Alpha', startOf(0), 10, 10, 1, 10],
  );
  checkMinutes(s1.minutes, S[0], range(0, 9), at, 'S1');
  assert.deepEqual([s1.spoke, s1.spoke_share], [5, 0.5]);
  assert.deepEqual(s1.messages, {
    total: 7,
    median: 0.5,
    p75: 1,
    p90: 1.2,
    buckets: [
      { label: '0', people: 5 },
      { label: '1-2', people: X },
      { label: '3-9', people: X },
      { label: '10+', people: 0 },
    ],
  });
  assert.deepEqual(s1.hands, { raised: 6, people: 5, share: 0.5 });
  assert.deepEqual(s1.polls, [
    { poll: sim.polls.named, question: 'Named?', state: 'open', voters: 5, turnout: 0.5 },
    // The anonymous poll has 7 ballots; the facilitator's does not count.
    { poll: sim.polls.anon, question: 'Anonymous?', state: 'open', voters: 6, turnout: X },
  ]);
  assert.deepEqual(s1.breakout, { rounds: 1, placed: 10, placed_share: 1, spoke: 5, spoke_share: 0.5 });
  // Two rows add up to the attendees: the 4 from Mali hide the 6 from Senegal ('x'), and
  // so their speakers (5 of 6 would tell that 1 was silent).
  assert.deepEqual(rowsOf(s1.by_origin), [row('SN', H, H), row('ML', X, 0)]);
  assert.equal(s1.by_origin[1].minutes_median, X);
  checkMinutes(
    { total: 0, median: s1.by_origin[0].minutes_median, p25: 0, p75: 0 },
    S[0],
    range(0, 5),
    at,
    'S1 SN',
  );
  assert.deepEqual(rowsOf(s1.by_residence), [row('FR', H, H), row('SN', X, 0)]);
  // The first minute's sample counts the first person in; a longer run has more samples.
  const span = (i) => sim.spans.get(spanKey(S[0], i));
  if (span(9).at(-1).lo1 - span(0)[0].hi0 < 55000) assert.equal(s1.median_online, 1);
  else assert.ok(s1.median_online >= 1 && s1.median_online <= 10);
}

function checkSessions23(s2, s3, at) {
  // S2: a dropped connection ends its span; P4's is still open, up to the report time.
  assert.deepEqual(
    [s2.registered, s2.attended, s2.attendance_rate, s2.peak_online, s2.spoke, s2.spoke_share],
    [10, 7, X, 7, 0, 0],
  );
  checkMinutes(s2.minutes, S[1], [0, 1, 2, 3, 4, 5, 9], at, 'S2');
  assert.ok(s2.minutes.total >= 0.1, 'the open span counts up to the report time');
  assert.deepEqual(s2.messages.buckets[0], { label: '0', people: 7 });
  assert.deepEqual([s2.messages.total, s2.messages.median], [0, 0]);
  assert.deepEqual(s2.hands, { raised: 0, people: 0, share: 0 });
  assert.deepEqual([s2.polls, s2.breakout], [[], null]);
  assert.deepEqual(rowsOf(s2.by_origin), [row('SN', H, 0), row('ML', X, 0)]);

  // S3: two people: every cell about them is suppressed.
  assert.deepEqual(
    [s3.attended, s3.attendance_rate, s3.peak_online, s3.median_online, s3.spoke, s3.spoke_share],
    [X, X, X, X, 0, X],
  );
  assert.deepEqual(s3.minutes, { total: X, median: X, p25: X, p75: X });
  assert.deepEqual([s3.messages.total, s3.messages.median, s3.hands.raised], [X, X, X]);
}

async function checkFilters(fac) {
  // Region: only the people living there count.
  const eu = await fac.ok('report.sessions', { cohort: 'Alpha', region: 'Europe' });
  assert.equal(eu.region, 'Europe');
  const e1 = eu.sessions[0];
  assert.deepEqual(
    [e1.registered, e1.attended, e1.attendance_rate, e1.peak_online, e1.spoke, e1.spoke_share],
    [8, 7, X, 7, H, X],
  );
  // 5 of 7: the other 2 would be counted by subtraction, so the 5 are hidden too.
  assert.deepEqual(
    e1.polls.map((p) => [p.voters, p.turnout]),
    [
      [H, X],
      [null, null],
    ],
  );
  assert.deepEqual(e1.breakout, { rounds: 1, placed: 7, placed_share: 1, spoke: H, spoke_share: X });
  assert.deepEqual(rowsOf(e1.by_residence), [row('FR', 7, H)]);
  assert.deepEqual(eu.totals, { sessions: 3, people: 7, attendances: 15 });
  const af = await fac.ok('report.sessions', { region: 'Africa', cohort: 'Alpha' });
  assert.deepEqual(
    af.sessions.map((s) => s.attended),
    [X, X, 0],
  );
  assert.deepEqual(af.sessions[2].minutes, { total: null, median: null, p25: null, p75: null });

  // Dates (from included, to not), one room, the untagged session.
  const mid = await fac.ok('report.sessions', { from: startOf(1), to: startOf(2) });
  assert.deepEqual(
    mid.sessions.map((s) => s.room),
    [S[1]],
  );
  assert.deepEqual([mid.from, mid.to], [startOf(1), startOf(2)]);
  const one = await fac.ok('report.sessions', { room: S[3] });
  assert.deepEqual(
    [one.room, one.sessions.length, one.sessions[0].cohort, one.sessions[0].registered],
    [S[3], 1, null, null],
  );
  assert.deepEqual([one.sessions[0].attended, one.sessions[0].attendance_rate], [X, null]);
  const all = await fac.ok('report.sessions', {});
  assert.ok(S.every((id) => all.sessions.some((s) => s.room === id)));
  assert.ok(!all.sessions.some((s) => s.room === 'mentorship-amina-bakary'));
}

test('report.cohort: roster, first-time and returning, retention, drop-off', async () => {
  assert.ok(sim.ready, 'the simulated cohort ran');
  const fac = await facilitator(cluster, 0);
  const rep = await fac.ok('report.cohort', { cohort: 'Alpha' });
  assert.deepEqual([rep.cohort, rep.region, rep.from, rep.to, rep.min_cell], ['Alpha', null, null, null, 5]);
  assert.deepEqual([rep.roster, rep.attended_any, rep.never], [10, 10, X]);
  assert.deepEqual(rep.sessions, [
    { room: S[0], title: 'Session 1', starts_at: startOf(0), attended: 10, first_time: 10, returning: 0 },
    { room: S[1], title: 'Session 2', starts_at: startOf(1), attended: 7, first_time: 0, returning: 7 },
    { room: S[2], title: 'Session 3', starts_at: startOf(2), attended: X, first_time: 0, returning: X },
  ]);
  assert.deepEqual(rep.retention, [
    { sessions: 1, people: 10, share: 1 },
    { sessions: 2, people: H, share: X },
    { sessions: 3, people: X, share: X },
  ]);
  // 7 of 10 came back: the 3 who did not would be counted by subtraction.
  assert.deepEqual(rep.drop_off, {
    attended_first: 10,
    came_back: H,
    dropped: X,
    dropped_share: X,
    one_time: X,
  });

  const eu = await fac.ok('report.cohort', { cohort: 'Alpha', region: 'Europe' });
  assert.deepEqual([eu.roster, eu.attended_any, eu.never], [8, 7, X]);
  assert.deepEqual(
    eu.retention.map((r) => r.people),
    [7, H, X],
  );
  assert.deepEqual(eu.drop_off, {
    attended_first: 7,
    came_back: H,
    dropped: X,
    dropped_share: X,
    one_time: X,
  });

  // From the second session on: S2 is the first, its people first-timers.
  const later = await fac.ok('report.cohort', { cohort: 'Alpha', from: startOf(1) });
  assert.deepEqual(
    later.sessions.map((s) => [s.attended, s.first_time, s.returning]),
    [
      [7, 7, 0],
      [X, 0, X],
    ],
  );
  assert.deepEqual([later.attended_any, later.never], [7, X]);
  assert.deepEqual(later.drop_off, {
    attended_first: 7,
    came_back: X,
    dropped: H,
    dropped_share: X,
    one_time: H,
  });
  const none = await fac.ok('report.cohort', { cohort: 'Nobody here' });
  assert.deepEqual([none.roster, none.attended_any, none.sessions, none.retention], [0, 0, [], []]);
});

test('report refusals: bad filters, unknown rooms, participants', async () => {
  const fac = await facilitator(cluster, 0);
  for (const region of ['Antarctica', 'europe', 'the Americas', ''])
    await fac.fail('report.sessions', { region }, 'bad_request');
  const err = await fac.req('report.cohort', { cohort: 'Alpha', region: 'Mars' });
  assert.match(err.message, /region/);
  await fac.fail('report.sessions', { cohort: 'a/b' }, 'bad_request');
  await fac.fail('report.cohort', {}, 'bad_request');
  await fac.fail('report.cohort', { cohort: ' x' }, 'bad_request');
  await fac.fail('report.sessions', { from: -1 }, 'bad_request');
  // A range that ends before it starts, or where it starts, is refused, not an empty report.
  for (const type of ['report.sessions', 'report.cohort']) {
    const back = await fac.req(type, { cohort: 'Alpha', from: startOf(2), to: startOf(1) });
    assert.deepEqual([back.code, back.message], ['bad_request', "field 'to' must come after 'from'"]);
    await fac.fail(type, { cohort: 'Alpha', from: startOf(1), to: startOf(1) }, 'bad_request');
  }
  await fac.fail('report.sessions', { room: 'no-such-room' }, 'not_found');
  await fac.fail('report.sessions', { room: 'mentorship-amina-bakary' }, 'bad_request');
  // Non-staff never reach the admin socket's requests.
  const p = await person(0, { tag: 'ref' });
  const admin = await adminClient(cluster, 0);
  await admin.fail('auth', { token: p.token }, 'forbidden');
  await admin.fail('report.sessions', {}, 'unauthorized');
  await p.client.fail('report.sessions', {}, 'bad_request');
});

test('erasure takes the person out of the facts; the reports count them no more', async () => {
  assert.ok(sim.ready, 'the simulated cohort ran');
  const fac = await facilitator(cluster, 0);
  const gone = sim.people[9].id;
  const before = await cluster.redis.command('HGETALL', `impact:{${S[0]}}`);
  assert.ok(before.some((f) => f.endsWith(`:${gone}`)));
  await fac.ok('user.delete', { user: gone });
  for (const room of S) {
    const fields = await cluster.redis.command('HKEYS', `impact:{${room}}`);
    assert.ok(!fields.some((f) => f.includes(gone)), `${room} still holds the erased person`);
  }
  const rep = await fac.ok('report.sessions', { cohort: 'Alpha' });
  assert.deepEqual(
    rep.sessions.map((s) => s.attended),
    [9, 6, X],
  );
  assert.deepEqual(rep.totals, { sessions: 3, people: 9, attendances: 17 });
});

test('Redis down: reports and cohort tags are unavailable, and nothing is written', async () => {
  const fac = await facilitator(cluster, 1);
  const p = await person(1, { tag: 'down' });
  await cluster.redis.kill9();
  const status = async (node) => (await node.get('/readyz').catch(() => ({ status: 0 }))).status;
  for (const node of cluster.nodes)
    await waitFor(`${node.name} not ready`, async () => (await status(node)) === 503);
  await fac.fail('cohort.set', { cohort: 'Outage', users: [p.id], rooms: [S[0]] }, 'unavailable');
  await fac.fail('cohort.clear', { users: [p.id] }, 'unavailable');
  await fac.fail('cohort.list', {}, 'unavailable');
  await fac.fail('report.sessions', {}, 'unavailable');
  await fac.fail('report.cohort', { cohort: 'Alpha' }, 'unavailable');
  await cluster.redis.restart();
  for (const node of cluster.nodes)
    await waitFor(`${node.name} ready`, async () => (await status(node)) === 200, { timeout: 60000 });
  assert.equal((await fac.ok('user.find', { email: p.email })).user.cohort, undefined);
  assert.ok(!(await fac.ok('cohort.list')).cohorts.some((c) => c.name === 'Outage'));
  assert.equal((await fac.ok('room.stats', { room: S[0] })).rooms[0].cohort, 'Alpha');
});
