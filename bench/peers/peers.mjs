// Starts and stops the servers the fan-out benchmark compares: Passerelle
// (nodes on one Redis), the Socket.IO peer (processes on one Redis) and
// libwebsockets' mirror test server. Each start resolves
//   {name, urls, pids, redisPid, stop()}
// urls are ws://127.0.0.1:PORT (the load generator adds its protocol's path);
// stop() kills what it started by PID and removes its temporary folder.
// Every process is started through tests/lib/processes.mjs, which also kills
// them all, by PID, when this process exits or is interrupted.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  makeTmpDir,
  OutputBuffer,
  removeTmpDir,
  spawnTracked,
  waitFor,
} from '../../tests/lib/processes.mjs';
import { Redis } from '../../tests/lib/redis.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SOCKETIO_DIR = path.join(ROOT, 'bench', 'peers', 'socketio');
export const MIRROR_BIN = '/usr/bin/libwebsockets-test-server';
export const PASSERELLE_BIN = process.env.BENCH_PASSERELLE_BIN || path.join(ROOT, 'build', 'passerelle');
const START_MS = 20000;

// Names the load generator signs in and joins with (its defaults).
export const NAMES = { prefix: 'load-', password: 'bench-password', roomPrefix: 'bench-' };

// Settings that keep Passerelle's own limits out of the measurement.
const PASSERELLE_ENV = {
  PASSERELLE_PBKDF2_ITERATIONS: 1000, // the lowest the server takes: sign-ins cost little
  PASSERELLE_SAY_BURST: 10000, // the highest the server takes
  PASSERELLE_SAY_RATE: 10000, // the highest the server takes
  PASSERELLE_MAX_CONN_PER_IP: 100000, // every client comes from 127.0.0.1
};

// The durability settings of deploy/redis.conf (the test Redis syncs every write and keeps
// Redis's own rewrite threshold), so the bench measures the store as deployed.
const DEPLOY_REDIS_CONF = path.join(ROOT, 'deploy', 'redis.conf');
const DURABILITY = [
  'appendfsync',
  'no-appendfsync-on-rewrite',
  'auto-aof-rewrite-percentage',
  'auto-aof-rewrite-min-size',
];

function deployDurability(conf = fs.readFileSync(DEPLOY_REDIS_CONF, 'utf8')) {
  const settings = [];
  for (const line of conf.split('\n')) {
    const [name, value, ...rest] = line.trim().split(/\s+/);
    if (DURABILITY.includes(name) && value && !rest.length) settings.push(name, value);
  }
  if (settings.length !== 2 * DURABILITY.length)
    throw new Error(`${DEPLOY_REDIS_CONF}: expected one line for each of ${DURABILITY.join(', ')}`);
  return settings;
}

const asDeployed = (redis) => redis.command('CONFIG', 'SET', ...deployDurability());

// Rooms 0..rooms-1 and accounts 0..people-1, named as the generator expects.
export function loadSeed({ rooms, people, names = NAMES }) {
  const seed = { rooms: [], people: [] };
  for (let r = 0; r < rooms; r++) {
    const id = `${names.roomPrefix}${r}`;
    seed.rooms.push({ id, title: `Bench ${r}`, topic: '', starts_at: 'now-1h', ends_at: 'now+3h' });
  }
  for (let i = 0; i < people; i++) {
    const email = `${names.prefix}${i}@bench.invalid`;
    seed.people.push({ email, name: `Load ${i}`, password: names.password, role: 'mentee' });
  }
  return seed;
}

// nodes build/passerelle processes on one Redis, seeded with rooms and people.
export async function startPasserelle({ nodes = 2, rooms, people, env = {}, names = NAMES }) {
  if (!fs.existsSync(PASSERELLE_BIN)) throw new Error(`no ${PASSERELLE_BIN} (run: make build/passerelle)`);
  // The harness reads the binary when it loads: the optimised build, never the sanitizer one.
  process.env.PASSERELLE_BIN = PASSERELLE_BIN;
  const { Cluster } = await import('../../tests/lib/harness.mjs');
  const seed = loadSeed({ rooms, people, names });
  const cluster = await Cluster.start({ servers: nodes, seed, env: { ...PASSERELLE_ENV, ...env } });
  try {
    await asDeployed(cluster.redis);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return {
    name: 'passerelle',
    urls: cluster.nodes.map((n) => `ws://127.0.0.1:${n.port}`),
    pids: cluster.nodes.map((n) => n.pid),
    redisPid: cluster.redis.proc.pid,
    output: () => cluster.processes().map(([name, out]) => `--- ${name}\n${out.tail(2000)}`),
    stop: () => cluster.stop(),
  };
}

// One tracked process; resolves once ready(output so far) is true.
async function startProcess(cmd, args, { name, env = process.env, ready }) {
  const output = new OutputBuffer();
  const proc = spawnTracked(cmd, args, { env, output, name });
  try {
    await waitFor(
      name,
      async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${name} exited`);
        return ready(output);
      },
      { timeout: START_MS },
    );
  } catch (err) {
    await proc.killAndWait('SIGKILL');
    throw new Error(`${err.message}\n--- ${name} output:\n${output.tail(4000)}`, { cause: err });
  }
  return { proc, output };
}

// Stops processes (SIGTERM, then SIGKILL after a grace) and removes tmp.
async function stopAll(procs, tmp) {
  await Promise.all(procs.map((p) => p.killAndWait('SIGTERM', 3000)));
  if (tmp) removeTmpDir(tmp);
}

// The Socket.IO peer: a private Redis and `processes` node server.js on it.
export async function startSocketio({ processes = 2 } = {}) {
  if (!fs.existsSync(path.join(SOCKETIO_DIR, 'node_modules', 'socket.io', 'package.json')))
    throw new Error('the Socket.IO peer is not installed (run: make deps-bench)');
  const tmp = makeTmpDir('peer-socketio');
  const started = [];
  let redis = null;
  try {
    redis = await Redis.start(tmp);
    await asDeployed(redis);
    const ports = [];
    for (let i = 0; i < processes; i++) {
      const port = await freePort();
      const env = { ...process.env, PORT: String(port), REDIS_URL: `redis://127.0.0.1:${redis.port}` };
      const ready = (out) => out.tail(4096).includes(`ready ${port}\n`);
      const script = path.join(SOCKETIO_DIR, 'server.js');
      started.push(await startProcess(process.execPath, [script], { name: `socketio-${i}`, env, ready }));
      ports.push(port);
    }
    const procs = [...started.map((s) => s.proc), redis.proc];
    return {
      name: 'socketio',
      urls: ports.map((p) => `ws://127.0.0.1:${p}`),
      pids: started.map((s) => s.proc.pid),
      redisPid: redis.proc.pid,
      output: () => started.map((s, i) => `--- socketio-${i}\n${s.output.tail(2000)}`),
      stop: () => stopAll(procs, tmp),
    };
  } catch (err) {
    await stopAll([...started.map((s) => s.proc), ...(redis ? [redis.proc] : [])], tmp);
    throw err;
  }
}

function tcpAnswers(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.on('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.on('error', () => resolve(false));
  });
}

// libwebsockets-test-server, plain ws on loopback. -d 3: errors and warnings
// only (no line per connection); -n: no dumb-increment sends, whose timer
// would otherwise write to every connection of that protocol.
export async function startMirror() {
  if (!fs.existsSync(MIRROR_BIN)) throw new Error(`no ${MIRROR_BIN} (run: make deps-bench)`);
  const port = await freePort();
  const args = ['--port', String(port), '--interface', 'lo', '-d', '3', '-n'];
  let up = false;
  const ready = async () => up || (up = await tcpAnswers(port));
  const { proc, output } = await startProcess(MIRROR_BIN, args, { name: 'mirror', ready });
  return {
    name: 'mirror',
    urls: [`ws://127.0.0.1:${port}`],
    pids: [proc.pid],
    redisPid: null,
    output: () => [`--- mirror\n${output.tail(2000)}`],
    stop: () => stopAll([proc], null),
  };
}

// The name the benchmark's notes use for it.
export const startPassarelle = startPasserelle;

export const START = { passerelle: startPasserelle, socketio: startSocketio, mirror: startMirror };
