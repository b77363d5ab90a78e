// Admin socket across a Redis restart: a node rebuilds its presence from its
// own connections, and a facilitator watching a room must stay invisible.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPresence, useCluster, waitFor } from '../lib/harness.mjs';
import { adminClient, adminEnv, facilitator, newAdminSecret } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const cluster = useCluster({ servers: 2, env: adminEnv(SECRET), rooms: ['watched'] });
const RECOVERY_MS = 60000; // back-off included; only fails a server that never recovers

test('after a Redis restart a watcher is still no member and not counted online', async () => {
  const room = 'watched';
  const fac = await facilitator(cluster, 0);
  const a = await cluster.member(1, room);
  const b = await cluster.member(0, room);
  await fac.ok('room.watch', { room });

  const before = (await fac.ok('audit.list', { limit: 1000 })).entries.length;

  await cluster.redis.kill9();
  for (const node of cluster.nodes)
    await waitFor(`${node.name} /readyz 503`, async () => (await node.get('/readyz')).status === 503);
  // The review queue, the session tools and the account requests need Redis too.
  await fac.fail('report.list', {}, 'unavailable');
  await fac.fail('report.resolve', { report: 'p000000000000', action: 'dismiss', note: '' }, 'unavailable');
  const refused = [
    ['poll.create', { room, question: 'Now?', options: ['yes', 'no'] }],
    ['agenda.set', { room, items: [{ title: 'Welcome', minutes: 5 }] }],
    ['room.timer', { room, seconds: 60 }],
    ['hand.clear', { room }],
    ['floor.give', { room, user: a.user.id }],
    ['breakout.start', { room, groups: 2, minutes: 5 }],
    ['breakout.end', { room }],
    ['room.contact', { room, allowed: true }],
    ['user.consent', { user: a.user.id, guardian: true }],
    ['user.delete', { user: a.user.id }],
  ];
  for (const [type, fields] of refused) await fac.fail(type, fields, 'unavailable');
  await cluster.redis.restart();
  for (const node of cluster.nodes)
    await waitFor(`${node.name} /readyz 200`, async () => (await node.get('/readyz')).status === 200, {
      timeout: RECOVERY_MS,
    });

  const root = await adminClient(cluster, 1, { secret: SECRET });
  // Nothing of the refused requests was stored.
  assert.equal((await root.ok('audit.list', { limit: 1000 })).entries.length, before, 'no audit entry');
  assert.deepEqual((await root.ok('poll.list', { room })).polls, []);
  const { session } = await root.ok('session.get', { room });
  assert.deepEqual([session.agenda.items, session.timer, session.floor], [[], null, null]);
  assert.equal((await root.ok('user.find', { email: a.email })).user.id, a.user.id, 'not erased');
  // Both nodes have written their presence again once both people count.
  await waitFor(
    'both people online again',
    async () => {
      const { rooms } = await root.ok('room.stats', { room });
      return rooms[0].online >= 2;
    },
    { timeout: RECOVERY_MS },
  );
  const late = await cluster.user(1);
  const joined = await late.client.ok('join', { room });
  assert.deepEqual(
    joined.members.map((m) => m.id).sort(),
    [a.user.id, b.user.id, late.user.id].sort(),
    `members after the restart (the watcher is ${fac.user.id}): ${JSON.stringify(joined.members)}`,
  );
  const { rooms } = await root.ok('room.stats', { room });
  assert.equal(rooms[0].online, 3, 'online after the restart');
  await fac.next(isPresence(room, late.user, 'joined'));
  for (const p of [a, b])
    await p.client.none(
      (m) => m.type === 'presence' && m.user?.id === fac.user.id,
      100,
      'the watcher showed in presence',
    );
});
