// Admin socket, rooms: create, lock, unlock, close, slow mode, automatic
// close at the end time, stats, announcements and watching. The moderator
// works on one node and the participants on the other (and both ways).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  baseSeed,
  isMessage,
  isPresence,
  isTyping,
  ROOMS,
  sayMany,
  useCluster,
  waitFor,
} from '../lib/harness.mjs';
import {
  adminClient,
  adminEnv,
  adminOk,
  auditHas,
  auditOf,
  facilitator,
  isAnnouncement,
  isDeleted,
  isRoomUpdated,
  newAdminSecret,
} from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = ['lock-room', 'close-room', 'slow-room', 'stats-room', 'ann-a', 'ann-b', 'watch-room'];
const cluster = useCluster({ servers: 2, env: adminEnv(SECRET), seed: baseSeed(ROOM_IDS) });
const root = (i = 0) => adminClient(cluster, i, { secret: SECRET });

async function listed(client, id) {
  const { rooms } = await client.ok('rooms.list');
  return rooms.find((r) => r.id === id);
}

// The room that ends by itself: made by the first test, checked by the last
// one, so that the wait for the server's periodic check (every 15 s)
// overlaps the other tests. Its participant stays connected across tests.
const ending = { room: null, person: null };

test('room.create: the room is listed on the other node with its times, and audited', async () => {
  const admin = await root(0);
  const starts = Date.now() - 60 * 1000;
  const ends = Date.now() + 3600 * 1000;
  const title = 'Atelier : diaspora et santé publique';
  const fields = { title, topic: 'Santé', starts_at: starts, ends_at: ends };
  const { room } = await admin.ok('room.create', fields);
  assert.equal(typeof room.id, 'string');
  assert.deepEqual(
    { title: room.title, topic: room.topic, kind: room.kind, state: room.state },
    { title, topic: 'Santé', kind: 'exchange', state: 'open' },
  );
  assert.equal(room.starts_at, starts);
  assert.equal(room.ends_at, ends);

  const p = await cluster.user(1);
  const seen = await listed(p.client, room.id);
  assert.ok(seen, `room ${room.id} not in rooms.list on the other node`);
  assert.deepEqual(
    [seen.title, seen.topic, seen.kind, seen.state, seen.starts_at, seen.ends_at, seen.online],
    [title, 'Santé', 'exchange', 'open', starts, ends, 0],
  );
  await p.client.ok('join', { room: room.id });
  await p.client.ok('say', { room: room.id, text: 'Première !' });
  const entry = await auditHas(admin, { action: 'room.create', room: room.id, actor: 'bootstrap' });
  assert.equal(entry.actor.name, 'bootstrap');

  // The room that closes by itself two seconds from now.
  const short = await admin.ok('room.create', { title: 'Short workshop', ends_at: Date.now() + 2000 });
  ending.room = short.room.id;
  ending.person = await cluster.node(1).connect(); // outside the cluster's per-test clients
  await ending.person.ok('register', {
    email: `ending-${Date.now()}@example.org`,
    password: 'ending-password-1',
    name: 'Late Comer',
    role: 'mentee',
  });
  await ending.person.ok('join', { room: ending.room });
});

test('room.create without times starts now and lists numeric times', async () => {
  const admin = await root(1);
  const before = Date.now();
  const { room } = await admin.ok('room.create', { title: 'Drop-in' });
  assert.ok(
    room.starts_at >= before - 5000 && room.starts_at <= Date.now() + 5000,
    `starts_at ${room.starts_at}`,
  );
  const p = await cluster.user(0);
  const seen = await listed(p.client, room.id);
  assert.ok(seen, 'not listed');
  assert.equal(typeof seen.starts_at, 'number', JSON.stringify(seen));
  assert.equal(typeof seen.ends_at, 'number', `rooms.list ends_at must be a number: ${JSON.stringify(seen)}`);
});

test('lock makes a room read-only on both nodes; join still works; unlock reopens it', async () => {
  const room = 'lock-room';
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);
  const fac = await facilitator(cluster, 0);
  const locked = await fac.ok('room.lock', { room });
  assert.equal(locked.room.id, room);
  assert.equal(locked.room.state, 'locked');
  for (const p of [a, b]) await p.client.next(isRoomUpdated(room, 'locked'));
  await a.client.fail('say', { room, text: 'anyone?' }, 'room_locked');
  await b.client.fail('say', { room, text: 'anyone?' }, 'room_locked');
  const c = await cluster.user(1);
  const joined = await c.client.ok('join', { room });
  assert.equal(joined.room.state, 'locked');
  assert.equal((await listed(c.client, room))?.state, 'locked');

  const unlocked = await fac.ok('room.unlock', { room });
  assert.equal(unlocked.room.state, 'open');
  for (const p of [a, b, c]) await p.client.next(isRoomUpdated(room, 'open'));
  const said = await b.client.ok('say', { room, text: 'back again' });
  await a.client.next(isMessage(room, said.message.id));
  await auditHas(fac, { action: 'room.lock', room, actor: fac.user.id });
  await auditHas(fac, { action: 'room.unlock', room, actor: fac.user.id });
});

test('close: nobody speaks or joins on either node and the room leaves the list', async () => {
  const room = 'close-room';
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);
  const admin = await root(1);
  const closed = await admin.ok('room.close', { room });
  assert.equal(closed.room.state, 'closed');
  for (const p of [a, b]) await p.client.next(isRoomUpdated(room, 'closed'));
  await a.client.fail('say', { room, text: 'hello?' }, 'room_closed');
  await b.client.fail('say', { room, text: 'hello?' }, 'room_closed');
  for (const i of [0, 1]) {
    const late = await cluster.user(i);
    await late.client.fail('join', { room }, 'room_closed');
    assert.equal(await listed(late.client, room), undefined, `closed room listed on node ${i}`);
  }
  const { rooms } = await admin.ok('room.stats', {});
  assert.equal(rooms.find((r) => r.id === room)?.state, 'closed', 'room.stats lists closed rooms too');
  await auditHas(admin, { action: 'room.close', room, actor: 'bootstrap' });
});

test('slow mode is per person per room, across nodes, with retry_after_ms; 0 turns it off', async () => {
  const room = 'slow-room';
  const a = await cluster.member(1, room);
  const aTab = await cluster.tab(0, a.token);
  await aTab.client.ok('join', { room });
  const b = await cluster.member(0, room);
  const fac = await facilitator(cluster, 0);
  const slow = await fac.ok('room.slowmode', { room, seconds: 30 });
  assert.equal(slow.room.id, room);
  await b.client.next(isRoomUpdated(room));

  const first = await a.client.ok('say', { room, text: 'first' });
  for (const client of [a.client, aTab.client]) {
    const err = await client.fail('say', { room, text: 'too soon' }, 'slow_mode');
    assert.equal(typeof err.retry_after_ms, 'number', JSON.stringify(err));
    assert.ok(err.retry_after_ms > 0 && err.retry_after_ms <= 30000, `retry_after_ms ${err.retry_after_ms}`);
  }
  await b.client.ok('say', { room, text: 'my own first' }); // another person is not slowed
  const { history } = await (await cluster.user(1)).client.ok('join', { room });
  assert.deepEqual(
    history.map((m) => m.text),
    ['first', 'my own first'],
    'a refused message was stored',
  );
  assert.ok(history.some((m) => m.id === first.message.id));

  await fac.ok('room.slowmode', { room, seconds: 0 });
  await a.client.ok('say', { room, text: 'free again' });
  await aTab.client.ok('say', { room, text: 'and again' });
  const entry = await auditHas(fac, { action: 'room.slowmode', room, actor: fac.user.id });
  assert.equal(typeof entry.ts, 'number');
});

test('room.stats: online counts and message counts move, a watcher is not counted', async () => {
  const room = 'stats-room';
  const admin = await root(0);
  const stats = async () => {
    const { rooms } = await admin.ok('room.stats', { room });
    assert.equal(rooms.length, 1);
    return rooms[0];
  };
  const s0 = await stats();
  for (const f of ['id', 'title', 'kind', 'state'])
    assert.equal(typeof s0[f], 'string', `${f}: ${JSON.stringify(s0)}`);
  for (const f of ['starts_at', 'ends_at', 'online', 'messages_last_hour', 'messages_total', 'slow_mode'])
    assert.equal(typeof s0[f], 'number', `${f}: ${JSON.stringify(s0)}`);
  assert.deepEqual([s0.id, s0.online, s0.messages_last_hour, s0.messages_total], [room, 0, 0, 0]);

  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);
  await admin.ok('room.watch', { room });
  assert.equal((await stats()).online, 2);
  await sayMany(a.client, room, 3);
  const s1 = await stats();
  assert.deepEqual([s1.messages_last_hour, s1.messages_total], [3, 3]);
  await b.client.ok('leave', { room });
  // leave answers before its presence update is stored: wait for it.
  await waitFor('online 1 after a leave', async () => (await stats()).online === 1);
  const all = (await admin.ok('room.stats', {})).rooms;
  const closed = all.find((r) => r.id === ROOMS.closed);
  assert.equal(closed?.state, 'closed', 'room.stats {} omits closed rooms');
  assert.ok(all.some((r) => r.id === room && r.messages_total === 3));
});

test('announce reaches one room on both nodes, or every open room', async () => {
  const fac = await facilitator(cluster, 0);
  const a = await cluster.member(0, 'ann-a');
  const b = await cluster.member(1, 'ann-a');
  const c = await cluster.member(1, 'ann-b');
  const one = 'Pause de 10 minutes';
  await fac.ok('announce', { room: 'ann-a', text: one });
  for (const p of [a, b]) {
    const ev = await p.client.next(isAnnouncement('ann-a', one));
    assert.equal(ev.from?.id, fac.user.id, `announcement from: ${JSON.stringify(ev)}`);
    assert.equal(typeof ev.from?.name, 'string');
  }
  await c.client.none('announcement', 300, 'an announcement to ann-a reached ann-b');
  await auditHas(fac, { action: 'announce', room: 'ann-a', actor: fac.user.id });

  const all = 'The platform restarts at 18:00 UTC';
  await fac.ok('announce', { text: all });
  await a.client.next(isAnnouncement('ann-a', all));
  await b.client.next(isAnnouncement('ann-a', all));
  await c.client.next(isAnnouncement('ann-b', all));
  const entries = await auditOf(fac);
  const entry = entries.find((e) => e.action === 'announce' && e.detail === all);
  assert.ok(entry, `no audit entry for the announcement to all: ${JSON.stringify(entries.slice(0, 3))}`);
  assert.equal(entry.room, undefined);
  await fac.fail('announce', { room: ROOMS.closed, text: 'nobody is here' }, 'room_closed');
});

test('room.watch streams the room live without showing the watcher as a member', async () => {
  const room = 'watch-room';
  const early = await cluster.member(1, room);
  const old = await early.client.ok('say', { room, text: 'before the watch' });
  const fac = await facilitator(cluster, 0);
  const watched = await fac.ok('room.watch', { room });
  assert.equal(watched.room.id, room);
  assert.ok(Array.isArray(watched.members) && Array.isArray(watched.history), JSON.stringify(watched));
  assert.ok(
    watched.history.some((m) => m.id === old.message.id),
    'watch history lacks the earlier message',
  );
  assert.deepEqual(
    watched.members.map((m) => m.id),
    [early.user.id],
  );

  const a = await cluster.member(1, room);
  await fac.next(isPresence(room, a.user, 'joined'));
  const joinedB = await cluster.user(0);
  const reply = await joinedB.client.ok('join', { room });
  assert.ok(!reply.members.some((m) => m.id === fac.user.id), 'the watcher is listed as a member');
  await fac.next(isPresence(room, joinedB.user, 'joined'));
  const said = await a.client.ok('say', { room, text: 'hello watcher?' });
  const ev = await fac.next(isMessage(room, said.message.id));
  assert.equal(ev.message.text, 'hello watcher?');
  await a.client.ok('typing', { room });
  await fac.next(isTyping(room, a.user));
  const admin = await root(1);
  await adminOk(admin, 'message.delete', { room, id: said.message.id });
  await fac.next(isDeleted(room, said.message.id));
  await admin.ok('announce', { room, text: 'Watchers hear this too' });
  await fac.next(isAnnouncement(room, 'Watchers hear this too'));
  await admin.ok('room.lock', { room });
  await fac.next(isRoomUpdated(room, 'locked'));
  await admin.ok('room.unlock', { room });
  await fac.next(isRoomUpdated(room, 'open'));
  for (const p of [early, a, joinedB])
    await p.client.none(
      (m) => m.type === 'presence' && m.user?.id === fac.user.id,
      100,
      'a participant saw the watcher in presence',
    );
  const { rooms } = await admin.ok('room.stats', { room });
  assert.equal(rooms[0].online, 3, 'the watcher counts as online');

  await fac.ok('room.unwatch', { room });
  await a.client.ok('say', { room, text: 'after the unwatch' });
  await fac.none('message', 300, 'a message arrived after room.unwatch');
  // Unwatching is no leave either.
  for (const p of [early, a, joinedB])
    await p.client.none((m) => m.type === 'presence' && m.user?.id === fac.user.id, 0);
});

test('a room past its end time closes by itself (waits for the 15 s check)', async () => {
  const room = ending.room;
  const person = ending.person;
  assert.ok(room && person, 'the first test did not make the ending room');
  try {
    // Up to 40 s: the room ends 2 s after the first test and the server checks every 15 s.
    const ev = await person.next(isRoomUpdated(room, 'closed'), 40000);
    assert.equal(ev.room.state, 'closed');
    await person.fail('say', { room, text: 'still on?' }, 'room_closed');
    const late = await cluster.user(0);
    await late.client.fail('join', { room }, 'room_closed');
    assert.equal(await listed(late.client, room), undefined, 'an ended room is still listed');
    const admin = await root(0);
    const entry = await auditHas(admin, { action: 'room.close', room });
    assert.equal(entry.actor.id, 'system');
  } finally {
    await person.close();
  }
});
