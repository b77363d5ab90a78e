// Admin-socket utilities for tests (passerelle-admin.v1). A cluster gets an
// admin secret through its env (adminEnv); every node already listens for
// admin sockets on server.adminPort. Clients opened through adminClient()
// belong to the cluster and are closed after each test like the others.
import assert from 'node:assert/strict';
import { connect } from './client.mjs';
import { PEOPLE } from './fixture.mjs';
import { randomHex } from './processes.mjs';

export const ADMIN_PROTOCOL = 'passerelle-admin.v1';

// A fresh bootstrap secret: 48 characters.
export const newAdminSecret = () => randomHex(24);

// Server settings that enable the bootstrap secret.
export const adminEnv = (secret) => ({ PASSERELLE_ADMIN_SECRET: secret });

export function adminUrl(server) {
  return `ws://127.0.0.1:${server.adminPort}/admin`;
}

// Opens an admin socket. No Origin header by default: scripts and the CLI
// send none; a browser test passes one.
export function connectAdmin(url, options = {}) {
  return connect(url, { protocol: ADMIN_PROTOCOL, origin: null, ...options });
}

// An admin socket to node i of cluster, closed after the current test.
// auth: {secret} or {token} to sign in at once, or null to stay anonymous.
// The client gets .user when signed in.
export async function adminClient(cluster, i = 0, auth = null, options = {}) {
  const c = await connectAdmin(adminUrl(cluster.node(i)), options);
  cluster.clients.add(c);
  c.closed.then(() => cluster.clients.delete(c));
  if (auth) c.user = (await c.ok('auth', auth)).user;
  return c;
}

// Signs in a seeded person on node i's participant socket; returns
// {client, token, user}. Defaults to the seeded facilitator.
export async function signIn(cluster, i, person = PEOPLE.fatou) {
  const client = await cluster.client(i);
  const reply = await client.ok('login', { email: person.email, password: person.password });
  return { client, token: reply.token, user: reply.user };
}

// An admin socket on node i signed in as the seeded facilitator.
export async function facilitator(cluster, i = 0) {
  const { token, user } = await signIn(cluster, i, PEOPLE.fatou);
  const admin = await adminClient(cluster, i, { token });
  assert.equal(admin.user.id, user.id);
  return admin;
}

// message.delete names the message with `id`, the key that also carries a
// request's id: the message id goes out as the request id and the reply's
// `re` echoes it. These send fields.id that way for any request.
function split(fields) {
  const { id, ...rest } = fields;
  return id === undefined ? [rest, {}] : [rest, { id }];
}

export function adminOk(client, type, fields = {}) {
  const [rest, options] = split(fields);
  return client.ok(type, rest, options);
}

export function adminFail(client, type, fields, code) {
  const [rest, options] = split(fields);
  return client.fail(type, rest, code, options);
}

// Event predicates for Client.next() and Client.none().
export const isModerated = (room, action) => (m) =>
  m.type === 'moderated' && m.room === room && m.action === action;
export const isDeleted = (room, id) => (m) => m.type === 'message.deleted' && m.room === room && m.id === id;
export const isRoomUpdated = (room, state) => (m) =>
  m.type === 'room.updated' && m.room?.id === room && (state === undefined || m.room.state === state);
export const isAnnouncement = (room, text) => (m) =>
  m.type === 'announcement' && m.room === room && m.text === text;

// Audit entries, newest first; of one room when room is given.
export async function auditOf(admin, room, limit = 1000) {
  const fields = { limit };
  if (room !== undefined) fields.room = room;
  const { entries } = await admin.ok('audit.list', fields);
  assert.ok(Array.isArray(entries), `audit.list entries: ${JSON.stringify(entries)}`);
  return entries;
}

// The newest audit entry matching want ({action, room, target, actor id});
// fails the test when there is none.
export async function auditHas(admin, want) {
  const entries = await auditOf(admin, want.room);
  const found = entries.find(
    (e) =>
      e.action === want.action &&
      (want.room === undefined || e.room === want.room) &&
      (want.target === undefined || e.target === want.target) &&
      (want.actor === undefined || e.actor?.id === want.actor),
  );
  assert.ok(found, `no audit entry ${JSON.stringify(want)} among ${JSON.stringify(entries.slice(0, 10))}`);
  assert.equal(typeof found.ts, 'number', `audit ts: ${JSON.stringify(found)}`);
  assert.equal(typeof found.actor?.name, 'string', `audit actor: ${JSON.stringify(found)}`);
  return found;
}

// Repeats fn (a request that fails until something expires) until it
// succeeds; returns its ok reply. Only the harness timeout bounds it.
export async function eventually(label, fn, { timeout = 20000, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last.type === 'ok') return last;
    if (Date.now() > deadline) throw new Error(`${label}: still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
