// Limits: frame size (also on reassembled fragments), the say token bucket,
// connections per IP and the Origin check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, sleep, TEST_ORIGIN, useCluster, waitFor } from '../lib/harness.mjs';

const BURST = 3;
const RATE = 1; // per second
const MAX_FRAME = 16 * 1024;
const cluster = useCluster({
  servers: 1,
  rooms: ['bucket', 'big'],
  env: { PASSERELLE_SAY_BURST: BURST, PASSERELLE_SAY_RATE: RATE },
});

// A say frame of exactly size bytes.
function sayFrame(size) {
  const head = { type: 'say', id: 1, room: 'big', text: '' };
  const pad = size - Buffer.byteLength(JSON.stringify(head));
  return JSON.stringify({ ...head, text: 'a'.repeat(pad) });
}

async function expectTooLarge(client) {
  const err = await client.next((m) => m.type === 'error');
  assert.equal(err.code, 'too_large', JSON.stringify(err));
  const { code } = await client.waitClosed();
  assert.equal(code, 1009);
}

test('a frame over 16 KiB is too_large, then close 1009', async () => {
  const { client } = await cluster.user(0);
  await client.ok('join', { room: 'big' });
  const frame = sayFrame(MAX_FRAME + 1);
  assert.equal(Buffer.byteLength(frame), MAX_FRAME + 1);
  client.send(frame);
  await expectTooLarge(client);
});

test('a frame of exactly 16 KiB is not too_large', async () => {
  const { client } = await cluster.user(0);
  const pad = { type: 'ping', id: 'p', pad: '' };
  const frame = JSON.stringify({
    ...pad,
    pad: 'a'.repeat(MAX_FRAME - Buffer.byteLength(JSON.stringify(pad))),
  });
  assert.equal(Buffer.byteLength(frame), MAX_FRAME);
  client.send(frame);
  const reply = await client.next((m) => m.re === 'p');
  assert.notEqual(reply.code, 'too_large', JSON.stringify(reply));
  assert.equal((await client.req('ping')).type, 'pong');
});

test('the limit holds for a message sent in fragments', async () => {
  const { client } = await cluster.user(0);
  await client.ok('join', { room: 'big' });
  const frame = sayFrame(3 * 6000);
  client.send(frame.slice(0, 6000), { fin: false });
  client.send(frame.slice(6000, 12000), { fin: false });
  client.send(frame.slice(12000), { fin: true });
  await expectTooLarge(client);
  // Nothing was stored.
  const other = await cluster.user(0);
  assert.deepEqual((await other.client.ok('join', { room: 'big' })).history, []);
});

test(`say allows a burst of ${BURST}, then rate_limited with retry_after_ms`, async () => {
  const a = await cluster.user(0);
  const tab = await cluster.tab(0, a.token);
  const b = await cluster.user(0);
  for (const p of [a, tab, b]) await p.client.ok('join', { room: 'bucket' });
  for (let i = 0; i < BURST; i++) await a.client.ok('say', { room: 'bucket', text: `burst ${i}` });
  const limited = await a.client.fail('say', { room: 'bucket', text: 'one too many' }, 'rate_limited');
  const wait = limited.retry_after_ms;
  assert.ok(Number.isInteger(wait) && wait > 0 && wait <= 1000 / RATE, `retry_after_ms ${wait}`);
  // The bucket belongs to the person, not to the connection.
  await tab.client.fail('say', { room: 'bucket', text: 'from my other tab' }, 'rate_limited');
  // Somebody else still has a full bucket.
  await b.client.ok('say', { room: 'bucket', text: 'my own bucket' });
  await sleep(wait + 100); // as a client would: wait as told, then retry
  await a.client.ok('say', { room: 'bucket', text: 'after waiting' });
  const reader = await cluster.user(0);
  const joined = await reader.client.ok('join', { room: 'bucket' });
  assert.deepEqual(
    joined.history.map((m) => m.text),
    ['burst 0', 'burst 1', 'burst 2', 'my own bucket', 'after waiting'],
  );
});

// True when a socket is refused: at the upgrade, or closed before answering.
async function refused(url, options) {
  let c;
  try {
    c = await connect(url, options);
  } catch (err) {
    return { refused: true, why: err.message };
  }
  try {
    const reply = await c.req('ping', {}, { timeout: 2000 });
    await c.close();
    return { refused: false, why: JSON.stringify(reply) };
  } catch (err) {
    return { refused: !c.isOpen, why: err.message };
  }
}

test('connections per IP are capped', async () => {
  const node = await cluster.startServer({ env: { PASSERELLE_MAX_CONN_PER_IP: 3 } });
  const open = [];
  try {
    for (let i = 0; i < 3; i++) {
      const c = await node.connect();
      assert.equal((await c.req('ping')).type, 'pong');
      open.push(c);
    }
    const fourth = await refused(node.wsUrl);
    assert.equal(fourth.refused, true, `a fourth connection was served: ${fourth.why}`);
    await open.shift().close();
    // Once one closes, a new one is served (the server may need a moment).
    await waitFor('a free connection slot', async () => !(await refused(node.wsUrl)).refused);
  } finally {
    await Promise.all(open.map((c) => c.close()));
    await cluster.retire(node);
  }
});

test('a socket from an Origin that is not allowed is refused', async () => {
  const node = cluster.nodes[0];
  const evil = await refused(node.wsUrl, { origin: 'http://evil.test' });
  assert.equal(evil.refused, true, `served: ${evil.why}`);
  const lookalike = await refused(node.wsUrl, { origin: `${TEST_ORIGIN}.evil.test` });
  assert.equal(lookalike.refused, true, `served: ${lookalike.why}`);
  assert.equal((await refused(node.wsUrl)).refused, false);
});

test('PASSERELLE_ORIGINS takes a list, and * allows any origin', async () => {
  const listed = await cluster.startServer({
    env: { PASSERELLE_ORIGINS: 'http://one.test,http://two.test' },
  });
  const any = await cluster.startServer({ env: { PASSERELLE_ORIGINS: '*' } });
  try {
    assert.equal((await refused(listed.wsUrl, { origin: 'http://two.test' })).refused, false);
    assert.equal((await refused(listed.wsUrl, { origin: 'http://one.test' })).refused, false);
    assert.equal((await refused(listed.wsUrl, { origin: TEST_ORIGIN })).refused, true);
    assert.equal((await refused(any.wsUrl, { origin: 'http://evil.test' })).refused, false);
  } finally {
    await cluster.retire(listed);
    await cluster.retire(any);
  }
});
