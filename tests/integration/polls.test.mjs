// Polls: a facilitator creates a poll in a room, people who joined it vote (one ballot each,
// replaced by a new vote until the poll closes), facilitators on every node see the counts
// live, participants see them when the poll closes. An anonymous poll leaves no voter's id in
// Redis. Two nodes, one Redis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, useCluster } from '../lib/harness.mjs';
import { adminFail, adminOk, auditHas, facilitator } from '../lib/admin.mjs';
import { keyspaceDump } from '../lib/redis.mjs';

const ROOMS = ['po-one', 'po-bad', 'po-multi', 'po-anon', 'po-late', 'po-other'];
const cluster = useCluster({ servers: 2, seed: baseSeed(ROOMS) });
const isPoll =
  (type, id, check = () => true) =>
  (m) =>
    m.type === type && m.poll?.id === id && check(m.poll);
const create = (fac, room, extra = {}) =>
  adminOk(fac, 'poll.create', { room, question: 'Which day?', options: ['Mon', 'Tue', 'Wed'], ...extra });

test('poll: created, announced to the room, votes counted live on the other node, one ballot a person', async () => {
  const room = 'po-one';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);
  const { poll } = await create(fac0, room, { question: '  Which day?  ', options: [' Mon', 'Tue ', 'Wed'] });
  assert.deepEqual([poll.question, poll.options, poll.state], ['Which day?', ['Mon', 'Tue', 'Wed'], 'open']);
  assert.deepEqual([poll.multiple, poll.anonymous, poll.counts], [false, false, [0, 0, 0]]);

  for (const p of [a, b]) {
    const ev = await p.client.next(isPoll('poll', poll.id));
    assert.equal(ev.poll.question, 'Which day?');
    assert.equal(ev.poll.counts, undefined, 'participants see no counts while open');
  }
  const voted = await a.client.ok('poll.vote', { poll: poll.id, options: [1] });
  assert.deepEqual(voted.mine, [1]);
  await fac1.next(isPoll('poll.results', poll.id, (p) => p.counts[1] === 1));
  await b.client.ok('poll.vote', { poll: poll.id, options: [1] });
  await fac1.next(isPoll('poll.results', poll.id, (p) => p.counts[1] === 2 && p.voters === 2));

  // The same person from the other node changes their vote: it replaces the first.
  const tab = await cluster.tab(1, a.token);
  await tab.client.ok('join', { room });
  await tab.client.ok('poll.vote', { poll: poll.id, options: [2] });
  const ev = await fac1.next(isPoll('poll.results', poll.id, (p) => p.counts[2] === 1));
  assert.deepEqual([ev.poll.counts, ev.poll.voters], [[0, 1, 1], 2]);
  assert.equal(ev.poll.ballots, undefined, 'live counts carry no voters');

  const { poll: res } = await adminOk(fac1, 'poll.results', { poll: poll.id });
  const who = Object.fromEntries(res.ballots.map((x) => [x.user.id, x.options]));
  assert.deepEqual(who, { [a.user.id]: [2], [b.user.id]: [1] }, 'a named poll shows who chose what');

  const { polls } = await b.client.ok('poll.list', { room });
  assert.deepEqual(
    polls.map((p) => [p.id, p.mine, p.counts]),
    [[poll.id, [1], undefined]],
  );
  const { poll: closed } = await adminOk(fac1, 'poll.close', { poll: poll.id });
  assert.equal(closed.state, 'closed');
  for (const p of [a, b]) {
    const end = await p.client.next(isPoll('poll.closed', poll.id));
    assert.deepEqual(end.poll.counts, [0, 1, 1]);
    assert.equal(end.poll.ballots, undefined);
  }
  await a.client.fail('poll.vote', { poll: poll.id, options: [0] }, 'conflict');
  await adminFail(fac0, 'poll.close', { poll: poll.id }, 'conflict');
  const { polls: after } = await a.client.ok('poll.list', { room });
  assert.deepEqual([after[0].state, after[0].counts, after[0].mine], ['closed', [0, 1, 1], [2]]);
  const { polls: kept } = await adminOk(fac0, 'poll.list', { room });
  assert.deepEqual(
    kept.map((p) => [p.id, p.state, p.counts]),
    [[poll.id, 'closed', [0, 1, 1]]],
  );
  await auditHas(fac0, { action: 'poll.create', room, detail: 'Which day?' });
  await auditHas(fac0, { action: 'poll.close', room, detail: poll.id });
});

test('poll: each refusal of create, vote and close', async () => {
  const room = 'po-bad';
  const fac = await facilitator(cluster, 0);
  const q = { room, question: 'Q?' };
  for (const options of [
    ['one'],
    ['a', 'a'],
    ['a', ' '],
    ['x'.repeat(101), 'b'],
    Array(11).fill('o'),
    [1, 2],
  ])
    await adminFail(fac, 'poll.create', { ...q, options }, 'bad_request');
  await adminFail(fac, 'poll.create', { ...q, question: ' ', options: ['a', 'b'] }, 'bad_request');
  await adminFail(
    fac,
    'poll.create',
    { ...q, question: 'x'.repeat(301), options: ['a', 'b'] },
    'bad_request',
  );
  await adminFail(fac, 'poll.create', { ...q, room: 'po-nope', options: ['a', 'b'] }, 'not_found');
  await adminFail(fac, 'poll.close', { poll: 'nope' }, 'not_found');
  await adminFail(fac, 'poll.results', { poll: 'nope' }, 'not_found');
  await adminFail(fac, 'poll.close', {}, 'bad_request');
  await adminFail(fac, 'poll.results', {}, 'bad_request');
  await adminFail(fac, 'poll.list', {}, 'bad_request');
  await adminFail(fac, 'poll.create', { ...q, room: 'closed-room', options: ['a', 'b'] }, 'room_closed');

  const p = await cluster.member(1, room);
  const { poll } = await create(fac, room);
  const vote = (options, code, who = p) => who.client.fail('poll.vote', { poll: poll.id, options }, code);
  await vote([0, 1], 'bad_request'); // one option only
  await vote([], 'bad_request');
  await vote([3], 'bad_request'); // no such option
  await vote([0, 0], 'bad_request');
  await vote(['0'], 'bad_request');
  await p.client.fail('poll.vote', { poll: 'nope', options: [0] }, 'not_found');
  const outsider = await cluster.member(0, 'po-other');
  await vote([0], 'forbidden', outsider);
  await outsider.client.fail('poll.list', { room }, 'forbidden');
  await outsider.client.fail('poll.list', {}, 'bad_request');
  await outsider.client.fail('poll.list', { room: 'po-nope' }, 'not_found');

  // A participant socket cannot create or close; a participant token cannot use the admin socket.
  await p.client.fail('poll.create', { ...q, options: ['a', 'b'] }, 'bad_request');
  const { poll: r } = await adminOk(fac, 'poll.results', { poll: poll.id });
  assert.deepEqual([r.counts, r.voters], [[0, 0, 0], 0], 'no refused vote counted');
});

test('poll: multiple choices, replaced as a whole', async () => {
  const room = 'po-multi';
  const fac = await facilitator(cluster, 1);
  const p = await cluster.member(0, room);
  const { poll } = await create(fac, room, { multiple: true });
  assert.equal(poll.multiple, true);
  assert.deepEqual((await p.client.ok('poll.vote', { poll: poll.id, options: [2, 0] })).mine, [0, 2]);
  await fac.next(isPoll('poll.results', poll.id, (x) => x.counts.join() === '1,0,1'));
  await p.client.ok('poll.vote', { poll: poll.id, options: [1] });
  await fac.next(isPoll('poll.results', poll.id, (x) => x.counts.join() === '0,1,0' && x.voters === 1));
});

test('poll: a late joiner sees the open poll and their own choice', async () => {
  const room = 'po-late';
  const fac = await facilitator(cluster, 0);
  const { poll } = await create(fac, room, { anonymous: true });
  const late = await cluster.member(1, room);
  const { polls } = await late.client.ok('poll.list', { room });
  assert.deepEqual(
    polls.map((x) => [x.id, x.state, x.mine]),
    [[poll.id, 'open', null]],
  );
  await late.client.ok('poll.vote', { poll: poll.id, options: [0] });
  const again = await cluster.tab(0, late.token);
  await again.client.ok('join', { room });
  const { polls: mine } = await again.client.ok('poll.list', { room });
  assert.deepEqual(mine[0].mine, [0], 'an anonymous ballot is found again by its tag');
});

test('poll: an anonymous poll stores no voter, and facilitators never see one', async () => {
  const room = 'po-anon';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const voters = [
    await cluster.member(0, room),
    await cluster.member(1, room),
    await cluster.member(1, room),
  ];
  const { poll } = await create(fac0, room, { anonymous: true });
  for (const [i, v] of voters.entries()) await v.client.ok('poll.vote', { poll: poll.id, options: [i % 2] });
  await voters[0].client.ok('poll.vote', { poll: poll.id, options: [2] });
  const live = await fac1.next(isPoll('poll.results', poll.id, (x) => x.voters === 3 && x.counts[2] === 1));
  assert.deepEqual(live.poll.counts, [1, 1, 1]);
  const { poll: res } = await adminOk(fac1, 'poll.results', { poll: poll.id });
  assert.equal(res.ballots, undefined);
  const { polls } = await adminOk(fac0, 'poll.list', { room });
  assert.equal(polls[0].ballots, undefined);
  await adminOk(fac0, 'poll.close', { poll: poll.id });

  const uids = voters.map((v) => v.user.id);
  const all = await keyspaceDump(cluster.redis);
  const near = all.filter((x) => x.text.includes(poll.id));
  assert.ok(near.length >= 3, `the poll's keys: ${near.map((x) => x.k)}`);
  const ballots = near.find((x) => x.k.endsWith(':b'));
  assert.equal(JSON.parse(ballots.text.slice(ballots.k.length + 1)).length, 6, 'three ballots');
  for (const x of near) for (const u of uids) assert.ok(!x.text.includes(u), `${x.k} names a voter`);
  // The voters' ids stay only where they were before the poll: accounts, presence (and the
  // presence spans of the impact facts), the room list.
  const other = all.filter((x) => uids.some((u) => x.text.includes(u))).map((x) => x.k.split(':')[0]);
  assert.deepEqual([...new Set(other)].sort(), ['email', 'impact', 'pres', 'user', 'users']);
});

test('poll: an erased account leaves no name on a named poll, its vote still counted', async () => {
  const fac = await facilitator(cluster, 0);
  const p = await cluster.member(1, 'po-other');
  const { poll } = await create(fac, 'po-other');
  await p.client.ok('poll.vote', { poll: poll.id, options: [0] });
  await adminOk(fac, 'user.delete', { user: p.user.id });
  const { poll: res } = await adminOk(fac, 'poll.results', { poll: poll.id });
  assert.deepEqual([res.counts, res.voters, res.ballots], [[1, 0, 0], 1, undefined]);
  const all = await keyspaceDump(cluster.redis);
  assert.deepEqual(
    all.filter((x) => x.text.includes(p.user.id)).map((x) => x.k),
    [],
  );
});
