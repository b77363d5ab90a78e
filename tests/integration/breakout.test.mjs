// Breakout groups: a facilitator splits the people present in a session room into balanced
// groups mixing origins (or a given assignment), each participant's clients on every node
// are told their group, late joiners go to the smallest group, a participant calls a
// facilitator, announcements reach every group, and the end (after its warning, shortened
// here to 1 s with PASSERELLE_BREAKOUT_WARNING) sends everyone back while the groups keep
// their history. Two nodes, one Redis.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { baseSeed, ROOT, useCluster, validProfile } from '../lib/harness.mjs';
import { runToEnd } from '../lib/processes.mjs';
import { adminClient, auditHas, facilitator, isAnnouncement, newAdminSecret, signIn } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = [
  'bk-mix',
  'bk-bad',
  'bk-as',
  'bk-late',
  'bk-help',
  'bk-race',
  'bk-end',
  'bk-cli',
  'bk-timed',
  'bk-erase',
];
const CLI = process.env.PASSERELLE_ADMIN_BIN || path.join(ROOT, 'build', 'passerelle-admin');
const cluster = useCluster({
  servers: 2,
  env: { PASSERELLE_ADMIN_SECRET: SECRET, PASSERELLE_BREAKOUT_WARNING: 1 },
  seed: baseSeed(ROOM_IDS),
});

const isBreakout = (room) => (m) => m.type === 'breakout' && m.room === room;
const isEvent = (type, room) => (m) => m.type === type && m.room === room;

// People of the given origins who joined room, alternating between the nodes.
async function cohort(room, origins) {
  const people = [];
  for (const [i, origin] of origins.entries()) {
    const p = await cluster.user(i % 2, { tag: `bk${i}` });
    await p.client.ok('profile.set', { profile: validProfile({ origin }) });
    await p.client.ok('join', { room });
    people.push({ ...p, origin });
  }
  return people;
}

// Each person's group id, from the breakout event their client got.
async function groupsOf(people, room) {
  const out = new Map();
  for (const p of people) out.set(p.user.id, (await p.client.next(isBreakout(room))).group);
  return out;
}

test('breakout.start: balanced groups mixing origins, every client on both nodes told its group', async () => {
  const room = 'bk-mix';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const people = await cohort(room, ['SN', 'SN', 'SN', 'ML', 'ML', 'GH']);
  const tab = await cluster.tab(1, people[0].token); // a second tab, other node

  const { breakout } = await fac0.ok('breakout.start', {
    room,
    groups: 3,
    minutes: 20,
    prompt: 'Share a proverb',
  });
  assert.equal(breakout.state, 'running');
  assert.equal(breakout.prompt, 'Share a proverb');
  assert.equal(breakout.groups.length, 3);
  assert.ok(breakout.ends_at - breakout.started_at === 20 * 60000);
  assert.deepEqual(
    breakout.groups.map((g) => g.members.length),
    [2, 2, 2],
  );
  assert.deepEqual(
    breakout.groups.map((g) => g.number),
    [1, 2, 3],
  );
  for (const g of breakout.groups) assert.match(g.title, new RegExp(`^Group ${g.number} — Room ${room}$`));

  const told = await groupsOf(people, room);
  const origin = new Map(people.map((p) => [p.user.id, p.origin]));
  for (const g of breakout.groups) {
    const origins = g.members.map((m) => origin.get(m.id));
    assert.equal(new Set(origins).size, 2, `group ${g.number} mixes origins: ${origins}`);
    for (const m of g.members) assert.equal(told.get(m.id).id, g.id);
  }
  const ev = await tab.client.next(isBreakout(room));
  assert.equal(ev.group.id, told.get(people[0].user.id).id);
  assert.equal(ev.prompt, 'Share a proverb');
  assert.equal(ev.ends_at, breakout.ends_at);
  await fac1.next((m) => m.type === 'breakout.updated' && m.room === room && m.breakout.state === 'running');

  // A group is open to its members and to staff, listed only to its members.
  const [a, b] = [people[0], people.find((p) => told.get(p.user.id).id !== told.get(people[0].user.id).id)];
  const mine = told.get(a.user.id).id;
  const joined = await a.client.ok('join', { room: mine });
  assert.equal(joined.room.kind, 'breakout');
  assert.equal(joined.room.parent, room);
  await b.client.fail('join', { room: mine }, 'forbidden');
  const lists = await b.client.ok('rooms.list');
  assert.ok(!lists.rooms.some((r) => r.id === mine));
  assert.ok((await a.client.ok('rooms.list')).rooms.some((r) => r.id === mine));
  await fac1.ok('room.watch', { room: mine });
  const fatou = await cluster.client(1);
  await fatou.ok('login', { email: 'fatou@example.org', password: 'fatou-password-1' });
  await fatou.ok('join', { room: mine });

  // One breakout at a time.
  await fac1.fail('breakout.start', { room, groups: 2, minutes: 5 }, 'conflict');
  await auditHas(fac0, { action: 'breakout.start', room });
  await fac0.ok('breakout.end', { room });
});

test('breakout requests: each refusal', async () => {
  const room = 'bk-bad';
  const fac = await facilitator(cluster, 0);
  const [p] = await cohort(room, ['SN']);
  await fac.fail('breakout.start', { room, minutes: 5 }, 'bad_request');
  const fewer = await fac.fail('breakout.start', { room, groups: 2, minutes: 5 }, 'bad_request');
  assert.match(fewer.message, /fewer people/);
  await fac.fail(
    'breakout.start',
    { room, groups: 2, assignment: [[p.user.id], ['x']], minutes: 5 },
    'bad_request',
  );
  await fac.fail('breakout.start', { room, groups: 1, minutes: 5 }, 'bad_request');
  await fac.fail('breakout.start', { room, groups: 51, minutes: 5 }, 'bad_request');
  await fac.fail('breakout.start', { room, groups: 2, minutes: 0 }, 'bad_request');
  await fac.fail('breakout.start', { room, groups: 2, minutes: 241 }, 'bad_request');
  await fac.fail('breakout.start', { room, groups: 2 }, 'bad_request');
  await fac.fail('breakout.start', { room, assignment: [[p.user.id]], minutes: 5 }, 'bad_request');
  await fac.fail('breakout.start', { room, assignment: [[p.user.id], []], minutes: 5 }, 'bad_request');
  await fac.fail(
    'breakout.start',
    { room, assignment: [[p.user.id], [p.user.id]], minutes: 5 },
    'bad_request',
  );
  await fac.fail(
    'breakout.start',
    { room, assignment: [[p.user.id], ['nobody-here']], minutes: 5 },
    'not_found',
  );
  await fac.fail(
    'breakout.start',
    { room, assignment: [[p.user.id], [fac.user.id]], minutes: 5 },
    'bad_request',
  );
  await fac.fail('breakout.start', { room: 'no-such-room', groups: 2, minutes: 5 }, 'not_found');
  await fac.fail('breakout.start', { room: 'closed-room', groups: 2, minutes: 5 }, 'room_closed');
  await fac.fail('breakout.start', { room: 'plaza', groups: 2, minutes: 5 }, 'conflict'); // nobody there
  await fac.fail('breakout.end', { room }, 'conflict');
  await fac.fail('breakout.announce', { room, text: 'hello' }, 'conflict');
  await fac.fail('breakout.announce', { room }, 'bad_request');
  for (const type of ['breakout.end', 'breakout.announce', 'breakout.status'])
    await fac.fail(type, { room: 'no-such-room', text: 'hello' }, 'not_found');
  await fac.fail('breakout.help', { room }, 'bad_request'); // not an admin request
  assert.equal((await fac.ok('breakout.status', { room })).breakout, null);
  // Participants have no admin requests, and help only from a group.
  const anon = await adminClient(cluster, 1);
  await anon.fail('breakout.start', { room, groups: 2, minutes: 5 }, 'unauthorized');
  await p.client.fail('breakout.help', { room }, 'bad_request');
  await p.client.fail('breakout.help', { room: 'bk-help' }, 'forbidden'); // not joined
  await p.client.fail('breakout.help', { room: 'no-such-room' }, 'not_found');
  await p.client.fail('breakout.help', {}, 'bad_request');
  await p.client.fail('breakout.start', { room, groups: 2, minutes: 5 }, 'bad_request');
});

test('breakout.start with an assignment; announce reaches every group; status shows activity', async () => {
  const room = 'bk-as';
  const fac = await facilitator(cluster, 1);
  const people = await cohort(room, ['SN', 'SN', 'SN']);
  const [a, b, c] = people;
  const { breakout } = await fac.ok('breakout.start', {
    room,
    assignment: [[a.user.id, c.user.id], [b.user.id]],
    minutes: 10,
  });
  assert.deepEqual(
    breakout.groups.map((g) => g.members.map((m) => m.id)),
    [[a.user.id, c.user.id], [b.user.id]],
  );
  const told = await groupsOf(people, room);
  for (const p of people) await p.client.ok('join', { room: told.get(p.user.id).id });
  await a.client.ok('say', { room: told.get(a.user.id).id, text: 'hello group' });

  const sent = await fac.ok('breakout.announce', { room, text: 'Five minutes left' });
  assert.equal(sent.rooms, 2);
  for (const p of people) {
    const ev = await p.client.next(isAnnouncement(told.get(p.user.id).id, 'Five minutes left'));
    assert.equal(ev.from.id, fac.user.id);
  }
  const { breakout: board } = await fac.ok('breakout.status', { room });
  const g1 = board.groups.find((g) => g.id === told.get(a.user.id).id);
  const g2 = board.groups.find((g) => g.id === told.get(b.user.id).id);
  assert.equal(g1.messages_recent, 1);
  assert.equal(typeof g1.last_message_at, 'number');
  assert.equal(g1.online, 2);
  assert.equal(g2.messages_recent, 0);
  assert.equal(g2.last_message_at, null);
  await auditHas(fac, { action: 'breakout.announce', room });
  await fac.ok('breakout.end', { room });
});

test('breakout: late joiners go to the smallest group, on either node; staff are not placed', async () => {
  const room = 'bk-late';
  const fac = await facilitator(cluster, 0);
  const people = await cohort(room, ['SN', 'ML', 'GH']);
  const [a, b, c] = people;
  await fac.ok('breakout.start', { room, assignment: [[a.user.id, b.user.id], [c.user.id]], minutes: 10 });
  const told = await groupsOf(people, room);

  const late = await cluster.user(1, { tag: 'late' });
  const tab = await cluster.tab(0, late.token);
  await late.client.ok('join', { room });
  const ev = await late.client.next(isBreakout(room));
  assert.equal(ev.group.id, told.get(c.user.id).id, 'the group of one');
  assert.equal(ev.group.number, 2);
  assert.equal((await tab.client.next(isBreakout(room))).group.id, ev.group.id);
  const board = await fac.next(
    (m) => m.type === 'breakout.updated' && m.room === room && m.breakout.groups[1].members.length === 2,
  );
  assert.deepEqual(
    board.breakout.groups[1].members.map((m) => m.id).sort(),
    [c.user.id, late.user.id].sort(),
  );
  // Coming back to the session while it runs: the same group again.
  await late.client.ok('leave', { room });
  await late.client.ok('join', { room });
  assert.equal((await late.client.next(isBreakout(room))).group.id, ev.group.id);
  // A facilitator joining the session is not placed.
  const fatou = await cluster.client(1);
  await fatou.ok('login', { email: 'fatou@example.org', password: 'fatou-password-1' });
  await fatou.ok('join', { room });
  await fatou.none(isBreakout(room));
  const { breakout } = await fac.ok('breakout.status', { room });
  assert.deepEqual(
    breakout.groups.map((g) => g.members.length),
    [2, 2],
  );
  await fac.ok('breakout.end', { room });
});

test('breakout.help: reaches a console on the other node, once a minute', async () => {
  const room = 'bk-help';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const people = await cohort(room, ['SN', 'ML']);
  await fac0.ok('breakout.start', { room, groups: 2, minutes: 10 });
  const told = await groupsOf(people, room);
  const p = people[0];
  const group = told.get(p.user.id);
  await p.client.fail('breakout.help', { room: group.id }, 'forbidden'); // not joined yet
  await p.client.ok('join', { room: group.id });
  const reply = await p.client.ok('breakout.help', { room: group.id });
  assert.equal(reply.group.id, group.id);
  const ev = await fac1.next((m) => m.type === 'breakout.help' && m.room === room);
  assert.deepEqual(ev.group, group);
  assert.equal(ev.user.id, p.user.id);
  assert.equal(ev.user.name, p.user.name);
  assert.equal(typeof ev.at, 'number');
  const again = await p.client.fail('breakout.help', { room: group.id }, 'rate_limited');
  assert.ok(again.retry_after_ms > 0);
  await fac0.ok('breakout.end', { room });
});

test('breakout.start from two nodes at once: exactly one wins', async () => {
  const room = 'bk-race';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  await cohort(room, ['SN', 'ML', 'GH', 'SN']);
  const replies = await Promise.all(
    [fac0, fac1].map((f) => f.req('breakout.start', { room, groups: 2, minutes: 10 })),
  );
  assert.deepEqual(replies.map((r) => (r.type === 'ok' ? 'ok' : r.code)).sort(), ['conflict', 'ok']);
  const { breakout } = await fac1.ok('breakout.status', { room });
  assert.equal(breakout.groups.length, 2);
  await fac0.ok('breakout.end', { room });
});

test('breakout.end: the warning, then everyone back; the groups keep their history, closed', async () => {
  const room = 'bk-end';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const people = await cohort(room, ['SN', 'ML', 'GH', 'FR']);
  const { breakout } = await fac0.ok('breakout.start', { room, groups: 2, minutes: 30 });
  const told = await groupsOf(people, room);
  for (const p of people) await p.client.ok('join', { room: told.get(p.user.id).id });
  const said = await people[0].client.ok('say', { room: told.get(people[0].user.id).id, text: 'our notes' });

  const ended = await fac1.ok('breakout.end', { room });
  assert.equal(ended.breakout.state, 'ending');
  assert.ok(ended.breakout.ends_at < breakout.ends_at);
  for (const p of people) {
    const warn = await p.client.next(isEvent('breakout.ending', room));
    assert.equal(warn.group, told.get(p.user.id).id);
    assert.equal(warn.ends_at, ended.breakout.ends_at);
  }
  for (const p of people) {
    const back = await p.client.next(isEvent('breakout.ended', room));
    assert.equal(back.group, told.get(p.user.id).id);
  }
  const { breakout: after } = await fac0.ok('breakout.status', { room });
  assert.equal(after.state, 'ended');
  assert.ok(after.groups.every((g) => g.state === 'closed'));
  // Back in the session room; the group is read-only history.
  const p = people[0];
  await p.client.ok('join', { room });
  await p.client.none(isBreakout(room));
  await p.client.fail('join', { room: told.get(p.user.id).id }, 'room_closed');
  const watched = await fac1.ok('room.watch', { room: told.get(p.user.id).id });
  assert.deepEqual(
    watched.history.map((m) => m.id),
    [said.message.id],
  );
  await auditHas(fac0, { action: 'breakout.end', room, actor: 'system' });
  // A new round may start once the last has ended.
  await fac0.ok('breakout.start', { room, groups: 2, minutes: 5 });
  await fac0.ok('breakout.end', { room });
});

// passerelle-admin against node 1 with the admin secret; resolves {code, output}.
function cli(...args) {
  const file = path.join(cluster.tmp, 'breakout-secret');
  fs.writeFileSync(file, SECRET, { mode: 0o600 });
  const env = { TZ: 'UTC' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PASSERELLE_')) env[k] = v;
  const url = `ws://127.0.0.1:${cluster.node(1).adminPort}/admin`;
  return runToEnd(CLI, ['--url', url, '--secret-file', file, ...args], { env });
}

test('passerelle-admin breakout start, status, announce, end', async () => {
  const room = 'bk-cli';
  const people = await cohort(room, ['SN', 'ML', 'GH', 'FR']);
  let r = await cli(
    'breakout',
    'start',
    room,
    '--groups',
    '2',
    '--minutes',
    '15',
    '--prompt',
    'Who inspires you?',
  );
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /running/);
  assert.match(r.output, /Who inspires you\?/);
  const told = await groupsOf(people, room);
  r = await cli('--json', 'breakout', 'status', room);
  assert.equal(r.code, 0, r.output);
  const { breakout } = JSON.parse(r.output);
  assert.deepEqual(
    breakout.groups.map((g) => g.members.length),
    [2, 2],
  );
  r = await cli('breakout', 'status', room);
  assert.match(r.output, new RegExp(breakout.groups[1].id));
  r = await cli('breakout', 'start', room, '--groups', '2', '--minutes', '15');
  assert.notEqual(r.code, 0);
  assert.match(r.output, /already running/);
  r = await cli('breakout', 'start', room, '--groups', '1', '--minutes', '15');
  assert.notEqual(r.code, 0);
  await people[0].client.ok('join', { room: told.get(people[0].user.id).id });
  r = await cli('breakout', 'announce', room, 'Two minutes left');
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /2 groups/);
  await people[0].client.next(isAnnouncement(told.get(people[0].user.id).id, 'Two minutes left'));
  r = await cli('breakout', 'end', room);
  assert.equal(r.code, 0, r.output);
  for (const p of people) await p.client.next(isEvent('breakout.ended', room));
});

test('breakout: the planned end warns by itself, from any node', async () => {
  // A node whose warning (60 s) is as long as the breakout: the timed warning is due at once.
  const node = await cluster.startServer({ env: { PASSERELLE_BREAKOUT_WARNING: 60 } });
  try {
    const room = 'bk-timed';
    const people = await cohort(room, ['SN', 'ML']);
    const { token } = await signIn(cluster, 2);
    const fac = await adminClient(cluster, 2, { token });
    const { breakout } = await fac.ok('breakout.start', { room, groups: 2, minutes: 1 });
    assert.equal(breakout.state, 'running');
    for (const p of people) {
      const warn = await p.client.next(isEvent('breakout.ending', room));
      assert.equal(warn.ends_at, breakout.ends_at, 'no request: the planned end');
    }
    assert.equal((await fac.ok('breakout.end', { room })).breakout.state, 'ending');
  } finally {
    await cluster.retire(node);
  }
});

test('erasure: the person leaves the groups and the placements', async () => {
  const room = 'bk-erase';
  const root = await adminClient(cluster, 0, { secret: SECRET });
  const [a, b, c] = await cohort(room, ['SN', 'ML', 'GH']);
  await root.ok('breakout.start', { room, assignment: [[a.user.id, b.user.id], [c.user.id]], minutes: 10 });
  await root.ok('user.delete', { user: b.user.id });
  const { breakout } = await root.ok('breakout.status', { room });
  assert.deepEqual(
    breakout.groups.map((g) => g.members.map((m) => m.id)),
    [[a.user.id], [c.user.id]],
  );
  await root.ok('breakout.end', { room });
});
