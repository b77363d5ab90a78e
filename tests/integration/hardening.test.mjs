// Requests a careless or hostile client can send: nulls, ids out of range, a future `since`,
// pipelined sign-ins. Each must be refused or harmless, and change nothing for others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMessage, redisCommand, sleep, uniqueEmail, useCluster, waitFor } from '../lib/harness.mjs';

const cluster = useCluster({
  servers: 2,
  rooms: ['nulls', 'future', 'bounds'],
  env: { PASSERELLE_LOGIN_MAX_FAILS: 5 },
});

test('null fields count as absent: a profile with nulls is stored, not a crash', async () => {
  const { client } = await cluster.user(0);
  const { profile } = await client.ok('profile.set', {
    profile: { country: null, timezone: null, bio: null, capacity: null, languages: null },
  });
  assert.equal(profile.country, '');
  assert.equal(profile.capacity, 1);
  await client.fail('profile.set', { profile: { languages: [{ code: null, level: 'B2' }] } }, 'bad_request');
  await client.fail('history', { room: 'nulls', before: null }, 'bad_request');
  assert.equal((await client.req('ping')).type, 'pong', 'the node still answers');
  assert.ok(
    cluster.nodes.every((n) => n.alive),
    'a node died',
  );
});

test('a since in the far future does not silence the room for the others on that node', async () => {
  const speaker = await cluster.member(1, 'future');
  const listener = await cluster.member(0, 'future');
  const odd = await cluster.user(0);
  const joined = await odd.client.ok('join', { room: 'future', since: '9999999999999-0' });
  assert.deepEqual(joined.history, []);
  const { message } = await speaker.client.ok('say', { room: 'future', text: 'still heard' });
  const got = await listener.client.next(isMessage('future', message.id));
  assert.equal(got.message.text, 'still heard');
});

test('ids out of range are bad_request and leave no presence behind', async () => {
  const watcher = await cluster.member(1, 'bounds');
  const p = await cluster.user(0);
  for (const since of ['18446744073709551615-18446744073709551615', '12345678901234567-0'])
    await p.client.fail('join', { room: 'bounds', since }, 'bad_request');
  await watcher.client.none((m) => m.type === 'presence' && m.user?.id === p.user.id, 300);
  const { members } = await (await cluster.user(1)).client.ok('join', { room: 'bounds' });
  assert.ok(!members.some((m) => m.id === p.user.id), 'a refused join left a presence');
  await p.client.ok('join', { room: 'bounds' });
  const { messages, more } = await p.client.ok('history', { room: 'bounds', before: '0-0' });
  assert.deepEqual([messages, more], [[], false]);
});

test('pipelined wrong passwords cannot get past the failed-login limit', async () => {
  const email = uniqueEmail('pipelined');
  const reg = await cluster.client(0);
  await reg.ok('register', { email, password: 'the right password', name: 'P', role: 'mentee' });
  const clients = await Promise.all([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1].map((i) => cluster.client(i)));
  const replies = await Promise.all(
    clients.map((c, i) => c.req('login', { email, password: `wrong password ${i}` })),
  );
  const verified = replies.filter((r) => r.code === 'unauthorized').length;
  assert.ok(verified <= 5, `${verified} wrong passwords were checked, limit 5`);
  assert.ok(
    replies.every((r) => ['unauthorized', 'rate_limited'].includes(r.code)),
    JSON.stringify(replies),
  );
  await (await cluster.client(1)).fail('login', { email, password: 'the right password' }, 'rate_limited');
});

test('one connection checks one password at a time', async () => {
  const c = await cluster.client(0);
  const replies = await Promise.all(
    [1, 2, 3].map((i) => c.req('login', { email: uniqueEmail(`flood${i}`), password: 'whatever pw' })),
  );
  const codes = replies.map((r) => r.code).sort();
  assert.ok(codes.includes('rate_limited'), JSON.stringify(replies));
  await sleep(10);
});

test('signing in again does not refill the say bucket', async () => {
  const p = await cluster.member(0, 'nulls');
  let limited = null;
  for (let i = 0; i < 30 && !limited; i++) {
    const r = await p.client.req('say', { room: 'nulls', text: `burst ${i}` });
    if (r.type === 'error') limited = r;
  }
  assert.equal(limited?.code, 'rate_limited', 'the burst never ran out');
  await p.client.ok('auth', { token: p.token });
  await p.client.ok('join', { room: 'nulls' });
  await p.client.fail('say', { room: 'nulls', text: 'right after' }, 'rate_limited');
});

test('a logout published while a node was not subscribed still reaches that node', async () => {
  const p = await cluster.user(0);
  const other = await cluster.client(0);
  await other.ok('auth', { token: p.token });
  await redisCommand(cluster.redis.port, ['CLIENT', 'KILL', 'TYPE', 'pubsub']);
  const b = await cluster.client(1);
  await b.ok('auth', { token: p.token });
  await b.ok('logout', {});
  await waitFor('the revoked session on node 0 is signed out', async () => {
    const r = await other.req('rooms.list', {});
    return r.type === 'error' && r.code === 'unauthorized';
  });
});
