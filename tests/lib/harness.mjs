// Black-box harness: a real redis-server and real build/passerelle processes
// on random ports, seeded through `passerelle --seed`. A Cluster owns its
// Redis, its servers, its temporary folder and the clients made through it;
// stop() releases all of them. useCluster() ties one cluster to a test file
// and prints the servers' output for every failing test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { connect, TEST_ORIGIN } from './client.mjs';
import { baseSeed } from './fixture.mjs';
import {
  freePort,
  makeTmpDir,
  OutputBuffer,
  randomHex,
  removeTmpDir,
  ROOT,
  runToEnd,
  spawnTracked,
  waitFor,
} from './processes.mjs';
import { Redis } from './redis.mjs';

export * from './client.mjs';
export * from './fixture.mjs';
export { freePort, randomHex, ROOT, sleep, waitFor } from './processes.mjs';
export { Redis, redisCommand } from './redis.mjs';

export const BIN = process.env.PASSERELLE_BIN || path.join(ROOT, 'build', 'passerelle');
const START_MS = 20000; // a server not ready by then is broken
const DUMP_BYTES = 64 * 1024; // output printed per process for a failing test

// Settings every test server gets unless a test overrides them (null removes).
export function baseEnv(overrides = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PASSERELLE_')) env[k] = v;
  Object.assign(env, { PASSERELLE_PBKDF2_ITERATIONS: '1000', PASSERELLE_ORIGINS: TEST_ORIGIN });
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null || v === undefined) delete env[k];
    else env[k] = String(v);
  }
  return env;
}

// Status and body of an HTTP GET; never throws on a 4xx/5xx answer.
export async function httpGet(url, { timeout = 5000 } = {}) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function answers(url) {
  try {
    return (await httpGet(url, { timeout: 1000 })).status;
  } catch {
    return 0;
  }
}

// A folder of static files with known contents, served as PASSERELLE_WEB.
export function makeWebDir(parent) {
  const dir = path.join(parent, 'web');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><title>Passerelle test page</title>' +
      '<script type="module" src="/app.js"></script><link rel="stylesheet" href="/style.css"></head>' +
      '<body><main id="passerelle-test-marker"></main></body></html>\n',
  );
  fs.writeFileSync(path.join(dir, 'app.js'), 'export const marker = "passerelle-test-script";\n');
  fs.writeFileSync(path.join(dir, 'style.css'), 'main { color: #222; }\n');
  // The console (served by the admin listener) and the core both clients share.
  fs.mkdirSync(path.join(dir, 'admin'));
  fs.writeFileSync(path.join(dir, 'admin', 'index.html'), '<!doctype html><title>console</title>\n');
  fs.mkdirSync(path.join(dir, 'core'));
  fs.writeFileSync(path.join(dir, 'core', 'shared.js'), 'export const marker = "passerelle-test-core";\n');
  return dir;
}

// One build/passerelle process.
export class Server {
  constructor({ name, env, tmp }) {
    this.name = name;
    this.env = env;
    this.tmp = tmp;
    this.output = new OutputBuffer();
    this.proc = null;
    this.stopped = false; // set when the harness ends it on purpose
    this.reported = false; // set once an unexpected exit failed a test
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  // env: full settings; waitReady false waits for /healthz only (no Redis);
  // port: where to wait for it (when args or env choose the address).
  static async start({ name, env, tmp, args = [], waitReady = true, port }) {
    const server = new Server({ name, env, tmp });
    server.port = port ?? (await freePort());
    server.adminPort = await freePort();
    server.env = {
      PASSERELLE_HTTP: `127.0.0.1:${server.port}`,
      PASSERELLE_ADMIN: `127.0.0.1:${server.adminPort}`,
      PASSERELLE_NODE: name,
      ...env,
    };
    server.args = args;
    await server.launch(waitReady);
    return server;
  }

  async launch(waitReady) {
    this.output.note(`--- ${this.name}: starting on port ${this.port}`);
    this.proc = spawnTracked(BIN, this.args, { env: this.env, output: this.output, name: this.name });
    const proc = this.proc;
    const path_ = waitReady ? '/readyz' : '/healthz';
    await waitFor(
      `${this.name} ${path_}`,
      async () => {
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`${this.name} exited before serving:\n${this.output.tail()}`);
        return (await answers(this.url + path_)) === 200;
      },
      { timeout: START_MS },
    ).catch((err) => {
      throw new Error(`${err.message}\n--- ${this.name} output:\n${this.output.tail()}`);
    });
  }

  get alive() {
    return this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid() {
    return this.proc.pid;
  }

  // A clean stop; resolves {code, signal}.
  stop() {
    this.stopped = true;
    return this.proc.killAndWait('SIGTERM');
  }

  kill9() {
    this.stopped = true;
    return this.proc.killAndWait('SIGKILL');
  }

  get(p) {
    return httpGet(this.url + p);
  }

  connect(options) {
    return connect(this.wsUrl, options);
  }
}

// Runs `passerelle --seed` with fixture (an object) against redis.
export async function runSeed(redis, fixture, { tmp, env = {} } = {}) {
  const file = path.join(tmp, `seed-${randomHex(4)}.json`);
  fs.writeFileSync(file, typeof fixture === 'string' ? fixture : JSON.stringify(fixture, null, 2));
  return runToEnd(BIN, ['--seed', file], {
    env: baseEnv({ PASSERELLE_REDIS: redis.url, PASSERELLE_SECRET: randomHex(24), ...env }),
  });
}

let userCounter = 0;

export function uniqueEmail(tag = 'user') {
  userCounter += 1;
  return `${tag}-${userCounter}-${randomHex(3)}@example.org`;
}

// Redis, the servers on it, and the clients opened through it.
export class Cluster {
  constructor(tmp) {
    this.tmp = tmp;
    this.nodes = [];
    this.clients = new Set();
    this.secret = randomHex(32);
    this.marks = new Map();
  }

  // servers: how many nodes; env: settings for all of them; seed: the fixture
  // (false for an empty store); rooms: extra open rooms added to baseSeed.
  static async start({ servers = 2, env = {}, seed, rooms = [] } = {}) {
    const cluster = new Cluster(makeTmpDir('cluster'));
    try {
      cluster.web = makeWebDir(cluster.tmp);
      cluster.env = env;
      cluster.redis = await Redis.start(cluster.tmp);
      if (seed !== false) {
        const res = await runSeed(cluster.redis, seed ?? baseSeed(rooms), {
          tmp: cluster.tmp,
          env: { PASSERELLE_SECRET: cluster.secret },
        });
        assert.equal(res.code, 0, `passerelle --seed failed:\n${res.output}`);
      }
      for (let i = 0; i < servers; i++) await cluster.startServer();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  // The environment a node of this cluster starts with, plus overrides.
  serverEnv(overrides = {}) {
    return baseEnv({
      PASSERELLE_REDIS: this.redis.url,
      PASSERELLE_SECRET: this.secret,
      PASSERELLE_WEB: this.web,
      ...this.env,
      ...overrides,
    });
  }

  // Starts one more node; env overrides the cluster settings for it alone.
  async startServer({ env = {}, args = [], waitReady = true } = {}) {
    // Never reuse a name: a node that starts clears the presence kept under its name.
    this.started = (this.started || 0) + 1;
    const name = `n${this.started}`;
    const server = await Server.start({ name, env: this.serverEnv(env), tmp: this.tmp, args, waitReady });
    this.nodes.push(server);
    return server;
  }

  // Stops a node and forgets it.
  async retire(server) {
    const result = server.alive ? await server.stop() : await server.proc.exited;
    this.nodes = this.nodes.filter((n) => n !== server);
    return result;
  }

  node(i) {
    const server = typeof i === 'number' ? this.nodes[i] : i;
    assert.ok(server, `no node ${i}`);
    return server;
  }

  // A socket to node i, closed after the current test.
  async client(i = 0, options = {}) {
    const c = await this.node(i).connect(options);
    this.clients.add(c);
    c.closed.then(() => this.clients.delete(c));
    return c;
  }

  // Registers a new person through node i; returns {client, user, account, token, email,
  // password}: user is the person as others see them ({id, name, role, country}; an adult,
  // without a year of birth: by the full name), account the user
  // object of the register answer (with state and consents).
  async user(i = 0, { role = 'mentee', name, tag = 'user' } = {}) {
    const client = await this.client(i);
    const email = uniqueEmail(tag);
    const password = `pw-${randomHex(8)}`;
    const reply = await client.ok('register', { email, password, name: name ?? `Person ${tag}`, role });
    assert.equal(typeof reply.token, 'string', `register reply without token: ${JSON.stringify(reply)}`);
    const { id, role: r, country } = reply.user;
    return {
      client,
      user: { id, name: reply.user.name, role: r, country },
      account: reply.user,
      token: reply.token,
      email,
      password,
    };
  }

  // A new person on node i who joined room.
  async member(i, room, options) {
    const p = await this.user(i, options);
    await p.client.ok('join', { room });
    return p;
  }

  // Another socket of the same person (by token) on node i.
  async tab(i, token) {
    const client = await this.client(i);
    const reply = await client.ok('auth', { token });
    return { client, user: reply.user, token };
  }

  async closeClients() {
    await Promise.all([...this.clients].map((c) => c.close(1000)));
    this.clients.clear();
  }

  processes() {
    return [['redis', this.redis?.output], ...this.nodes.map((n) => [n.name, n.output])].filter(([, o]) => o);
  }

  markAll() {
    for (const [name, out] of this.processes()) this.marks.set(name, out.mark());
  }

  // Output of every process since markAll(), for a failing test.
  report(title) {
    const parts = [];
    for (const [name, out] of this.processes()) {
      const text = out.since(this.marks.get(name) ?? 0);
      if (!text) continue;
      const cut = text.length > DUMP_BYTES ? `[...]\n${text.slice(-DUMP_BYTES)}` : text;
      parts.push(`----- ${name} output during "${title}" -----\n${cut}`);
    }
    return parts.join('\n');
  }

  async stop() {
    await this.closeClients();
    await Promise.all(this.nodes.filter((n) => n.alive).map((n) => n.stop()));
    if (this.redis) await this.redis.stop();
    removeTmpDir(this.tmp);
  }
}

// Starts a cluster before the file's tests and stops it after them. Returns
// a stand-in that forwards to the cluster once it runs. Clients made through
// it are closed after each test; a failing test prints the processes' output.
export function useCluster(options = {}) {
  let cluster = null;
  before(async () => {
    cluster = await Cluster.start(options);
  });
  after(async () => {
    if (cluster) await cluster.stop();
  });
  beforeEach(() => cluster?.markAll());
  afterEach(async (t) => {
    if (!cluster) return;
    // A node that died by itself fails the test that was running.
    const dead = cluster.nodes.filter((n) => !n.alive && !n.stopped && !n.reported);
    for (const n of dead) n.reported = true;
    if (t.passed !== true || dead.length > 0) {
      const text = cluster.report(t.name);
      if (text) console.error(text);
    }
    await cluster.closeClients();
    assert.deepEqual(
      dead.map((n) => n.name),
      [],
      `server process died during "${t.name}"`,
    );
  });
  return new Proxy(
    {},
    {
      get(_, prop) {
        if (!cluster) throw new Error('the cluster is not running (its start failed?)');
        const value = cluster[prop];
        return typeof value === 'function' ? value.bind(cluster) : value;
      },
    },
  );
}

// Event predicates for Client.next() and Client.none().
export const isPresence = (room, user, state) => (m) =>
  m.type === 'presence' && m.room === room && m.user?.id === user.id && m.state === state;
export const isTyping = (room, user) => (m) =>
  m.type === 'typing' && m.room === room && m.user?.id === user.id;
// A message event of room; of one message when id is given.
export const isMessage = (room, id) => (m) =>
  m.type === 'message' && m.room === room && (id === undefined || m.message?.id === id);

// Message ids of a list of messages.
export const ids = (messages) => messages.map((m) => m.id);

// Says n messages one after the other; resolves with the stored messages.
export async function sayMany(client, room, n, prefix = 'message') {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push((await client.ok('say', { room, text: `${prefix} ${i + 1}` })).message);
  return out;
}
