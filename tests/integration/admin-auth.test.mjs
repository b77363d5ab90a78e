// Admin socket: who may sign in, what the listener accepts, admin-only
// requests, and the bad_request and not_found answers of every request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { baseSeed, connect, PEOPLE, ROOMS, useCluster } from '../lib/harness.mjs';
import {
  adminClient,
  adminEnv,
  adminFail,
  adminUrl,
  auditOf,
  connectAdmin,
  facilitator,
  newAdminSecret,
  signIn,
} from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const cluster = useCluster({ servers: 2, env: adminEnv(SECRET), seed: baseSeed(['demote-room']) });

test('before auth only auth, auth.login and ping are answered', async () => {
  const admin = await adminClient(cluster, 0);
  assert.equal(admin.protocol, 'passerelle-admin.v1');
  assert.equal((await admin.req('ping')).type, 'pong');
  for (const [type, fields] of [
    ['room.stats', {}],
    ['audit.list', {}],
    ['room.lock', { room: ROOMS.plaza }],
    ['user.find', { email: PEOPLE.amina.email }],
    ['announce', { text: 'hello' }],
  ])
    await admin.fail(type, fields, 'unauthorized');
});

test('a wrong or empty secret is unauthorized and the socket stays anonymous', async () => {
  const admin = await adminClient(cluster, 0);
  await admin.fail('auth', { secret: `${SECRET}x` }, 'unauthorized');
  await admin.fail('auth', { secret: SECRET.slice(0, -1) }, 'unauthorized');
  await admin.fail('auth', { secret: '' }, 'unauthorized');
  await admin.fail('auth', { secret: SECRET.toUpperCase() }, 'unauthorized');
  await admin.fail('room.stats', {}, 'unauthorized');
  const ok = await admin.ok('auth', { secret: SECRET });
  assert.deepEqual(ok.user, { id: 'bootstrap', name: 'bootstrap', role: 'admin' });
  await admin.ok('room.stats', {});
});

test('auth without a token or a secret, or with the wrong kinds, is bad_request', async () => {
  const admin = await adminClient(cluster, 1);
  await admin.fail('auth', {}, 'bad_request');
  await admin.fail('auth', { secret: 12345 }, 'bad_request');
  await admin.fail('auth', { token: ['x'] }, 'bad_request');
  await admin.fail('room.stats', {}, 'unauthorized');
});

test('with the admin secret unset or empty, no secret signs in, not even an empty one', async () => {
  for (const value of [null, '']) {
    const node = await cluster.startServer({ env: { PASSERELLE_ADMIN_SECRET: value } });
    try {
      const admin = await connectAdmin(adminUrl(node));
      cluster.clients.add(admin);
      await admin.fail('auth', { secret: '' }, 'unauthorized');
      await admin.fail('auth', { secret: SECRET }, 'unauthorized');
      await admin.fail('room.stats', {}, 'unauthorized');
      // A facilitator's token still works there.
      const { token } = await signIn(cluster, 0);
      await admin.ok('auth', { token });
      await admin.close();
    } finally {
      await cluster.retire(node);
    }
  }
});

test('participant tokens are forbidden, from either node', async () => {
  for (const role of ['mentee', 'mentor']) {
    const p = await cluster.user(1, { role });
    for (const i of [0, 1]) {
      const admin = await adminClient(cluster, i);
      await admin.fail('auth', { token: p.token }, 'forbidden');
      await admin.fail('room.stats', {}, 'unauthorized');
    }
  }
  const seeded = await signIn(cluster, 1, PEOPLE.amina);
  const admin = await adminClient(cluster, 0);
  await admin.fail('auth', { token: seeded.token }, 'forbidden');
  await admin.fail('auth', { token: 'not-a-token' }, 'unauthorized');
});

test('a facilitator token from the other node signs in as that facilitator', async () => {
  const { token, user } = await signIn(cluster, 1);
  assert.equal(user.role, 'facilitator');
  const admin = await adminClient(cluster, 0);
  const ok = await admin.ok('auth', { token });
  assert.deepEqual(ok.user, { id: user.id, name: PEOPLE.fatou.name, role: 'facilitator', country: '' });
  const { rooms } = await admin.ok('room.stats', {});
  assert.ok(rooms.some((r) => r.id === ROOMS.plaza));
});

test('auth.login: a facilitator gets a token, a mentee is forbidden, a wrong password fails', async () => {
  const admin = await adminClient(cluster, 0);
  await admin.fail('auth.login', { email: PEOPLE.amina.email, password: PEOPLE.amina.password }, 'forbidden');
  await admin.fail('room.stats', {}, 'unauthorized');
  await admin.fail('auth.login', { email: PEOPLE.fatou.email, password: 'wrong-password-1' }, 'unauthorized');
  const ok = await admin.ok('auth.login', { email: PEOPLE.fatou.email, password: PEOPLE.fatou.password });
  assert.equal(typeof ok.token, 'string');
  assert.equal(ok.user.role, 'facilitator');
  await admin.ok('room.stats', {});
  // The token works on the other node's admin socket too.
  const other = await adminClient(cluster, 1);
  await other.ok('auth', { token: ok.token });
});

test('user.role is admin only: a facilitator is forbidden, the bootstrap admin changes it', async () => {
  const p = await cluster.user(1, { role: 'mentee', tag: 'promoted' });
  const fac = await facilitator(cluster, 0);
  await fac.fail('user.role', { user: p.user.id, role: 'facilitator' }, 'forbidden');
  const found = await fac.ok('user.find', { email: p.email });
  assert.deepEqual(found.user, {
    ...p.account,
    name: p.user.name,
    role: 'mentee',
    email: p.email,
    guardian: 'none',
    country: '',
  });

  const root = await adminClient(cluster, 1, { secret: SECRET });
  const changed = await root.ok('user.role', { user: p.user.id, role: 'facilitator' });
  assert.equal(changed.user.id, p.user.id);
  assert.equal(changed.user.role, 'facilitator');
  const again = await fac.ok('user.find', { email: p.email.toUpperCase() });
  assert.equal(again.user.role, 'facilitator');
  // The same token now signs in on the admin socket.
  const promoted = await adminClient(cluster, 0);
  const ok = await promoted.ok('auth', { token: p.token });
  assert.equal(ok.user.role, 'facilitator');
  await promoted.fail('user.role', { user: p.user.id, role: 'admin' }, 'forbidden');

  const entries = await auditOf(root);
  const entry = entries.find((e) => e.action === 'user.role' && e.target === p.user.id);
  assert.ok(entry, `no user.role audit entry: ${JSON.stringify(entries.slice(0, 5))}`);
  assert.equal(entry.actor.id, 'bootstrap');
  // Back to mentee: the admin socket refuses that token again.
  await root.ok('user.role', { user: p.user.id, role: 'mentee' });
  const after = await adminClient(cluster, 1);
  await after.fail('auth', { token: p.token }, 'forbidden');
});

test('a logged-out facilitator token stops working on the admin socket of every node', async () => {
  const { client, token } = await signIn(cluster, 1);
  const open = await adminClient(cluster, 0, { token });
  await open.ok('room.stats', {});
  await client.ok('logout');
  const fresh = await adminClient(cluster, 0);
  await fresh.fail('auth', { token }, 'unauthorized');
  // The socket that signed in with it before is signed out too.
  await open.fail('room.stats', {}, 'unauthorized');
});

test('a facilitator demoted to mentee can no longer moderate from an open admin socket', async () => {
  const p = await cluster.user(1, { role: 'mentee', tag: 'demoted' });
  const root = await adminClient(cluster, 1, { secret: SECRET });
  await root.ok('user.role', { user: p.user.id, role: 'facilitator' });
  const open = await adminClient(cluster, 0, { token: p.token });
  await open.ok('room.stats', {});
  await root.ok('user.role', { user: p.user.id, role: 'mentee' });
  const reply = await open.req('room.lock', { room: 'demote-room' });
  assert.equal(reply.type, 'error', `a demoted facilitator still moderates: ${JSON.stringify(reply)}`);
  assert.ok(['forbidden', 'unauthorized'].includes(reply.code), JSON.stringify(reply));
  const { rooms } = await root.ok('room.stats', { room: 'demote-room' });
  assert.equal(rooms[0].state, 'open');
});

// Requests with a missing field or a field of the wrong kind.
const BAD = [
  ['auth.login', { email: 'x@example.org' }],
  ['room.create', {}],
  ['room.create', { title: 42 }],
  ['room.create', { title: 'x'.repeat(201) }],
  ['room.create', { title: 'Later', starts_at: 'tomorrow' }],
  ['room.create', { title: 'Later', ends_at: -5 }],
  ['room.create', { title: 'Later', ends_at: 1.5 }],
  ['room.close', {}],
  ['room.lock', { room: 7 }],
  ['room.unlock', { room: 'white space' }],
  ['room.slowmode', { room: ROOMS.plaza }],
  ['room.slowmode', { room: ROOMS.plaza, seconds: '5' }],
  ['room.slowmode', { room: ROOMS.plaza, seconds: -1 }],
  ['user.mute', { room: ROOMS.plaza }],
  ['user.mute', { room: ROOMS.plaza, user: 'someone' }],
  ['user.mute', { room: ROOMS.plaza, user: 'someone', seconds: '60' }],
  ['user.mute', { room: ROOMS.plaza, user: 'someone', seconds: 0 }],
  ['user.mute', { room: ROOMS.plaza, user: 'someone', seconds: 60, reason: 5 }],
  ['user.unmute', { room: ROOMS.plaza }],
  ['user.unmute', { user: 'someone' }],
  ['user.kick', { room: ROOMS.plaza }],
  ['user.kick', { room: ROOMS.plaza, user: 9 }],
  ['user.ban', { user: 'someone' }],
  ['user.ban', { room: ROOMS.plaza, user: 'someone', seconds: 'forever' }],
  ['user.unban', { room: ROOMS.plaza, user: null }],
  ['message.delete', { room: ROOMS.plaza }],
  ['message.delete', { room: ROOMS.plaza, id: 5 }],
  ['message.delete', { room: ROOMS.plaza, id: 'not-an-id' }],
  ['message.delete', { id: '1-0' }],
  ['announce', {}],
  ['announce', { text: 5 }],
  ['announce', { room: 5, text: 'hello' }],
  ['room.watch', {}],
  ['room.unwatch', { room: [] }],
  ['room.stats', { room: 5 }],
  ['audit.list', { limit: 'ten' }],
  ['audit.list', { limit: 0 }],
  ['audit.list', { room: {} }],
  ['user.find', {}],
  ['user.find', { email: 5 }],
  ['user.role', { user: 'someone' }],
  ['user.role', { role: 'mentor' }],
  ['user.role', { user: 'someone', role: 'king' }],
  ['no.such.request', {}],
];

test('a missing or wrongly typed field is bad_request for every request, and stores nothing', async () => {
  const root = await adminClient(cluster, 0, { secret: SECRET });
  const p = await cluster.user(1);
  const auditBefore = await auditOf(root);
  const roomsBefore = (await root.ok('room.stats', {})).rooms.length;
  for (const [type, fields] of BAD) {
    // Requests naming a person name a real one, so only the bad field is wrong.
    const f = { ...fields };
    if (f.user === 'someone') f.user = p.user.id;
    await adminFail(root, type, f, 'bad_request');
  }
  assert.equal((await root.ok('room.stats', {})).rooms.length, roomsBefore, 'a room was created');
  assert.deepEqual(await auditOf(root), auditBefore, 'a refused request was audited');
});

// Well-typed requests whose values make no sense.
const SENSELESS = [
  ['an empty title', 'room.create', { title: '' }],
  ['a blank title', 'room.create', { title: '   ' }],
  ['a mentorship room', 'room.create', { title: 'Private', kind: 'mentorship' }],
  [
    'an end before the start',
    'room.create',
    { title: 'Backwards', starts_at: Date.now() + 7200e3, ends_at: Date.now() + 3600e3 },
  ],
  ['an empty announcement', 'announce', { text: '' }],
  ['a blank announcement', 'announce', { text: '  ' }],
];

for (const [what, type, fields] of SENSELESS)
  test(`${type} with ${what} is bad_request and changes nothing`, async () => {
    const root = await adminClient(cluster, 0, { secret: SECRET });
    const listener = await cluster.member(1, ROOMS.plaza);
    const auditBefore = await auditOf(root);
    const roomsBefore = (await root.ok('room.stats', {})).rooms.length;
    await root.fail(type, fields, 'bad_request');
    assert.equal((await root.ok('room.stats', {})).rooms.length, roomsBefore, 'a room was created');
    assert.deepEqual(await auditOf(root), auditBefore, 'a refused request was audited');
    await listener.client.none('announcement', 200);
  });

test('unknown rooms, people and messages are not_found', async () => {
  const root = await adminClient(cluster, 1, { secret: SECRET });
  const p = await cluster.user(0);
  await p.client.ok('join', { room: ROOMS.plaza });
  const nope = 'no-such-room';
  const ghost = 'no-such-user';
  for (const [type, fields] of [
    ['room.close', { room: nope }],
    ['room.lock', { room: nope }],
    ['room.unlock', { room: nope }],
    ['room.slowmode', { room: nope, seconds: 10 }],
    ['user.mute', { room: nope, user: p.user.id, seconds: 60 }],
    ['user.mute', { room: ROOMS.plaza, user: ghost, seconds: 60 }],
    ['user.unmute', { room: ROOMS.plaza, user: ghost }],
    ['user.kick', { room: nope, user: p.user.id }],
    ['user.kick', { room: ROOMS.plaza, user: ghost }],
    ['user.ban', { room: nope, user: p.user.id }],
    ['user.ban', { room: ROOMS.plaza, user: ghost, seconds: 60 }],
    ['user.unban', { room: ROOMS.plaza, user: ghost }],
    ['message.delete', { room: ROOMS.plaza, id: '1-0' }],
    ['message.delete', { room: nope, id: '1-0' }],
    ['announce', { room: nope, text: 'hello' }],
    ['room.watch', { room: nope }],
    ['room.stats', { room: nope }],
    ['user.find', { email: 'nobody-here@example.org' }],
    ['user.role', { user: ghost, role: 'mentor' }],
  ])
    await adminFail(root, type, fields, 'not_found');
  // Nothing happened to the person named in those requests.
  await p.client.ok('say', { room: ROOMS.plaza, text: 'still here' });
  await p.client.none('moderated', 200);
});

test('the admin listener refuses other sites; the participant listener has no admin socket', async () => {
  const node = cluster.node(0);
  await assert.rejects(
    connectAdmin(adminUrl(node), { origin: 'http://evil.example' }),
    'foreign origin accepted',
  );
  const same = await connectAdmin(adminUrl(node), { origin: `http://127.0.0.1:${node.adminPort}` });
  cluster.clients.add(same);
  assert.equal((await same.req('ping')).type, 'pong');
  await assert.rejects(
    connect(`ws://127.0.0.1:${node.port}/admin`, { protocol: 'passerelle-admin.v1' }),
    '/admin answered on the participant listener',
  );
  // Signed in as a facilitator, the participant socket still knows no admin request.
  const { client } = await signIn(cluster, 0);
  await client.fail('room.lock', { room: ROOMS.plaza }, 'bad_request');
  await client.fail('audit.list', {}, 'bad_request');
  const participant = await cluster.client(0);
  await participant.fail('auth', { secret: SECRET }, 'bad_request');
});

test('a Unix-socket admin listener is mode 0600 and answers', async () => {
  // A short path: Unix socket paths are limited to about 100 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-'));
  const sock = path.join(dir, 'admin.sock');
  let node = null;
  try {
    node = await cluster.startServer({ env: { PASSERELLE_ADMIN: `unix:${sock}` } });
    const mode = fs.statSync(sock).mode;
    assert.ok(fs.statSync(sock).isSocket(), `${sock} is not a socket`);
    assert.equal((mode & 0o777).toString(8), '600');
    const admin = await connectAdmin(`ws+unix://${sock}:/admin`);
    cluster.clients.add(admin);
    await admin.fail('room.stats', {}, 'unauthorized');
    await admin.ok('auth', { secret: SECRET });
    const { rooms } = await admin.ok('room.stats', { room: ROOMS.plaza });
    assert.equal(rooms[0].id, ROOMS.plaza);
    await admin.close();
  } finally {
    if (node) await cluster.retire(node);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
