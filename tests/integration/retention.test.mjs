// Retention (PASSERELLE_RETENTION_DAYS): one node at a time purges the messages of rooms
// closed longer ago than the retention period, audit entries past it and reports resolved
// before it; open reports, recent rooms and open rooms stay. Two nodes, a purge every 2 s
// (PASSERELLE_RETENTION_CHECK) so the test need not wait a day; old data is written into
// Redis with old ids, as the service would have written it a year ago.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, useCluster, waitFor } from '../lib/harness.mjs';
import { adminEnv, facilitator, newAdminSecret } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const seed = baseSeed(['ret-open']);
seed.rooms.push(
  { id: 'ret-old', title: 'Long ago', topic: '', state: 'closed', starts_at: 'now-4d', ends_at: 'now-3d' },
  {
    id: 'ret-recent',
    title: 'Last night',
    topic: '',
    state: 'closed',
    starts_at: 'now-3h',
    ends_at: 'now-2h',
  },
);
const cluster = useCluster({
  servers: 2,
  env: { ...adminEnv(SECRET), PASSERELLE_RETENTION_DAYS: 1, PASSERELLE_RETENTION_CHECK: 2 },
  seed,
});

const OLD = 1000; // ms since the epoch: long past any retention period
const msg = (room, id) =>
  JSON.stringify({ id, room, from: { id: 'u1', name: 'X', role: 'mentee' }, text: 't', ts: 1 });

test('the purge removes what is past the retention period and keeps the rest', async () => {
  const r = (...args) => cluster.redis.command(...args);
  await r('XADD', 'room:{ret-old}:log', `${OLD}-0`, 'j', msg('ret-old', `${OLD}-0`), 'u', 'u1');
  await r('XADD', 'room:{ret-old}:log', `${OLD}-1`, 'j', msg('ret-old', `${OLD}-1`), 'u', 'u1');
  await r('XADD', 'room:{ret-recent}:log', `${OLD}-0`, 'j', msg('ret-recent', `${OLD}-0`), 'u', 'u1');
  // A poll and session state of the old room go with its messages.
  await r('HSET', 'poll:{ret-old}:p1', 'question', 'Old?');
  await r('HSET', 'poll:{ret-old}:p1:b', 'tag', '0');
  await r('ZADD', 'polls:{ret-old}', OLD, 'p1');
  await r('SET', 'pollroom:p1', 'ret-old');
  await r('HSET', 'session:{ret-old}', 'floor', 'u1');
  await r('HSET', 'impact:{ret-old}', 'a:u1', `${OLD}-${OLD + 1000}`, 'm:u1', '2');
  await r('XADD', 'audit', `${OLD}-0`, 'j', '{"ts":1000,"action":"room.lock"}');
  await r('XADD', 'audit:{ret-open}', `${OLD}-0`, 'j', '{"ts":1000,"action":"room.lock"}');
  const old = (id, state, at) => [
    'HSET',
    `report:${id}`,
    'j',
    JSON.stringify({ id, room: 'ret-open', message: `${OLD}-5`, reason: 'spam', created_at: OLD }),
    'state',
    state,
    'room',
    'ret-open',
    ...(at ? ['resolution', JSON.stringify({ action: 'dismiss', note: '', at })] : []),
    'snapshot',
    '[]',
  ];
  await r(...old('pold', 'resolved', OLD));
  await r(...old('popen', 'open'));
  await r('ZADD', 'reports', OLD, 'pold', OLD, 'popen');
  await r('ZADD', 'reports:open', OLD, 'popen');

  // Recent things, made through the service.
  const author = await cluster.member(0, 'ret-open');
  const reporter = await cluster.member(1, 'ret-open');
  const { message } = await author.client.ok('say', { room: 'ret-open', text: 'still here' });
  const { report } = await reporter.client.ok('report', {
    room: 'ret-open',
    message: message.id,
    reason: 'spam',
  });
  const fac = await facilitator(cluster, 0);
  await fac.ok('report.resolve', { report: report.id, action: 'dismiss', note: '' });

  await waitFor('the old room purged', async () => Number(await r('EXISTS', 'room:{ret-old}:log')) === 0);
  await waitFor('the old report purged', async () => Number(await r('EXISTS', 'report:pold')) === 0);
  for (const k of [
    'poll:{ret-old}:p1',
    'poll:{ret-old}:p1:b',
    'polls:{ret-old}',
    'pollroom:p1',
    'session:{ret-old}',
    'impact:{ret-old}',
  ])
    assert.equal(Number(await r('EXISTS', k)), 0, `${k} purged`);
  assert.equal(
    String(await r('HGET', 'impact:{ret-open}', `m:${author.user.id}`)),
    '1',
    'an open room keeps its facts',
  );

  assert.equal(
    Number(await r('XLEN', 'room:{ret-recent}:log')),
    1,
    'a room closed an hour ago keeps its messages',
  );
  assert.equal(Number(await r('XLEN', 'room:{ret-open}:log')), 1, 'an open room keeps its messages');
  assert.equal(String(await r('HGET', 'room:{ret-old}', 'title')), 'Long ago', 'the room record stays');
  assert.ok(Number(await r('HGET', 'room:{ret-old}', 'purged_at')) > 0);
  assert.equal((await r('XRANGE', 'audit', `${OLD}-0`, `${OLD}-0`)).length, 0, 'old audit entry purged');
  assert.equal((await r('XRANGE', 'audit:{ret-open}', `${OLD}-0`, `${OLD}-0`)).length, 0);
  assert.ok(Number(await r('XLEN', 'audit')) > 0, 'recent audit entries stay');
  assert.equal(Number(await r('ZSCORE', 'reports', 'pold')), 0);
  assert.equal(String(await r('HGET', 'report:popen', 'state')), 'open', 'an open report stays, however old');
  assert.equal(
    String(await r('HGET', `report:${report.id}`, 'state')),
    'resolved',
    'a recent decision stays',
  );

  // One node holds the period's lock.
  const holder = String(await r('GET', 'retention:lock'));
  assert.ok(
    cluster.nodes.some((n) => n.name === holder),
    `lock held by ${holder}`,
  );
});
