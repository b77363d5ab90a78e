// Resume: join with since gives exactly what came after it, on any node;
// gap tells when trimmed history was lost (rooms keep 20 messages here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ids, isMessage, sayMany, useCluster } from '../lib/harness.mjs';

const KEEP = 20;
const cluster = useCluster({
  servers: 2,
  rooms: ['resume', 'tail', 'reconnect', 'trimmed', 'edge'],
  env: { PASSERELLE_HISTORY_MAX: KEEP, PASSERELLE_SAY_BURST: 10000, PASSERELLE_SAY_RATE: 10000 },
});

test('join with since gives every message after it, oldest first', async () => {
  const a = await cluster.member(0, 'resume');
  const sent = await sayMany(a.client, 'resume', 10);
  const b = await cluster.user(1);
  const joined = await b.client.ok('join', { room: 'resume', since: sent[3].id });
  assert.deepEqual(ids(joined.history), ids(sent.slice(4)));
  assert.equal(joined.gap, false);
});

test('join with since the newest message gives nothing more', async () => {
  const a = await cluster.member(1, 'tail');
  const sent = await sayMany(a.client, 'tail', 3);
  const b = await cluster.user(0);
  const joined = await b.client.ok('join', { room: 'tail', since: sent.at(-1).id });
  assert.deepEqual(joined.history, []);
  assert.equal(joined.gap, false);
});

test('a reconnect on the other node resumes exactly after the last message seen', async () => {
  const a = await cluster.member(0, 'reconnect');
  const b = await cluster.member(0, 'reconnect');
  const before = await sayMany(a.client, 'reconnect', 4, 'before');
  const got = await b.client.collect(isMessage('reconnect'), 4);
  const lastSeen = got.at(-1).message.id;
  b.client.terminate(); // the laptop lid closes
  await b.client.closed;
  const missed = await sayMany(a.client, 'reconnect', 5, 'missed');
  const back = await cluster.tab(1, b.token);
  const joined = await back.client.ok('join', { room: 'reconnect', since: lastSeen });
  assert.deepEqual(ids(joined.history), ids(missed));
  assert.equal(joined.gap, false);
  assert.equal(ids(before).includes(joined.history[0].id), false);
  const live = await a.client.ok('say', { room: 'reconnect', text: 'welcome back' });
  const ev = await back.client.next(isMessage('reconnect', live.message.id));
  assert.equal(ev.message.text, 'welcome back');
});

test(`gap is true when messages after since were trimmed (rooms keep ${KEEP})`, async () => {
  const a = await cluster.member(0, 'trimmed');
  const sent = await sayMany(a.client, 'trimmed', 30);
  const b = await cluster.user(1);
  const fresh = await b.client.ok('join', { room: 'trimmed' });
  assert.deepEqual(ids(fresh.history), ids(sent.slice(-KEEP)), `a room keeps its last ${KEEP} messages`);
  const c = await cluster.user(1);
  const resumed = await c.client.ok('join', { room: 'trimmed', since: sent[2].id });
  assert.equal(resumed.gap, true);
  assert.deepEqual(ids(resumed.history), ids(sent.slice(-KEEP)));
  const d = await cluster.user(0);
  const kept = await d.client.ok('join', { room: 'trimmed', since: sent[14].id });
  assert.equal(kept.gap, false);
  assert.deepEqual(ids(kept.history), ids(sent.slice(15)));
});

test('no gap when only since itself was trimmed', async () => {
  const a = await cluster.member(1, 'edge');
  const sent = await sayMany(a.client, 'edge', 30);
  // sent[9] is gone, sent[10..29] are kept: nothing after since is missing.
  const b = await cluster.user(0);
  const joined = await b.client.ok('join', { room: 'edge', since: sent[9].id });
  assert.deepEqual(ids(joined.history), ids(sent.slice(10)));
  assert.equal(joined.gap, false);
});
