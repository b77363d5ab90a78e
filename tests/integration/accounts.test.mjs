// Accounts and tokens: register, login, auth, logout, profile, across two
// nodes on one Redis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PEOPLE, randomHex, sleep, uniqueEmail, useCluster, validProfile } from '../lib/harness.mjs';

const MAX_FAILS = 3;
const cluster = useCluster({ servers: 2, env: { PASSERELLE_LOGIN_MAX_FAILS: MAX_FAILS } });

function checkUser(user, { name, role }) {
  assert.equal(typeof user?.id, 'string', `user without a string id: ${JSON.stringify(user)}`);
  assert.ok(user.id.length > 0);
  assert.equal(user.name, name);
  assert.equal(user.role, role);
}

// A token with one character changed, away from any separator.
function tamper(token) {
  let i = Math.floor(token.length / 2);
  while (!/[A-Za-z0-9]/.test(token[i])) i += 1;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

test('register gives a token and a user; the token works on the other node', async () => {
  const c = await cluster.client(0);
  const email = uniqueEmail('reg');
  const reply = await c.ok('register', {
    email,
    password: 'correct horse',
    name: 'Kofi Mensah',
    role: 'mentor',
  });
  checkUser(reply.user, { name: 'Kofi Mensah', role: 'mentor' });
  assert.equal(typeof reply.token, 'string');
  await c.ok('rooms.list'); // signed in on this connection
  const other = await cluster.client(1);
  const auth = await other.ok('auth', { token: reply.token });
  assert.deepEqual(auth.user, reply.user);
});

test('login works on both nodes, for registered and seeded people', async () => {
  const { account, email, password } = await cluster.user(0, { role: 'mentee', name: 'Awa Sow' });
  for (const i of [0, 1]) {
    const c = await cluster.client(i);
    const reply = await c.ok('login', { email, password });
    assert.deepEqual(reply.user, account);
    assert.equal(typeof reply.token, 'string');
  }
  for (const p of [PEOPLE.amina, PEOPLE.bakary, PEOPLE.fatou]) {
    const c = await cluster.client(1);
    const reply = await c.ok('login', { email: p.email, password: p.password });
    checkUser(reply.user, p);
  }
});

test('passwords under 10 characters are weak_password and store nothing', async () => {
  const c = await cluster.client(0);
  const email = uniqueEmail('weak');
  await c.fail('register', { email, password: '123456789', name: 'W', role: 'mentee' }, 'weak_password');
  // Nine characters, eighteen bytes: lengths count characters.
  await c.fail('register', { email, password: 'ééééééééé', name: 'W', role: 'mentee' }, 'weak_password');
  await c.fail('login', { email, password: '123456789' }, 'unauthorized');
  const reply = await c.ok('register', { email, password: 'éééééééééé', name: 'W', role: 'mentee' });
  checkUser(reply.user, { name: 'W', role: 'mentee' });
});

test('an email already taken is conflict and changes nothing', async () => {
  const { email, password, account } = await cluster.user(0);
  const c = await cluster.client(1);
  await c.fail(
    'register',
    { email, password: 'another password', name: 'Impostor', role: 'mentor' },
    'conflict',
  );
  await c.fail(
    'register',
    { email: PEOPLE.amina.email, password: 'another password', name: 'X', role: 'mentee' },
    'conflict',
  );
  await c.fail('login', { email, password: 'another password' }, 'unauthorized');
  const reply = await c.ok('login', { email, password });
  assert.deepEqual(reply.user, account);
});

test('facilitator cannot be self-assigned (forbidden, nothing stored)', async () => {
  const c = await cluster.client(0);
  const email = uniqueEmail('fac');
  await c.fail(
    'register',
    { email, password: 'long enough pw', name: 'F', role: 'facilitator' },
    'forbidden',
  );
  await c.fail('rooms.list', {}, 'unauthorized');
  const reply = await c.ok('register', { email, password: 'long enough pw', name: 'F', role: 'mentee' });
  checkUser(reply.user, { name: 'F', role: 'mentee' });
});

test('wrong password and unknown email are unauthorized with the same message', async () => {
  const { email } = await cluster.user(0);
  const c = await cluster.client(1);
  const wrong = await c.fail('login', { email, password: 'not the password' }, 'unauthorized');
  const unknown = await c.fail(
    'login',
    { email: uniqueEmail('nobody'), password: 'not the password' },
    'unauthorized',
  );
  assert.equal(wrong.message, unknown.message);
  await c.fail('rooms.list', {}, 'unauthorized');
});

test(`after ${MAX_FAILS} failed logins the email is rate_limited, even with the right password`, async () => {
  const { email, password } = await cluster.user(0);
  const c = await cluster.client(0);
  for (let i = 0; i < MAX_FAILS; i++)
    await c.fail('login', { email, password: `wrong-${i}-password` }, 'unauthorized');
  const limited = await c.fail('login', { email, password: 'wrong-again-password' }, 'rate_limited');
  assert.ok(Number.isInteger(limited.retry_after_ms) && limited.retry_after_ms > 0, JSON.stringify(limited));
  await c.fail('login', { email, password }, 'rate_limited');
  // Another person is not affected.
  const other = await cluster.user(0);
  await (await cluster.client(0)).ok('login', { email: other.email, password: other.password });
});

test('login failures are counted across nodes', async () => {
  const { email, password } = await cluster.user(0);
  const a = await cluster.client(0);
  const b = await cluster.client(1);
  for (let i = 0; i < MAX_FAILS; i++)
    await (i % 2 ? b : a).fail('login', { email, password: `bad-${i}-password` }, 'unauthorized');
  await b.fail('login', { email, password }, 'rate_limited');
  await a.fail('login', { email, password }, 'rate_limited');
});

test('forged, garbage and foreign tokens are unauthorized', async () => {
  const { token } = await cluster.user(0);
  const c = await cluster.client(1);
  await c.fail('auth', { token: tamper(token) }, 'unauthorized');
  await c.fail('auth', { token: 'not-a-token' }, 'unauthorized');
  await c.fail('auth', { token: token + 'x' }, 'unauthorized');
  await c.fail('auth', { token: token.slice(0, -2) }, 'unauthorized');
  await c.fail('rooms.list', {}, 'unauthorized');
  // Signed with another secret, by a node outside this service.
  const stranger = await cluster.startServer({ env: { PASSERELLE_SECRET: randomHex(32) } });
  try {
    const s = await stranger.connect();
    const reg = await s.ok('register', {
      email: uniqueEmail('stranger'),
      password: 'long enough pw',
      name: 'S',
      role: 'mentee',
    });
    await s.close();
    await c.fail('auth', { token: reg.token }, 'unauthorized');
  } finally {
    await cluster.retire(stranger);
  }
  await c.ok('auth', { token });
});

// A two-second lifetime keeps the wait short.
const SHORT_TTL_S = 2;

test('an expired token is unauthorized on every node', async () => {
  const shortLived = await cluster.startServer({ env: { PASSERELLE_TOKEN_TTL: SHORT_TTL_S } });
  try {
    const s = await shortLived.connect();
    const reg = await s.ok('register', {
      email: uniqueEmail('ttl'),
      password: 'long enough pw',
      name: 'T',
      role: 'mentee',
    });
    const issued = Date.now();
    await s.close();
    await (await cluster.client(0)).ok('auth', { token: reg.token });
    await sleep(issued + SHORT_TTL_S * 1000 + 1000 - Date.now()); // past the lifetime, whatever the rounding
    const again = await shortLived.connect();
    await again.fail('auth', { token: reg.token }, 'unauthorized');
    await again.close();
    await (await cluster.client(0)).fail('auth', { token: reg.token }, 'unauthorized');
  } finally {
    await cluster.retire(shortLived);
  }
});

test('logout revokes the token on every node; a new login works', async () => {
  const { client, token, email, password, account } = await cluster.user(0);
  const other = await cluster.tab(1, token);
  assert.deepEqual(other.user, account);
  await client.ok('logout');
  await client.fail('rooms.list', {}, 'unauthorized');
  await (await cluster.client(1)).fail('auth', { token }, 'unauthorized');
  await (await cluster.client(0)).fail('auth', { token }, 'unauthorized');
  const fresh = await cluster.client(1);
  const login = await fresh.ok('login', { email, password });
  assert.notEqual(login.token, token);
  await (await cluster.client(0)).ok('auth', { token: login.token });
});

test('profile.set stores the profile, profile.get reads it on the other node', async () => {
  const { client, token } = await cluster.user(0, { role: 'mentor' });
  const first = await client.ok('profile.get');
  assert.equal(typeof first.profile, 'object');
  const profile = validProfile();
  const set = await client.ok('profile.set', { profile });
  assert.deepEqual(pick(set.profile), profile);
  const other = await cluster.tab(1, token);
  const got = await other.client.ok('profile.get');
  assert.deepEqual(pick(got.profile), profile);
});

const pick = (p) => ({
  bio: p.bio,
  country: p.country,
  origin: p.origin,
  timezone: p.timezone,
  languages: p.languages,
  skills: p.skills,
  capacity: p.capacity,
});

test('an invalid profile is bad_request and changes nothing', async () => {
  const { client } = await cluster.user(0, { role: 'mentor' });
  const good = validProfile();
  await client.ok('profile.set', { profile: good });
  const bad = [
    { country: 'France' },
    { country: 'F' },
    { origin: 7 },
    { languages: 'fr' },
    { languages: [{ code: 'fr', level: 'Z9' }] },
    { languages: [{ code: 'french', level: 'B1' }] },
    { languages: [0] },
    { country: 'ZZ' },
    { skills: [{ name: '!!!', level: 3 }] },
    { skills: [{ name: 'x', level: 0 }] },
    { skills: [{ name: 'x', level: 6 }] },
    { skills: [{ level: 3 }] },
    { capacity: 0 },
    { capacity: 21 },
    { capacity: 2.5 },
    { capacity: '2' },
  ];
  for (const change of bad) {
    const reply = await client.req('profile.set', { profile: validProfile({ bio: 'changed', ...change }) });
    assert.equal(reply.code, 'bad_request', `${JSON.stringify(change)} -> ${JSON.stringify(reply)}`);
  }
  const reply = await client.req('profile.set', { profile: { languages: [0] } });
  assert.match(reply.message, /^languages: each is/);
  const got = await client.ok('profile.get');
  assert.deepEqual(pick(got.profile), good);
});
