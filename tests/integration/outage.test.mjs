// Redis killed and restarted while people talk: requests that need Redis are
// unavailable and store nothing, /readyz says 503, and both nodes carry on
// by themselves once Redis is back (same processes, same sockets).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniqueEmail, useCluster, waitFor } from '../lib/harness.mjs';
import { facilitator } from '../lib/admin.mjs';

const cluster = useCluster({ servers: 2, rooms: ['outage', 'other'] });
const RECOVERY_MS = 60000; // back-off included; only fails a server that never recovers

const messageWith = (text) => (m) => m.type === 'message' && m.message?.text === text;

async function readyzOf(node) {
  return (await node.get('/readyz')).status;
}

test('a Redis outage: unavailable, readyz 503, recovery without restart', async () => {
  const a = await cluster.user(0);
  const b = await cluster.user(1);
  for (const p of [a, b]) await p.client.ok('join', { room: 'outage' });
  const { message: before } = await a.client.ok('say', { room: 'outage', text: 'before' });
  await b.client.next(messageWith('before'));
  const fac = await facilitator(cluster, 0);
  const { poll } = await fac.ok('poll.create', { room: 'outage', question: 'Now?', options: ['yes', 'no'] });
  await b.client.ok('hand.raise', { room: 'outage' });
  const pids = cluster.nodes.map((n) => n.pid);

  await cluster.redis.kill9();
  for (const node of cluster.nodes)
    await waitFor(`${node.name} /readyz 503`, async () => (await readyzOf(node)) === 503);
  for (const node of cluster.nodes) assert.equal((await node.get('/healthz')).status, 200);

  // Everything that needs Redis is unavailable; the sockets stay open.
  await a.client.fail('say', { room: 'outage', text: 'during' }, 'unavailable');
  await b.client.fail('say', { room: 'outage', text: 'during nonce', nonce: 'outage-1' }, 'unavailable');
  await a.client.fail('rooms.list', {}, 'unavailable');
  await a.client.fail('join', { room: 'other' }, 'unavailable');
  await b.client.fail('profile.get', {}, 'unavailable');
  await b.client.fail('report', { room: 'outage', message: before.id, reason: 'spam' }, 'unavailable');
  await a.client.fail('account.export', {}, 'unavailable');
  await b.client.fail('account.delete', { password: b.password }, 'unavailable');
  // The live-session requests, and a withdrawal of consent, change nothing either.
  await a.client.fail('hand.raise', { room: 'outage' }, 'unavailable');
  await b.client.fail('hand.lower', { room: 'outage' }, 'unavailable');
  await a.client.fail('session.get', { room: 'outage' }, 'unavailable');
  await a.client.fail('poll.vote', { poll: poll.id, options: [0] }, 'unavailable');
  await a.client.fail('poll.list', { room: 'outage' }, 'unavailable');
  await a.client.fail('consent.set', { rooms: false }, 'unavailable');
  const anon = await cluster.client(1);
  const email = uniqueEmail('outage');
  await anon.fail(
    'register',
    { email, password: 'long enough pw', name: 'O', role: 'mentee' },
    'unavailable',
  );
  await anon.fail('login', { email: a.email, password: a.password }, 'unavailable');
  assert.equal((await a.client.req('ping')).type, 'pong');

  await cluster.redis.restart();
  for (const node of cluster.nodes)
    await waitFor(`${node.name} /readyz 200`, async () => (await readyzOf(node)) === 200, {
      timeout: RECOVERY_MS,
    });

  assert.deepEqual(
    cluster.nodes.map((n) => n.pid),
    pids,
    'a node was restarted',
  );
  assert.ok(
    cluster.nodes.every((n) => n.alive),
    'a node died',
  );
  // Same sockets, still joined: messages flow both ways through the
  // re-subscribed channels.
  await a.client.ok('say', { room: 'outage', text: 'after from a' });
  await b.client.next(messageWith('after from a'), RECOVERY_MS / 4);
  // The refused erasure changed nothing: b is still signed in and can speak.
  await b.client.ok('say', { room: 'outage', text: 'after from b' });
  await a.client.next(messageWith('after from b'), RECOVERY_MS / 4);
  // The refused requests stored nothing; the nonce is free again.
  const retried = await b.client.ok('say', { room: 'outage', text: 'during nonce', nonce: 'outage-1' });
  await a.client.next(messageWith('during nonce'));
  await anon.ok('register', { email, password: 'long enough pw', name: 'O', role: 'mentee' });
  const reader = await cluster.user(0);
  const joined = await reader.client.ok('join', { room: 'outage' });
  assert.deepEqual(
    joined.history.map((m) => m.text),
    ['before', 'after from a', 'after from b', 'during nonce'],
  );
  assert.equal(joined.history.at(-1).id, retried.message.id);
  const { session, hand } = await b.client.ok('session.get', { room: 'outage' });
  assert.deepEqual(hand, { raised: true, position: 1 }, 'the hand stayed up, alone in line');
  assert.equal(session.floor, null);
  const { polls } = await a.client.ok('poll.list', { room: 'outage' });
  assert.deepEqual([polls[0].id, polls[0].mine], [poll.id, null], 'no vote was stored');
  await a.client.ok('join', { room: 'other' }); // the consent to rooms still stands
});

test('a node whose scripts cannot load stays unready, then recovers by itself', async () => {
  // Scripts refused at connect time (as when Redis answers LOADING after a restart): the node
  // must not count its link as up, or every script run would answer unavailable.
  await cluster.redis.command('ACL', 'SETUSER', 'default', '-script|load');
  let node;
  try {
    node = await cluster.startServer({ waitReady: false });
    await waitFor(`${node.name} refused its scripts`, async () => node.output.tail(65536).includes('NOPERM'));
    assert.equal(await readyzOf(node), 503, 'ready without its scripts');
    const anon = await cluster.client(cluster.nodes.indexOf(node));
    const fields = { email: uniqueEmail('noscript'), password: 'long enough pw', name: 'N', role: 'mentee' };
    await anon.fail('register', fields, 'unavailable');
  } finally {
    await cluster.redis.command('ACL', 'SETUSER', 'default', '+script|load');
  }
  await waitFor(`${node.name} /readyz 200`, async () => (await readyzOf(node)) === 200, {
    timeout: RECOVERY_MS,
  });
  const p = await cluster.user(cluster.nodes.indexOf(node));
  await p.client.ok('join', { room: 'outage' });
  await p.client.ok('say', { room: 'outage', text: 'scripts loaded late' });
  await cluster.retire(node);
});
