// Presence and typing across nodes: people on two processes in one room see
// each other come, type and go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMessage, isPresence, isTyping, useCluster } from '../lib/harness.mjs';

const cluster = useCluster({ servers: 2, rooms: ['typing', 'quiet', 'cross'] });

test('typing reaches the others on both nodes and stores nothing', async () => {
  const a = await cluster.member(0, 'typing', { name: 'Yaw' });
  const near = await cluster.member(0, 'typing');
  const far = await cluster.member(1, 'typing');
  await a.client.ok('typing', { room: 'typing' });
  for (const p of [near, far]) {
    const ev = await p.client.next(isTyping('typing', a.user));
    assert.deepEqual(ev, { type: 'typing', room: 'typing', user: a.user });
  }
  const late = await cluster.user(1);
  const joined = await late.client.ok('join', { room: 'typing' });
  assert.deepEqual(joined.history, []);
});

test('people outside the room get no typing and no presence from it', async () => {
  const a = await cluster.member(0, 'quiet');
  const outsider = await cluster.member(1, 'typing');
  const b = await cluster.member(1, 'quiet');
  await a.client.next(isPresence('quiet', b.user, 'joined'));
  await a.client.ok('typing', { room: 'quiet' });
  await b.client.next(isTyping('quiet', a.user));
  await outsider.client.none((m) => m.room === 'quiet', 300);
});

test('members, presence and messages flow both ways between nodes', async () => {
  const a = await cluster.member(0, 'cross');
  const b = await cluster.member(1, 'cross');
  await a.client.next(isPresence('cross', b.user, 'joined'));
  const c = await cluster.user(0);
  const joined = await c.client.ok('join', { room: 'cross' });
  const memberIds = joined.members.map((m) => m.id).sort();
  assert.deepEqual(memberIds, [a.user.id, b.user.id, c.user.id].sort());
  for (const p of [a, b]) await p.client.next(isPresence('cross', c.user, 'joined'));
  await b.client.ok('typing', { room: 'cross' });
  for (const p of [a, c]) await p.client.next(isTyping('cross', b.user));
  const said = await b.client.ok('say', { room: 'cross', text: 'from node 2' });
  for (const p of [a, c]) await p.client.next(isMessage('cross', said.message.id));
  await c.client.ok('leave', { room: 'cross' });
  for (const p of [a, b]) await p.client.next(isPresence('cross', c.user, 'left'));
});
