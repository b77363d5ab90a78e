// Live sessions: the agenda a facilitator sets and advances, the room timer and its end,
// raised hands in the order raised across nodes, and the floor in a locked room. Two
// nodes, one Redis.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { baseSeed, ROOT, useCluster } from '../lib/harness.mjs';
import { adminClient, adminEnv, auditHas, facilitator, newAdminSecret } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = [
  'ses-agenda',
  'ses-bad',
  'ses-timer',
  'ses-hands',
  'ses-leave',
  'ses-floor',
  'ses-role',
  'ses-cli',
  'ses-shut',
];
const cluster = useCluster({ servers: 2, env: adminEnv(SECRET), seed: baseSeed(ROOM_IDS) });
const root = (i = 0) => adminClient(cluster, i, { secret: SECRET });
const is = (type, room) => (m) => m.type === type && m.room === room;
const ITEMS = [
  { title: 'Welcome', minutes: 5 },
  { title: 'Breakout: our cities', minutes: 20 },
];

test('agenda: set and advanced, seen live on both nodes and by a late joiner', async () => {
  const room = 'ses-agenda';
  const fac = await facilitator(cluster, 0);
  await fac.ok('room.watch', { room });
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);

  const set = await fac.ok('agenda.set', { room, items: [...ITEMS.map((i) => ({ ...i, extra: 1 }))] });
  assert.deepEqual(set.session.agenda.items, ITEMS, 'only title and minutes are kept');
  assert.equal(set.session.agenda.current, 0);
  assert.equal(set.session.agenda.done, false);
  for (const c of [a.client, b.client, fac]) {
    const ev = await c.next(is('agenda', room));
    assert.deepEqual(ev.agenda.items, ITEMS);
    assert.equal(ev.agenda.current, 0);
  }
  const next = await fac.ok('agenda.next', { room });
  assert.equal(next.session.agenda.current, 1);
  for (const c of [a.client, b.client]) assert.equal((await c.next(is('agenda', room))).agenda.current, 1);

  const late = await cluster.member(1, room);
  const got = await late.client.ok('session.get', { room });
  assert.equal(got.session.agenda.current, 1);
  assert.deepEqual(got.session.agenda.items, ITEMS);
  assert.equal(got.session.timer, null);
  assert.equal(got.session.floor, null);
  assert.deepEqual(got.hand, { raised: false });
  assert.equal(typeof got.server_now, 'number');

  const done = await fac.ok('agenda.next', { room });
  assert.equal(done.session.agenda.current, null);
  assert.equal(done.session.agenda.done, true);
  await fac.fail('agenda.next', { room }, 'conflict');
  await auditHas(fac, { action: 'agenda.next', room });
  await auditHas(fac, { action: 'agenda.set', room });

  const cleared = await fac.ok('agenda.clear', { room });
  assert.deepEqual(cleared.session.agenda, { items: [], current: null, done: false, item_started_at: null });
  await fac.fail('agenda.next', { room }, 'conflict');
});

test('session requests: each refusal', async () => {
  const room = 'ses-bad';
  const fac = await facilitator(cluster, 1);
  const bad = [
    { room, items: 'Welcome' },
    { room, items: [{ title: '', minutes: 5 }] },
    { room, items: [{ title: '   ', minutes: 5 }] },
    { room, items: [{ title: 'x'.repeat(201), minutes: 5 }] },
    { room, items: [{ title: 'Welcome', minutes: 0 }] },
    { room, items: [{ title: 'Welcome', minutes: 601 }] },
    { room, items: [{ title: 'Welcome' }] },
    { room, items: ['Welcome'] },
    { room, items: Array.from({ length: 31 }, (_, i) => ({ title: `item ${i}`, minutes: 1 })) },
    { items: ITEMS },
  ];
  for (const fields of bad) await fac.fail('agenda.set', fields, 'bad_request');
  for (const fields of [
    { room, seconds: 7201 },
    { room, seconds: -1 },
    { room },
    { room, seconds: 5, label: 'x'.repeat(101) },
  ])
    await fac.fail('room.timer', fields, 'bad_request');
  await fac.fail('floor.give', { room }, 'bad_request');
  await fac.fail('hand.clear', { room, user: 'no spaces' }, 'bad_request');
  for (const type of ['agenda.next', 'room.timer.stop', 'floor.take', 'session.get'])
    await fac.fail(type, { room: 'no-such-room' }, 'not_found');
  await fac.fail('agenda.set', { room: 'no-such-room', items: ITEMS }, 'not_found');
  await fac.fail('agenda.set', { room: 'closed-room', items: ITEMS }, 'room_closed');
  const stranger = await cluster.user(0);
  await fac.fail('floor.give', { room, user: stranger.user.id }, 'not_found');

  // Participants: joined rooms only.
  const p = await cluster.user(0);
  for (const type of ['session.get', 'hand.raise', 'hand.lower']) {
    await p.client.fail(type, { room }, 'forbidden');
    await p.client.fail(type, { room: 'no-such-room' }, 'not_found');
    await p.client.fail(type, {}, 'bad_request');
  }
  const anon = await cluster.client(1);
  await anon.fail('hand.raise', { room }, 'unauthorized');
  const noAuth = await adminClient(cluster, 0);
  await noAuth.fail('agenda.set', { room, items: ITEMS }, 'unauthorized');
});

test('session requests: refused to an admin socket whose person is no longer staff', async () => {
  const room = 'ses-role';
  const admin = await root(0);
  const p = await cluster.user(1, { tag: 'demoted' });
  await admin.ok('user.role', { user: p.user.id, role: 'facilitator' });
  const login = await p.client.ok('login', { email: p.email, password: p.password });
  const fac = await adminClient(cluster, 1, { token: login.token });
  await fac.ok('room.timer', { room, seconds: 60, label: 'Before' });
  await admin.ok('user.role', { user: p.user.id, role: 'mentee' });
  for (const [type, fields] of [
    ['agenda.set', { room, items: ITEMS }],
    ['room.timer', { room, seconds: 60 }],
    ['floor.take', { room }],
  ]) {
    const reply = await fac.req(type, fields);
    assert.equal(reply.type, 'error');
    assert.ok(['forbidden', 'unauthorized'].includes(reply.code), JSON.stringify(reply));
  }
  const still = await admin.ok('session.get', { room });
  assert.equal(still.session.timer.label, 'Before');
});

test('timer: started with server time, stopped, and its end told once to each member', async () => {
  const room = 'ses-timer';
  const fac = await facilitator(cluster, 0);
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);

  const long = await fac.ok('room.timer', { room, seconds: 600, label: 'Discussion' });
  const t = long.session.timer;
  assert.equal(t.label, 'Discussion');
  assert.equal(t.ends_at - t.started_at, 600000);
  for (const c of [a.client, b.client]) {
    const ev = await c.next(is('timer', room));
    assert.deepEqual([ev.label, ev.started_at, ev.ends_at], [t.label, t.started_at, t.ends_at]);
    assert.ok(ev.server_now >= ev.started_at && ev.server_now < ev.ends_at, JSON.stringify(ev));
  }
  const late = await cluster.member(1, room);
  assert.deepEqual((await late.client.ok('session.get', { room })).session.timer, t);
  await fac.ok('room.timer.stop', { room });
  for (const c of [a.client, b.client]) await c.next(is('timer.stopped', room));
  assert.equal((await late.client.ok('session.get', { room })).session.timer, null);

  await fac.ok('room.timer', { room, seconds: 1, label: 'Quick' });
  for (const c of [a.client, b.client, late.client]) {
    const ended = await c.next(is('timer.ended', room));
    assert.equal(ended.label, 'Quick');
  }
  // A stopped timer never ends, and the one that ended ends once, whichever node swept it.
  await Promise.all([a.client, b.client, late.client].map((c) => c.none(is('timer.ended', room), 2500)));
  assert.equal((await a.client.ok('session.get', { room })).session.timer, null);
  await auditHas(fac, { action: 'room.timer', room });
  await auditHas(fac, { action: 'room.timer.stop', room });
});

test('hands: queued in the order raised across nodes, lowered, cleared; each person sees their own', async () => {
  const room = 'ses-hands';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const people = [];
  for (let i = 0; i < 4; i++) people.push(await cluster.member(i % 2, room, { tag: `hand${i}` }));

  for (const [n, p] of people.entries()) {
    const { hand } = await p.client.ok('hand.raise', { room });
    assert.deepEqual(hand, { raised: true, position: n + 1 });
    assert.equal((await p.client.next(is('hand', room))).raised, true);
  }
  const again = await people[0].client.ok('hand.raise', { room });
  assert.deepEqual(again.hand, { raised: true, position: 1 }, 'one place per person');
  const order = people.map((p) => p.user.id);
  for (const fac of [fac0, fac1]) {
    const last = (await fac.collect(is('hands', room), 4)).at(-1);
    assert.deepEqual(
      last.queue.map((u) => u.id),
      order,
    );
  }
  const got = await fac1.ok('session.get', { room });
  assert.deepEqual(
    got.hands.map((u) => u.id),
    order,
  );
  assert.equal(typeof got.hands[0].raised_at, 'number');
  assert.equal(got.hands[0].name, people[0].user.name);

  // Those behind a lowered hand are told their new place, on whichever node they are.
  const place = async (p) => {
    const { raised, position } = await p.client.next(is('hand', room));
    return [raised, position];
  };
  await people[1].client.ok('hand.lower', { room });
  assert.equal((await people[1].client.next(is('hand', room))).raised, false);
  assert.deepEqual(
    (await fac0.next(is('hands', room))).queue.map((u) => u.id),
    [order[0], order[2], order[3]],
  );
  assert.deepEqual((await people[2].client.ok('session.get', { room })).hand, { raised: true, position: 2 });
  assert.deepEqual(
    [await place(people[2]), await place(people[3])],
    [
      [true, 2],
      [true, 3],
    ],
  );
  await people[0].client.none(is('hand', room), 200, 'the first in line did not move');

  await fac1.ok('hand.clear', { room, user: order[0] });
  assert.equal((await people[0].client.next(is('hand', room))).raised, false);
  assert.deepEqual(
    [await place(people[2]), await place(people[3])],
    [
      [true, 1],
      [true, 2],
    ],
  );
  await auditHas(fac0, { action: 'hand.clear', room, target: order[0] });
  const all = await fac0.ok('hand.clear', { room });
  assert.deepEqual(all.hands, []);
  for (const p of people.slice(2)) assert.equal((await p.client.next(is('hand', room))).raised, false);
});

test('hands: a dropped connection keeps the place in line; leaving the room on purpose gives it up', async () => {
  const room = 'ses-leave';
  const fac = await facilitator(cluster, 0);
  const p = await cluster.member(0, room);
  const other = await cluster.member(1, room);
  const tab = await cluster.tab(1, p.token);
  await tab.client.ok('join', { room });
  await p.client.ok('hand.raise', { room });
  await other.client.ok('hand.raise', { room });
  await fac.next((m) => is('hands', room)(m) && m.queue.length === 2);
  fac.discard();
  const queue = async () => (await fac.ok('session.get', { room })).hands.map((u) => u.id);

  await p.client.ok('leave', { room });
  await fac.none(is('hands', room), 300, 'still in the room through another tab');
  assert.deepEqual(await queue(), [p.user.id, other.user.id]);
  // The last connection drops (a reload, a phone losing its network): the hand stays theirs.
  await tab.client.close();
  await fac.none(is('hands', room), 300, 'a dropped connection is not a lowered hand');
  assert.deepEqual(await queue(), [p.user.id, other.user.id]);
  const back = await cluster.tab(0, p.token);
  await back.client.ok('join', { room });
  assert.deepEqual((await back.client.ok('session.get', { room })).hand, { raised: true, position: 1 });

  await back.client.ok('leave', { room });
  assert.deepEqual(
    (await fac.next(is('hands', room))).queue.map((u) => u.id),
    [other.user.id],
  );
});

test('floor: in a locked room only the person given the floor speaks; their hand goes down', async () => {
  const room = 'ses-floor';
  const fac = await facilitator(cluster, 1);
  const speaker = await cluster.member(0, room);
  const other = await cluster.member(1, room);
  await speaker.client.ok('hand.raise', { room });
  assert.equal((await speaker.client.next(is('hand', room))).raised, true);
  await fac.ok('room.lock', { room });
  await speaker.client.fail('say', { room, text: 'May I?' }, 'room_locked');

  const given = await fac.ok('floor.give', { room, user: speaker.user.id });
  assert.equal(given.session.floor.id, speaker.user.id);
  assert.deepEqual(given.hands, []);
  assert.equal((await speaker.client.next(is('hand', room))).raised, false);
  for (const c of [speaker.client, other.client]) {
    const ev = await c.next(is('floor', room));
    assert.deepEqual([ev.user.id, ev.user.name], [speaker.user.id, speaker.user.name]);
  }
  await speaker.client.ok('say', { room, text: 'Thank you, here is my question.' });
  await other.client.fail('say', { room, text: 'Me too' }, 'room_locked');
  assert.equal((await other.client.ok('session.get', { room })).session.floor.id, speaker.user.id);
  await auditHas(fac, { action: 'floor.give', room, target: speaker.user.id });

  await fac.ok('floor.take', { room });
  for (const c of [speaker.client, other.client]) assert.equal((await c.next(is('floor', room))).user, null);
  await speaker.client.fail('say', { room, text: 'One more thing' }, 'room_locked');
  await fac.ok('room.unlock', { room });
  await other.client.ok('say', { room, text: 'Open again' });
});

// The CLI on node 1 with the admin secret: {code, stdout, stderr}.
function cli(...args) {
  const file = path.join(cluster.tmp, 'session-secret');
  fs.writeFileSync(file, SECRET, { mode: 0o600 });
  const url = `ws://127.0.0.1:${cluster.node(0).adminPort}/admin`;
  const bin = path.join(ROOT, 'build', 'passerelle-admin');
  const env = { PATH: process.env.PATH, TZ: 'UTC' };
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--url', url, '--secret-file', file, ...args],
      { env, timeout: 30000 },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }),
    );
  });
}

test('a room closed while people are in it: hands and the session tools are room_closed', async () => {
  const room = 'ses-shut';
  const fac = await facilitator(cluster, 1);
  const p = await cluster.member(0, room);
  const other = await cluster.member(1, room);
  await fac.ok('room.close', { room });
  await p.client.fail('hand.raise', { room }, 'room_closed');
  await p.client.fail('hand.lower', { room }, 'room_closed');
  for (const [type, fields] of [
    ['agenda.next', {}],
    ['agenda.clear', {}],
    ['room.timer', { seconds: 60 }],
    ['room.timer.stop', {}],
    ['hand.clear', {}],
    ['floor.give', { user: other.user.id }],
    ['floor.take', {}],
  ])
    await fac.fail(type, { room, ...fields }, 'room_closed');
  const { session } = await fac.ok('session.get', { room }); // reading still works
  assert.deepEqual([session.timer, session.floor], [null, null]);
});

test('CLI: agenda set and next, timer, hands in order, floor give and take', async () => {
  const room = 'ses-cli';
  const a = await cluster.member(1, room, { name: 'Ama Owusu' });
  const b = await cluster.member(1, room);
  let r = await cli('agenda', 'set', room, 'Welcome: 5', 'Our cities:20');
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await a.client.next(is('agenda', room))).agenda.items[1].title, 'Our cities');
  r = await cli('agenda', 'next', room);
  assert.match(r.stdout, /now 2\/2: Our cities \(20 min\)/);
  assert.equal((await cli('agenda', 'set', room, 'No minutes')).code, 2);
  assert.equal((await cli('timer', room, '3h')).code, 2);

  r = await cli('timer', room, '10m', '--label', 'Round one');
  assert.equal(r.code, 0, r.stderr);
  const ev = await b.client.next(is('timer', room));
  assert.deepEqual([ev.label, ev.ends_at - ev.started_at], ['Round one', 600000]);
  await cli('timer', room, 'stop');
  await b.client.next(is('timer.stopped', room));

  await b.client.ok('hand.raise', { room });
  await a.client.ok('hand.raise', { room });
  r = await cli('hands', room);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^\d+\s/.test(l));
  assert.deepEqual(
    rows.map((l) => l.split(/\s+/)[1]),
    [b.user.id, a.user.id],
  );
  assert.match(r.stdout, /agenda: now 2\/2/);

  r = await cli('floor', 'give', room, a.user.id);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await b.client.next(is('floor', room))).user.id, a.user.id);
  r = await cli('--json', 'hands', room);
  assert.deepEqual(
    JSON.parse(r.stdout).hands.map((u) => u.id),
    [b.user.id],
  );
  await cli('hand', 'clear', room);
  await b.client.next((m) => is('hand', room)(m) && m.raised === false);
  await cli('floor', 'take', room);
  assert.equal((await b.client.next(is('floor', room))).user, null);
  assert.equal((await cli('floor', 'give', room, 'nobody-here')).code, 1);
});
