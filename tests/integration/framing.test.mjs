// Framing and bad_request: every malformed request gets bad_request (with re
// when the id is readable), the socket stays open and nothing is stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMessage, PROTOCOL, useCluster, validProfile } from '../lib/harness.mjs';

const cluster = useCluster({ servers: 1, rooms: ['framing'] });
const ROOM = 'framing';

// The error event for a frame whose id could not be read.
const anyError = (m) => m.type === 'error';

async function expectBadRequest(c, frame, re) {
  c.send(frame);
  const err = await c.next(anyError);
  assert.equal(err.code, 'bad_request', `${String(frame).slice(0, 80)} -> ${JSON.stringify(err)}`);
  assert.equal(typeof err.message, 'string');
  if (re === undefined) assert.equal(err.re, undefined, `no id could be read: ${JSON.stringify(err)}`);
  else assert.deepEqual(err.re, re);
  // Still open and usable.
  assert.equal((await c.req('ping')).type, 'pong');
}

test('the server speaks passerelle.v1', async () => {
  const c = await cluster.client();
  assert.equal(c.protocol, PROTOCOL);
});

test('ping gets pong, with re only when the ping had an id', async () => {
  const c = await cluster.client();
  assert.deepEqual(await c.req('ping', {}, { id: 41 }), { type: 'pong', re: 41 });
  assert.deepEqual(await c.req('ping', {}, { id: 'str-id' }), { type: 'pong', re: 'str-id' });
  c.send({ type: 'ping' });
  const pong = await c.next('pong');
  assert.equal('re' in pong, false, JSON.stringify(pong));
});

test('not JSON: bad_request without re', async () => {
  const c = await cluster.client();
  await expectBadRequest(c, 'this is not json', undefined);
  await expectBadRequest(c, '{"type":"ping","id":1', undefined);
  await expectBadRequest(c, '', undefined);
});

test('JSON that is not an object: bad_request without re', async () => {
  const c = await cluster.client();
  for (const frame of ['[{"type":"ping","id":1}]', '42', '"ping"', 'null', 'true'])
    await expectBadRequest(c, frame, undefined);
});

test('no type, or a type that is not a string: bad_request with re', async () => {
  const c = await cluster.client();
  await expectBadRequest(c, JSON.stringify({ id: 7 }), 7);
  await expectBadRequest(c, JSON.stringify({ id: 'x1', room: ROOM }), 'x1');
  await expectBadRequest(c, JSON.stringify({ type: 5, id: 8 }), 8);
  await expectBadRequest(c, JSON.stringify({ type: null, id: 'n' }), 'n');
  await expectBadRequest(c, JSON.stringify({ type: ['ping'], id: 9 }), 9);
});

test('unknown type: bad_request with re, before and after sign-in', async () => {
  const anon = await cluster.client();
  await anon.fail('no.such.request', {}, 'bad_request');
  await anon.fail('PING', {}, 'bad_request');
  const { client } = await cluster.user(0);
  const reply = await client.fail('rooms.delete', { room: ROOM }, 'bad_request', { id: 'u-1' });
  assert.equal(reply.re, 'u-1');
});

// Requests accepted before sign-in: missing fields and wrong kinds.
const ANON_CASES = [
  ['register', { password: 'long-enough-pw', name: 'A', role: 'mentee' }, 'no email'],
  ['register', { email: 'x@example.org', name: 'A', role: 'mentee' }, 'no password'],
  ['register', { email: 'y@example.org', password: 'long-enough-pw', role: 'mentee' }, 'no name'],
  ['register', { email: 'z@example.org', password: 'long-enough-pw', name: 'A' }, 'no role'],
  ['register', { email: 12, password: 'long-enough-pw', name: 'A', role: 'mentee' }, 'email a number'],
  [
    'register',
    { email: 'w@example.org', password: ['long-enough-pw'], name: 'A', role: 'mentee' },
    'password an array',
  ],
  [
    'register',
    { email: 'v@example.org', password: 'long-enough-pw', name: { n: 1 }, role: 'mentee' },
    'name an object',
  ],
  ['login', { password: 'long-enough-pw' }, 'no email'],
  ['login', { email: 'x@example.org' }, 'no password'],
  ['login', { email: 'x@example.org', password: 1234567890 }, 'password a number'],
  ['auth', {}, 'no token'],
  ['auth', { token: 42 }, 'token a number'],
];

test('missing fields and wrong kinds before sign-in: bad_request with re, nothing stored', async () => {
  const c = await cluster.client();
  for (const [type, fields, why] of ANON_CASES) {
    const reply = await c.req(type, fields, { id: `${type}:${why}` });
    assert.equal(reply.code, 'bad_request', `${type} with ${why} -> ${JSON.stringify(reply)}`);
    assert.equal(reply.re, `${type}:${why}`);
  }
  // None of the refused registrations created an account.
  for (const email of ['x@example.org', 'y@example.org', 'z@example.org', 'w@example.org', 'v@example.org']) {
    const fresh = await cluster.client();
    await fresh.ok('register', { email, password: 'long-enough-pw', name: 'New', role: 'mentee' });
  }
});

// Requests of a signed-in person: missing fields and wrong kinds.
const SIGNED_IN_CASES = [
  ['profile.set', {}, 'no profile'],
  ['profile.set', { profile: 'bio' }, 'profile a string'],
  ['join', {}, 'no room'],
  ['join', { room: 7 }, 'room a number'],
  ['join', { room: ROOM, since: 17 }, 'since a number'],
  ['leave', {}, 'no room'],
  ['leave', { room: [ROOM] }, 'room an array'],
  ['say', { room: ROOM }, 'no text'],
  ['say', { text: 'hello' }, 'no room'],
  ['say', { room: ROOM, text: 12 }, 'text a number'],
  ['say', { room: ROOM, text: null }, 'text null'],
  ['say', { room: ROOM, text: '' }, 'empty text'],
  ['say', { room: ROOM, text: ' \n\t  ' }, 'blank text'],
  ['history', { before: '0-1' }, 'no room'],
  ['history', { room: ROOM }, 'no before'],
  ['history', { room: ROOM, before: 5 }, 'before a number'],
  ['history', { room: ROOM, before: '0-1', limit: 'ten' }, 'limit a string'],
  ['typing', {}, 'no room'],
  ['typing', { room: true }, 'room a boolean'],
];

test('missing fields and wrong kinds after sign-in: bad_request with re, nothing stored', async () => {
  const { client } = await cluster.user(0);
  await client.ok('join', { room: ROOM });
  for (const [type, fields, why] of SIGNED_IN_CASES) {
    const reply = await client.req(type, fields, { id: `${type}:${why}` });
    assert.equal(reply.code, 'bad_request', `${type} with ${why} -> ${JSON.stringify(reply)}`);
    assert.equal(reply.re, `${type}:${why}`);
  }
  const other = await cluster.user(0);
  const joined = await other.client.ok('join', { room: ROOM });
  assert.deepEqual(joined.history, [], 'a refused say stored a message');
});

test('an id that is neither a number nor a string is bad_request', async () => {
  const c = await cluster.client();
  c.send({ type: 'ping', id: { n: 1 } });
  const reply = await c.next((m) => m.type === 'error' || m.type === 'pong');
  assert.equal(reply.code, 'bad_request', JSON.stringify(reply));
});

test('before sign-in only register, login, auth and ping are accepted', async () => {
  const c = await cluster.client();
  const cases = [
    ['rooms.list', {}],
    ['join', { room: ROOM }],
    ['leave', { room: ROOM }],
    ['say', { room: ROOM, text: 'hello' }],
    ['history', { room: ROOM, before: '0-1' }],
    ['typing', { room: ROOM }],
    ['logout', {}],
    ['profile.get', {}],
    ['profile.set', { profile: validProfile() }],
  ];
  for (const [type, fields] of cases) await c.fail(type, fields, 'unauthorized');
  // The connection is still open and still unauthenticated.
  await c.fail('rooms.list', {}, 'unauthorized');
  assert.equal((await c.req('ping')).type, 'pong');
});

test('the shape is checked before authentication', async () => {
  const c = await cluster.client();
  await c.fail('join', {}, 'bad_request');
  await c.fail('say', { room: ROOM, text: 5 }, 'bad_request');
});

test('pushed events carry no re; replies carry the id as sent', async () => {
  const a = await cluster.user(0);
  const b = await cluster.user(0);
  await a.client.ok('join', { room: ROOM });
  await b.client.ok('join', { room: ROOM });
  const said = await a.client.ok('say', { room: ROOM, text: 'hello' }, { id: 0 });
  assert.equal(said.re, 0);
  const ev = await b.client.next(isMessage(ROOM, said.message.id));
  assert.equal('re' in ev, false, JSON.stringify(ev));
});
