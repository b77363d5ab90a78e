// Keeping sockets alive: a socket silent for PASSERELLE_IDLE_PING seconds gets a
// WebSocket ping; one silent for PASSERELLE_IDLE_DROP seconds is dropped. Any
// frame from the client (a pong, a request) counts as life.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep, useCluster, waitFor } from '../lib/harness.mjs';

const PING_S = 1;
const DROP_S = 3;
const cluster = useCluster({
  servers: 1,
  env: { PASSERELLE_IDLE_PING: PING_S, PASSERELLE_IDLE_DROP: DROP_S },
});

function countPings(c) {
  const seen = { pings: 0 };
  c.ws.on('ping', () => seen.pings++);
  return seen;
}

test('a quiet socket is pinged, and its pongs keep it open past the drop time', async () => {
  const c = await cluster.client();
  const seen = countPings(c);
  await waitFor('two pings', () => seen.pings >= 2, { timeout: 15000 });
  await sleep((DROP_S + 1) * 1000);
  assert.ok(c.isOpen, `dropped although it answered ${seen.pings} pings`);
  assert.equal((await c.req('ping')).type, 'pong');
});

test('a socket that answers nothing is pinged once, then dropped', async () => {
  const c = await cluster.client(0, { autoPong: false });
  const seen = countPings(c);
  const closed = await Promise.race([c.closed, sleep(15000).then(() => null)]);
  assert.ok(closed, 'a silent socket was not dropped');
  assert.equal(seen.pings, 1, 'one ping before the drop');
  assert.equal(closed.code, 1006, 'dropped without a close frame, as a dead peer would be');
});

test('requests count as life for a client that does not answer pings', async () => {
  const c = await cluster.client(0, { autoPong: false });
  for (let t = 0; t < (DROP_S + 2) * 1000; t += 500) {
    assert.equal((await c.req('ping')).type, 'pong');
    await sleep(500);
  }
  assert.ok(c.isOpen);
  // Once silent it goes the way of any silent socket.
  const closed = await Promise.race([c.closed, sleep(15000).then(() => null)]);
  assert.ok(closed, 'not dropped once silent');
});
