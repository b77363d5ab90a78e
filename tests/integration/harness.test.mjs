// The harness itself: Redis outage and restart keep data, output buffers
// keep what a failing test needs, and the client matches replies and events.
// Needs redis-server only, not the Passerelle server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { connect, freePort, PROTOCOL, Redis, redisCommand, TEST_ORIGIN } from '../lib/harness.mjs';
import { makeTmpDir, OutputBuffer, removeTmpDir } from '../lib/processes.mjs';

test('redis keeps its data across kill -9 and a restart on the same port', async () => {
  const tmp = makeTmpDir('harness');
  const redis = await Redis.start(tmp);
  try {
    assert.equal(await redis.command('SET', 'k', 'v é'), 'OK');
    assert.equal(await redis.command('XADD', 's', '*', 'text', 'hello').then((id) => typeof id), 'string');
    await redis.kill9();
    await assert.rejects(redisCommand(redis.port, ['PING'], { timeout: 1000 }));
    await redis.restart();
    assert.equal(await redis.command('GET', 'k'), 'v é');
    assert.equal(await redis.command('XLEN', 's'), 1);
  } finally {
    await redis.stop();
    removeTmpDir(tmp);
  }
});

test('an output buffer drops the oldest bytes and finds output after a mark', () => {
  const out = new OutputBuffer(10);
  out.push('aaaaaa');
  const mark = out.mark();
  out.push('bbbbbb');
  assert.equal(out.since(mark), 'bbbbbb');
  out.push('cccccc');
  assert.equal(out.since(0), 'cccccc');
  assert.equal(out.since(mark), 'cccccc');
});

// A stand-in peer that answers pings and pushes what it is asked to push.
let wss;
let url;
before(async () => {
  const port = await freePort();
  wss = new WebSocketServer({
    port,
    host: '127.0.0.1',
    handleProtocols: (set) => (set.has(PROTOCOL) ? PROTOCOL : false),
  });
  wss.on('connection', (ws, req) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data);
      if (msg.type === 'origin')
        ws.send(JSON.stringify({ type: 'ok', re: msg.id, origin: req.headers.origin }));
      if (msg.type === 'push') for (const e of msg.events) ws.send(JSON.stringify(e));
      if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', re: msg.id }));
      if (msg.type === 'garbage') ws.send('not json');
    });
  });
  url = `ws://127.0.0.1:${port}/ws`;
});
after(() => new Promise((resolve) => wss.close(resolve)));

test('client: replies by re, events in order, absence checks, origin header', async () => {
  const c = await connect(url);
  assert.equal(c.protocol, PROTOCOL);
  assert.equal((await c.req('origin')).origin, TEST_ORIGIN);
  const pong = await c.req('ping', {}, { id: 'abc' });
  assert.deepEqual(pong, { type: 'pong', re: 'abc' });
  c.send({ type: 'push', events: [{ type: 'a', n: 1 }, { type: 'b' }, { type: 'a', n: 2 }] });
  assert.equal((await c.next('b')).type, 'b');
  assert.equal((await c.next('a')).n, 1);
  assert.equal((await c.next((e) => e.type === 'a')).n, 2);
  await c.none('a', 50);
  c.send({ type: 'push', events: [{ type: 'z' }] });
  await c.next('z');
  await assert.rejects(c.next('never', 50), /no a never event|no the awaited/);
  c.send({ type: 'push', events: [{ type: 'late' }] });
  await assert.rejects(c.none('late', 200));
  await c.close();
});

test('client: a bad frame from the server fails the waiting request', async () => {
  const c = await connect(url);
  const waiting = c.next('never', 2000);
  c.send({ type: 'garbage' });
  await assert.rejects(waiting, /bad frame/);
  await c.close();
});
