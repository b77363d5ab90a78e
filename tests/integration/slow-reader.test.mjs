// A connection that stops reading is closed 1008 once it falls a whole room ring behind,
// instead of holding memory; the others in the room carry on. Also: the admin listener
// answers unknown paths with 404.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGet, isMessage, useCluster, waitFor } from '../lib/harness.mjs';

const cluster = useCluster({
  servers: 1,
  rooms: ['flood'],
  env: { PASSERELLE_SAY_BURST: 10000, PASSERELLE_SAY_RATE: 10000 },
});

const TEXT = 'x'.repeat(4000);
const BATCH = 100;
const MAX_MESSAGES = 6000; // far past the 1024-frame ring plus the kernel's socket buffers

test('a reader that stops reading is closed 1008; the others carry on', async () => {
  const slow = await cluster.member(0, 'flood');
  const steady = await cluster.member(0, 'flood');
  const speaker = await cluster.member(0, 'flood');
  slow.client.ws._socket.pause(); // stops reading: the server's writes back up
  for (let sent = 0; sent < MAX_MESSAGES; sent += BATCH) {
    steady.client.discard(); // the steady reader keeps up
    await Promise.all(
      Array.from({ length: BATCH }, () => speaker.client.ok('say', { room: 'flood', text: TEXT })),
    );
  }
  const { message } = await speaker.client.ok('say', { room: 'flood', text: 'still here' });
  await steady.client.next(isMessage('flood', message.id), 15000);
  slow.client.ws._socket.resume();
  const { code } = await slow.client.waitClosed(15000);
  assert.equal(code, 1008);
});

test('the admin listener answers an unknown path with 404', async () => {
  const node = cluster.nodes[0];
  const res = await httpGet(`http://127.0.0.1:${node.adminPort}/no-such-page`);
  assert.equal(res.status, 404);
  await waitFor(
    'the console page',
    async () => (await httpGet(`http://127.0.0.1:${node.adminPort}/`)).status !== 0,
  );
});
