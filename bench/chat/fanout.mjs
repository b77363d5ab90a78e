// Chat fan-out benchmark: real redis-server and build/passerelle processes on
// random loopback ports (through tests/lib/harness.mjs), WebSocket clients
// made with `ws`, one room. Prints one table:
//   fan-out    one sender says M messages as fast as the server takes them;
//              every client of the room (the sender's own included) receives
//              each one. Latency = receive time - the message's ts.
//   idle       N clients connected, signed in and joined; memory only.
// RSS is VmRSS of the server processes (summed over nodes), read before the
// first client connects and once every client has joined.
// Never a test: nothing here asserts a time. Every process it starts is
// stopped by PID when it ends, fails or is interrupted.
//
// usage: node bench/chat/fanout.mjs [--bin PATH] [--only NAME[,NAME]]
//   --bin   server binary (default build/passerelle, the optimized build)
//   --only  run some scenarios: 200, 1000, 2nodes, idle
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableHead, tableLine, within } from '../lib/util.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------- settings
const ROOM = 'bench';
const MESSAGES = 500;
const SCENARIOS = [
  { key: '200', name: 'fan-out, 1 node', nodes: 1, clients: 200, messages: MESSAGES },
  { key: '1000', name: 'fan-out, 1 node', nodes: 1, clients: 1000, messages: MESSAGES },
  { key: '2nodes', name: 'fan-out, 2 nodes', nodes: 2, clients: 500, messages: MESSAGES },
  { key: 'idle', name: 'idle, 1 node', nodes: 1, clients: 2000, messages: 0 },
];
const SERVER_ENV = {
  PASSERELLE_PBKDF2_ITERATIONS: 1000, // the lowest the server takes: sign-ups cost little
  PASSERELLE_SAY_BURST: 10000, // the highest the server takes (1..10000)
  PASSERELLE_SAY_RATE: 10000, // the highest the server takes
  PASSERELLE_MAX_CONN_PER_IP: 100000, // every client comes from 127.0.0.1
};
const SETUP_BATCH = 100; // clients connecting, registering and joining at once
const SAY_WINDOW = 32; // says in flight on the sender's connection (the server pauses reading past 256)
const REQUEST_MS = 30000; // one request, under load
const CONNECT_MS = 15000; // one WebSocket handshake, under load
const DELIVERY_MS = 60000; // after the last say was answered, for the last delivery
const SETTLE_MS = 500; // pause before reading RSS
const TOTAL_MS = 170000; // the whole run; later scenarios are skipped past it
const MIN_LEFT_MS = 20000; // a scenario is not started with less time than this left
const HARD_MS = 180000; // past this the run stops at once (processes killed by PID)
const PASSWORD = 'bench-password-1';

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const out = { bin: path.join(ROOT, 'build', 'passerelle'), only: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--bin') out.bin = path.resolve(value());
    else if (flag === '--only') out.only = value().split(',');
    else throw new Error(`unknown argument ${argv[i]} (usage: fanout.mjs [--bin PATH] [--only 200,...])`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
if (!fs.existsSync(args.bin)) {
  console.error(`chat bench: no server binary at ${args.bin} (run: make build/passerelle)`);
  process.exit(1);
}
// The harness reads the binary's path when it loads.
process.env.PASSERELLE_BIN = args.bin;
const { Cluster, sleep } = await import('../../tests/lib/harness.mjs');

const started = Date.now();
const timeLeft = () => TOTAL_MS - (Date.now() - started);
const now = () => performance.timeOrigin + performance.now(); // wall clock, sub-millisecond

// ---------------------------------------------------------------- helpers
function rssKiB(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

// CPU seconds (user + system) a process used so far; clock ticks of 10 ms.
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

// CPU seconds so far of the servers, Redis and this client.
function cpuNow(cluster) {
  const own = process.cpuUsage();
  return {
    server: cluster.nodes.reduce((sum, n) => sum + cpuSeconds(n.pid), 0),
    redis: cpuSeconds(cluster.redis.proc.pid),
    client: (own.user + own.system) / 1e6,
  };
}

const sumRss = (cluster) => cluster.nodes.reduce((sum, n) => sum + rssKiB(n.pid), 0);

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

// What the fan-out counts. Message events are read straight from the frame
// bytes (no JSON parse), so that the client spends as little of the shared
// CPU as it can; replies go to the harness client as usual; other events
// (presence) are dropped unread.
const MESSAGE_EVENT = Buffer.from('"type":"message"');
const TS_FIELD = Buffer.from('"ts":');
const REPLY_FIELD = Buffer.from('"re":');

class Sink {
  constructor(capacity) {
    this.latency = new Float64Array(capacity);
    this.count = 0; // message events received, all clients
    this.lastAt = 0;
    this.badTs = 0;
    this.expected = Infinity;
    this.onDone = null;
  }

  record(data) {
    const at = now();
    let i = data.indexOf(TS_FIELD);
    let ts = 0;
    if (i >= 0) {
      for (i += TS_FIELD.length; i < data.length && data[i] >= 48 && data[i] <= 57; i++)
        ts = ts * 10 + (data[i] - 48);
    }
    if (ts === 0) this.badTs++;
    else if (this.count < this.latency.length) this.latency[this.count] = at - ts;
    this.count++;
    this.lastAt = at;
    if (this.count >= this.expected && this.onDone) {
      const done = this.onDone;
      this.onDone = null;
      done();
    }
  }
}

// Routes a harness client's frames: message events to the sink, replies to
// the client, the rest nowhere.
function instrument(client, sink, state) {
  const plain = client.receive.bind(client);
  client.received = 0;
  client.receive = (data, isBinary) => {
    if (!isBinary && Buffer.isBuffer(data) && data.indexOf(MESSAGE_EVENT) >= 0) {
      client.received++;
      sink.record(data);
    } else if (isBinary || !Buffer.isBuffer(data) || data.indexOf(REPLY_FIELD) >= 0) {
      plain(data, isBinary);
    }
  };
  client.closed.then((info) => {
    if (!state.stopping) state.dropped.push(info?.code);
  });
}

// Opens n clients spread over the nodes, each a new person who joins the room.
async function openClients(cluster, scenario, sink, state) {
  const clients = new Array(scenario.clients);
  for (let from = 0; from < scenario.clients; from += SETUP_BATCH) {
    if (timeLeft() < 0) throw new Error(`setup: time budget spent after ${from} clients`);
    const batch = [];
    for (let k = from; k < Math.min(scenario.clients, from + SETUP_BATCH); k++) {
      batch.push(
        (async () => {
          const c = await cluster.client(k % scenario.nodes, { timeout: CONNECT_MS });
          instrument(c, sink, state);
          const tag = `${scenario.key}-${k}`;
          await c.ok(
            'register',
            { email: `bench-${tag}@example.org`, password: PASSWORD, name: `Bench ${tag}`, role: 'mentee' },
            { timeout: REQUEST_MS },
          );
          await c.ok('join', { room: ROOM }, { timeout: REQUEST_MS });
          clients[k] = c;
        })(),
      );
    }
    await Promise.all(batch);
  }
  return clients;
}

// Says `count` messages on the sender's connection, SAY_WINDOW at a time;
// a rate_limited answer is retried after its retry_after_ms.
async function sayAll(sender, count) {
  let next = 0;
  let failed = 0;
  const deadline = Date.now() + REQUEST_MS * 4;
  async function lane() {
    while (next < count) {
      const i = next++;
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > deadline) throw new Error('say: time budget spent');
        const say = { room: ROOM, text: `bench ${i + 1}` };
        const reply = await sender.req('say', say, { timeout: REQUEST_MS });
        if (reply.type === 'ok') break;
        if (reply.code === 'rate_limited' && attempt < 100) {
          await sleep(Math.min(1000, reply.retry_after_ms ?? 10));
          continue;
        }
        failed++;
        if (failed > 10) throw new Error(`say refused: ${JSON.stringify(reply)}`);
        break;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(SAY_WINDOW, count) }, lane));
  return count - failed;
}

// One message burst from the first client: deliveries, rate, latency and
// CPU, written into row.
async function measureFanout(cluster, clients, scenario, sink, row) {
  const expected = scenario.clients * scenario.messages;
  sink.expected = expected;
  const allIn = new Promise((resolve) => {
    sink.onDone = resolve;
  });
  const cpu0 = cpuNow(cluster);
  const t0 = now();
  const said = await sayAll(clients[0], scenario.messages);
  const saidMs = now() - t0;
  sink.expected = scenario.clients * said;
  if (sink.count >= sink.expected && sink.onDone) sink.onDone();
  try {
    await within(DELIVERY_MS, 'deliveries', allIn);
  } catch {
    row.notes.push(`only ${sink.count} of ${sink.expected} deliveries within ${DELIVERY_MS / 1000} s`);
  }
  const cpu1 = cpuNow(cluster);
  const spent = (k) => (cpu1[k] - cpu0[k]).toFixed(2);
  const wall = sink.count > 0 ? (sink.lastAt - t0) / 1000 : NaN;
  const perDelivery = ((cpu1.server - cpu0.server) * 1e6) / sink.count;
  row.notes.push(
    `CPU s during the fan-out: server ${spent('server')} (${fixed(perDelivery, 1)} us per delivery), ` +
      `redis ${spent('redis')}, client ${spent('client')}; wall ${fixed(wall, 2)} s`,
  );
  row.messages = said;
  row.deliveries = sink.count;
  row.rate = sink.count / wall;
  const lat = sink.latency.slice(0, Math.min(sink.count, sink.latency.length)).sort();
  row.p50 = percentile(lat, 0.5);
  row.p99 = percentile(lat, 0.99);
  row.notes.push(
    `sender: ${said} says answered in ${fixed(saidMs / 1000, 2)} s` +
      ` (${Math.round(said / (saidMs / 1000))}/s)`,
  );
  const short = clients.filter((c) => c.received < said).length;
  if (short) row.notes.push(`${short} clients missed messages`);
  const extra = clients.filter((c) => c.received > said).length;
  if (extra) row.notes.push(`${extra} clients received a message twice`);
  if (sink.badTs) row.notes.push(`${sink.badTs} message events without a ts`);
}

async function runScenario(scenario) {
  const state = { stopping: false, dropped: [] };
  const sink = new Sink(scenario.clients * scenario.messages);
  const row = { scenario, notes: [] };
  const seed = {
    rooms: [{ id: ROOM, title: 'Bench room', topic: '', starts_at: 'now-1h', ends_at: 'now+3h' }],
    people: [],
  };
  let cluster = null;
  try {
    cluster = await Cluster.start({ servers: scenario.nodes, seed, env: SERVER_ENV });
    // As deploy/redis.conf: the harness syncs every write, production once a second.
    await cluster.redis.command('CONFIG', 'SET', 'appendfsync', 'everysec');
    await sleep(SETTLE_MS);
    row.rssBefore = sumRss(cluster);

    const t = Date.now();
    const clients = await openClients(cluster, scenario, sink, state);
    row.setupMs = Date.now() - t;
    await sleep(SETTLE_MS);
    row.rssAfter = sumRss(cluster);
    if (scenario.nodes > 1) {
      const each = cluster.nodes.map((n) => (rssKiB(n.pid) / 1024).toFixed(1));
      row.notes.push(`RSS per node after: ${each.join(' + ')} MiB`);
    }

    if (scenario.messages > 0) await measureFanout(cluster, clients, scenario, sink, row);
    row.notes.unshift(`setup ${(row.setupMs / 1000).toFixed(1)} s (connect, register, join)`);
    if (state.dropped.length) {
      const codes = [...new Set(state.dropped)].join(', ');
      row.notes.push(`${state.dropped.length} connections closed by the server (codes ${codes})`);
    }
  } catch (err) {
    row.error = err.message.split('\n')[0];
    const tail = cluster
      ? cluster
          .processes()
          .map(([name, out]) => `--- ${name}\n${out.tail(2000)}`)
          .join('\n')
      : '';
    console.error(`chat bench: ${scenario.name}, ${scenario.clients} clients: ${err.message}\n${tail}`);
  } finally {
    state.stopping = true;
    if (cluster) {
      for (const c of cluster.clients) c.terminate(); // no close handshakes to wait for
      await cluster.stop();
    }
  }
  return row;
}

// ---------------------------------------------------------------- output
const COLS = [
  ['scenario', 18, 'l'],
  ['clients', 7],
  ['messages', 8],
  ['deliveries', 10],
  ['deliveries/s', 12],
  ['p50 ms', 7],
  ['p99 ms', 7],
  ['RSS before', 10],
  ['RSS after', 10],
  ['KiB/conn', 8],
];

const line = (cells) => tableLine(COLS, cells);

const fixed = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const mib = (kib) => (Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : '-');

function printRow(row) {
  const s = row.scenario;
  if (row.error) {
    console.log(line([s.name, s.clients, s.messages || '-', 'failed', '', '', '', '', '', '']));
    console.log(`  ${row.error}`);
    return;
  }
  const perConn = (row.rssAfter - row.rssBefore) / s.clients;
  const fan = s.messages > 0;
  console.log(
    line([
      s.name,
      s.clients,
      fan ? row.messages : '-',
      fan ? row.deliveries : '-',
      fan ? Math.round(row.rate) : '-',
      fan ? fixed(row.p50, 1) : '-',
      fan ? fixed(row.p99, 1) : '-',
      mib(row.rssBefore),
      mib(row.rssAfter),
      fixed(perConn, 1),
    ]),
  );
  for (const n of row.notes) console.log(`  ${n}`);
}

// ---------------------------------------------------------------- main
const hard = setTimeout(() => {
  console.error(`chat bench: still running after ${HARD_MS / 1000} s, stopping`);
  process.exit(1); // the harness kills every process it started, by PID
}, HARD_MS);
hard.unref();

const cpus = os.cpus();
const shown = (file) => (file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file) : file);
console.log(
  `${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), node ${process.version}, server ${shown(args.bin)}`,
);
console.log(
  'The node client shares these cores with the server and Redis: ' +
    "the numbers are a floor, not the server's ceiling.",
);
for (const head of tableHead(COLS)) console.log(head);

let failures = 0;
for (const scenario of SCENARIOS) {
  if (args.only && !args.only.includes(scenario.key)) continue;
  if (timeLeft() < MIN_LEFT_MS) {
    const cells = [scenario.name, scenario.clients, '-', 'skipped (time budget)'];
    console.log(line([...cells, '', '', '', '', '', '']));
    continue;
  }
  const row = await runScenario(scenario);
  if (row.error) failures++;
  printRow(row);
}
console.log(
  [
    "deliveries: message events received by all clients (the sender's own connection included);",
    'deliveries/s: deliveries / (last delivery - first say); latency: receive time - message ts',
    '(Redis clock, whole ms; same machine); RSS: VmRSS of the server process(es), summed over nodes,',
    'before the first client and after the last join; KiB/conn = (after - before) / clients.',
    `Each client is its own person (register, then join); ${SAY_WINDOW} says in flight;` +
      ' Redis appendfsync everysec.',
  ].join('\n'),
);
console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failures ? 1 : 0;
