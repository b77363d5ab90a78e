// A node killed with SIGKILL says nothing; the surviving node must show its
// people as left once their presence expires (PASSERELLE_PRESENCE_TTL=3 here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMessage, isPresence, useCluster } from '../lib/harness.mjs';

const TTL_S = 3;
const cluster = useCluster({ servers: 2, rooms: ['wake'], env: { PASSERELLE_PRESENCE_TTL: TTL_S } });

// Generous: only here to fail a server that never notices.
const HANG_MS = (TTL_S * 4 + 10) * 1000;

test('people of a killed node are shown as left on the surviving node', async () => {
  const a = await cluster.user(0);
  await a.client.ok('join', { room: 'wake' });
  const doomed = [await cluster.user(1), await cluster.user(1)];
  for (const p of doomed) {
    await p.client.ok('join', { room: 'wake' });
    await a.client.next(isPresence('wake', p.user, 'joined'));
  }
  const victim = cluster.nodes[1];
  await victim.kill9();
  for (const p of doomed) await a.client.next(isPresence('wake', p.user, 'left'), HANG_MS);
  const { rooms } = await a.client.ok('rooms.list');
  assert.equal(rooms.find((r) => r.id === 'wake').online, 1);
  const newcomer = await cluster.user(0);
  const joined = await newcomer.client.ok('join', { room: 'wake' });
  assert.deepEqual(joined.members.map((m) => m.id).sort(), [a.user.id, newcomer.user.id].sort());

  // The people of the dead node come back through the survivor.
  const back = await cluster.tab(0, doomed[0].token);
  const rejoined = await back.client.ok('join', { room: 'wake' });
  assert.ok(rejoined.members.some((m) => m.id === a.user.id));
  await a.client.next(isPresence('wake', doomed[0].user, 'joined'));
  const said = await back.client.ok('say', { room: 'wake', text: 'I am back' });
  await a.client.next(isMessage('wake', said.message.id));
  await cluster.retire(victim);
});
