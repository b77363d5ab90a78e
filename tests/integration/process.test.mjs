// The server process: refusing bad settings, flags over environment, a clean
// stop, and `passerelle --seed` (loads an empty store only; bad input changes
// nothing).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BIN,
  baseEnv,
  baseSeed,
  connect,
  freePort,
  PEOPLE,
  randomHex,
  Redis,
  runSeed,
  Server,
} from '../lib/harness.mjs';
import { makeTmpDir, removeTmpDir, runToEnd } from '../lib/processes.mjs';

let tmp;
let redis;
before(async () => {
  tmp = makeTmpDir('process');
  redis = await Redis.start(tmp);
});
after(async () => {
  await redis?.stop();
  if (tmp) removeTmpDir(tmp);
});

const env = (overrides = {}) =>
  baseEnv({ PASSERELLE_REDIS: redis.url, PASSERELLE_SECRET: randomHex(32), ...overrides });

// Runs the server with settings that must be refused; returns its exit.
async function refusedStart(settings, args = []) {
  const port = await freePort();
  const e = env({
    PASSERELLE_HTTP: `127.0.0.1:${port}`,
    PASSERELLE_ADMIN: `127.0.0.1:${await freePort()}`,
    ...settings,
  });
  return runToEnd(BIN, args, { env: e, timeout: 10000 });
}

test('the server refuses to start without a secret, or with a short one', async () => {
  const none = await refusedStart({ PASSERELLE_SECRET: null });
  assert.notEqual(none.code, 0, `started without PASSERELLE_SECRET:\n${none.output}`);
  assert.equal(none.signal, null, `killed, not refused:\n${none.output}`);
  assert.match(none.output, /SECRET/i);
  const short = await refusedStart({ PASSERELLE_SECRET: 'x'.repeat(31) });
  assert.notEqual(short.code, 0, `started with a 31-byte secret:\n${short.output}`);
  assert.equal(short.signal, null);
});

test('unknown flags and bad values exit 2 with a one-line reason', async () => {
  for (const [settings, args] of [
    [{}, ['--no-such-flag']],
    [{ PASSERELLE_HTTP: 'not-an-address' }, []],
    [{ PASSERELLE_SAY_BURST: 'lots' }, []],
    [{}, ['--history-max', '-5']],
    [{ PASSERELLE_IDLE_PING: '30', PASSERELLE_IDLE_DROP: '30' }, []],
    [{ PASSERELLE_CONTACT_FILTER: 'adults' }, []],
    [{ PASSERELLE_RETENTION_DAYS: '0' }, []],
    [{}, ['--retention-check', '0']],
  ]) {
    const res = await refusedStart(settings, args);
    assert.equal(res.code, 2, `${JSON.stringify(settings)} ${args.join(' ')} -> ${res.code}:\n${res.output}`);
    assert.equal(res.output.trim().split('\n').length, 1, `not one line:\n${res.output}`);
  }
});

test('a flag overrides the environment variable of the same name', async () => {
  const envPort = await freePort();
  const flagPort = await freePort();
  const s = await Server.start({
    name: 'flags',
    env: env({ PASSERELLE_HTTP: `127.0.0.1:${envPort}` }),
    args: ['--http', `127.0.0.1:${flagPort}`],
    port: flagPort,
    tmp,
  });
  try {
    const c = await connect(s.wsUrl);
    assert.equal((await c.req('ping')).type, 'pong');
    await c.close();
    await assert.rejects(fetch(`http://127.0.0.1:${envPort}/healthz`, { signal: AbortSignal.timeout(2000) }));
  } finally {
    await s.stop();
  }
});

test('SIGTERM stops the server cleanly and closes its sockets', async () => {
  const s = await Server.start({ name: 'term', env: env(), tmp });
  const c = await s.connect();
  assert.equal((await c.req('ping')).type, 'pong');
  const { code, signal } = await s.stop();
  assert.equal(signal, null, `killed by ${signal}`);
  assert.equal(code, 0);
  const closed = await c.waitClosed();
  assert.ok(closed.code === 1001 || closed.code === 1006, `close code ${closed.code}`);
});

// --seed against its own empty Redis.
async function freshStore() {
  const dir = makeTmpDir('seed');
  return { dir, redis: await Redis.start(dir) };
}

test('--seed rejects bad input with exit 1 and stores nothing', async () => {
  const { dir, redis: store } = await freshStore();
  try {
    const good = baseSeed();
    const badRoom = baseSeed();
    badRoom.rooms.push({ id: 'Not A Valid Id', title: 'x', topic: '' });
    const weak = baseSeed();
    weak.people[0].password = 'short';
    const badTime = baseSeed();
    badTime.rooms[0].starts_at = 'yesterday';
    const unborn = baseSeed();
    unborn.people[0].birth_year = new Date().getUTCFullYear() + 1;
    const badCohort = baseSeed();
    badCohort.people[0].cohort = ' no: colons ';
    const cohortOnMentorship = baseSeed();
    cohortOnMentorship.rooms.push({ id: 'pair', title: 'Pair', kind: 'mentorship', cohort: 'C1' });
    for (const [what, fixture] of [
      ['not JSON', '{"rooms": ['],
      ['a bad room id', badRoom],
      ['a weak password', weak],
      ['a bad time', badTime],
      ['a year of birth in the future', unborn],
      ['a cohort that is not a tag', badCohort],
      ['a cohort on a mentorship room', cohortOnMentorship],
    ]) {
      const res = await runSeed(store, fixture, { tmp: dir });
      assert.equal(res.code, 1, `${what}: exit ${res.code}\n${res.output}`);
      assert.ok(res.output.trim().length > 0, `${what}: no reason given`);
      assert.equal(await store.command('DBSIZE'), 0, `${what}: something was stored`);
    }
    good.rooms[0].cohort = 'Dakar 2026';
    good.people[0].cohort = 'Dakar 2026';
    const res = await runSeed(store, good, { tmp: dir });
    assert.equal(res.code, 0, res.output);
    assert.equal(res.output.trim().split('\n').length, 1, `not one line:\n${res.output}`);
    assert.equal(await store.command('HGET', `room:{${good.rooms[0].id}}`, 'cohort'), 'Dakar 2026');
    const uid = await store.command('GET', `email:${good.people[0].email}`);
    assert.equal(await store.command('HGET', `user:${uid}`, 'cohort'), 'Dakar 2026');
    assert.equal(await store.command('HGET', `room:{${good.rooms[1].id}}`, 'cohort'), null);
  } finally {
    await store.stop();
    removeTmpDir(dir);
  }
});

test('--seed loads only an empty store', async () => {
  const { dir, redis: store } = await freshStore();
  try {
    const first = await runSeed(store, baseSeed(['first-load']), { tmp: dir });
    assert.equal(first.code, 0, first.output);
    const second = await runSeed(store, baseSeed(['second-load']), { tmp: dir });
    assert.equal(second.code, 0, second.output);
    const s = await Server.start({ name: 'seeded', env: env({ PASSERELLE_REDIS: store.url }), tmp: dir });
    try {
      const c = await s.connect();
      const login = await c.ok('login', { email: PEOPLE.chloe.email, password: PEOPLE.chloe.password });
      assert.equal(login.user.name, PEOPLE.chloe.name);
      const ids = (await c.ok('rooms.list')).rooms.map((r) => r.id);
      assert.ok(ids.includes('first-load'));
      assert.equal(ids.includes('second-load'), false, 'a second seed was loaded into a non-empty store');
      await c.close();
    } finally {
      await s.stop();
    }
  } finally {
    await store.stop();
    removeTmpDir(dir);
  }
});
