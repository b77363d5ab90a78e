// Admin socket, audit log: one entry per change with actor, action, room and
// target, newest first, by room or for all rooms, the same from every node,
// and no request on either socket can change it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, useCluster } from '../lib/harness.mjs';
import { adminClient, adminEnv, adminOk, auditOf, facilitator, newAdminSecret } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const cluster = useCluster({ servers: 2, env: adminEnv(SECRET), seed: baseSeed(['other-room']) });

// Every change a facilitator can make to one room and the people in it,
// in order: [request type, fields, expected target].
async function moderateAll(fac, room, person, messageId) {
  const steps = [
    ['room.lock', { room }],
    ['room.unlock', { room }],
    ['room.slowmode', { room, seconds: 5 }],
    ['room.slowmode', { room, seconds: 0 }],
    ['user.mute', { room, user: person.id, seconds: 60, reason: 'spam' }, person.id],
    ['user.unmute', { room, user: person.id }, person.id],
    ['user.kick', { room, user: person.id, reason: 'cool off' }, person.id],
    ['user.ban', { room, user: person.id, seconds: 60, reason: 'again' }, person.id],
    ['user.unban', { room, user: person.id }, person.id],
    ['message.delete', { room, id: messageId }, messageId],
    ['announce', { room, text: 'Wrapping up' }],
    ['room.close', { room }],
  ];
  for (const [type, fields] of steps) await adminOk(fac, type, fields);
  return steps;
}

test('every change is audited with actor, action, room and target, newest first', async () => {
  const fac = await facilitator(cluster, 0);
  const { room } = await fac.ok('room.create', { title: 'Audited workshop', ends_at: Date.now() + 3600e3 });
  const p = await cluster.member(1, room.id);
  const said = await p.client.ok('say', { room: room.id, text: 'to be deleted' });
  const steps = await moderateAll(fac, room.id, p.user, said.message.id);

  const entries = await auditOf(fac, room.id);
  const expected = [['room.create', {}], ...steps].reverse();
  assert.deepEqual(
    entries.map((e) => e.action),
    expected.map(([type]) => type),
    'the room audit log, newest first',
  );
  for (const [i, e] of entries.entries()) {
    assert.deepEqual(e.actor, { id: fac.user.id, name: fac.user.name }, JSON.stringify(e));
    assert.equal(e.room, room.id, JSON.stringify(e));
    assert.equal(e.target, expected[i][2], `target of ${JSON.stringify(e)}`);
    assert.equal(typeof e.ts, 'number');
    if (i > 0) assert.ok(e.ts <= entries[i - 1].ts, 'entries are not newest first');
  }
  const byAction = (a) => entries.find((e) => e.action === a);
  assert.equal(byAction('user.mute').detail, 'spam');
  assert.equal(byAction('user.kick').detail, 'cool off');

  // The same log from the other node, and limit keeps the newest.
  const root = await adminClient(cluster, 1, { secret: SECRET });
  assert.deepEqual(await auditOf(root, room.id), entries);
  const { entries: two } = await root.ok('audit.list', { room: room.id, limit: 2 });
  assert.deepEqual(two, entries.slice(0, 2));
});

test('audit.list by room leaves other rooms out; without a room it has them all', async () => {
  const fac = await facilitator(cluster, 1);
  await fac.ok('room.lock', { room: 'other-room' });
  await fac.ok('room.unlock', { room: 'other-room' });
  const { room } = await fac.ok('room.create', { title: 'Elsewhere' });
  const mine = await auditOf(fac, 'other-room');
  assert.deepEqual(
    mine.map((e) => e.action),
    ['room.unlock', 'room.lock'],
  );
  const all = await auditOf(fac);
  assert.deepEqual(
    all.slice(0, 3).map((e) => [e.action, e.room]),
    [
      ['room.create', room.id],
      ['room.unlock', 'other-room'],
      ['room.lock', 'other-room'],
    ],
  );
  // Reading is not a change.
  await fac.ok('room.stats', {});
  await fac.ok('user.find', { email: 'fatou@example.org' });
  await fac.ok('room.watch', { room: 'other-room' });
  await fac.ok('room.unwatch', { room: 'other-room' });
  assert.deepEqual(await auditOf(fac), all, 'a read-only request was audited');
});

const EDITS = [
  'audit.delete',
  'audit.clear',
  'audit.edit',
  'audit.set',
  'audit.append',
  'audit.add',
  'audit.trim',
  'audit.remove',
];

test('no request on either socket edits the audit log', async () => {
  const root = await adminClient(cluster, 0, { secret: SECRET });
  const fac = await facilitator(cluster, 1);
  await fac.ok('room.lock', { room: 'other-room' });
  await fac.ok('room.unlock', { room: 'other-room' });
  const before = await auditOf(root);
  assert.ok(before.length > 0);
  const entry = before[0];
  const fields = { room: 'other-room', entry: entry.ts, ts: entry.ts, action: 'room.lock', limit: 1 };
  for (const admin of [root, fac]) for (const type of EDITS) await admin.fail(type, fields, 'bad_request');
  const p = await cluster.user(0);
  for (const type of [...EDITS, 'audit.list']) await p.client.fail(type, fields, 'bad_request');
  // audit.list ignores any extra field rather than acting on it.
  await root.ok('audit.list', { ...fields, delete: true, clear: true });
  assert.deepEqual(await auditOf(root), before, 'the audit log changed');
});
