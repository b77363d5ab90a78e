// The fan-out benchmark against its peers: for each scenario and each server,
// a fresh server (bench/peers/peers.mjs), build/passerelle-load driving it
// up a ladder of delivery rates, the generator's JSON kept, the server
// stopped. Prints one table (bench/load/table.mjs) and writes every raw
// result to build/bench/load-<date>.json. Read bench/load/RUNNING.md first:
// nothing else may run on the machine meanwhile.
//
// env: BENCH_SCENARIOS  rooms-20,rooms-100,pairs,idle,rooms-3 (default: all)
//      BENCH_SERVERS    passerelle,socketio,mirror (default: all)
//      BENCH_QUICK=1    three rates a ladder, 1 s warm-up, 3 s steps
//      BENCH_RATES      the ladder of every scenario, e.g. 20000 (one step: a fixed-rate run)
//      BENCH_WARMUP, BENCH_DURATION  seconds a step (default 5 and 20)
//      BENCH_CONNECT_BATCH  connections opened at once (default 200)
//      BENCH_TICK_US    the generator's wake-up period in steps (default its own, 0: each event)
//      BENCH_ROUNDS     runs of each scenario and server, alternating their order (default 1);
//                       the table shows the best of each, a line per round below it
//      LOAD_BIN         the generator (default build/passerelle-load; .mjs/.js run with node)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NAMES, START } from '../peers/peers.mjs';
import { printTable } from './table.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIRROR_MAX_ROOMS = 3; // mirror instances libwebsockets-test-server 4.1.6 keeps (bench/peers/README.md)
const P99_MS = 50; // a step is held when nothing is lost and p99 stays under this
const IDLE_SECONDS = 10;
const SETTLE_MS = 2000; // between runs: the last server's sockets close, the CPU quietens

// Deliveries per second a step (messages per second times members per room).
const SCENARIOS = [
  {
    key: 'rooms-20',
    rooms: 100,
    perRoom: 20,
    senders: 100,
    rates: [10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250],
  },
  {
    key: 'rooms-100',
    rooms: 100,
    perRoom: 100,
    senders: 100,
    rates: [10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 175, 200, 225, 250],
  },
  { key: 'pairs', rooms: 5000, perRoom: 2, senders: 5000, rates: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] },
  { key: 'idle', rooms: 100, perRoom: 100, senders: 0, idle: true },
  { key: 'rooms-3', rooms: MIRROR_MAX_ROOMS, perRoom: 100, senders: 3, rates: [10, 20, 40, 60, 80, 100] },
].map((s) => ({ ...s, rates: s.rates?.map((k) => k * 1000) }));

const KEYS = SCENARIOS.map((s) => s.key);

const people = (s) => ({ rooms: s.rooms, people: s.rooms * s.perRoom });
const SERVERS = {
  passerelle: { proto: 'passerelle', start: (s) => START.passerelle({ nodes: 2, ...people(s) }) },
  socketio: { proto: 'socketio', start: () => START.socketio({ processes: 2 }) },
  mirror: { proto: 'mirror', start: () => START.mirror(), maxRooms: MIRROR_MAX_ROOMS },
};

function pick(envName, all) {
  const want = process.env[envName] ? process.env[envName].split(',').filter(Boolean) : all;
  const unknown = want.filter((w) => !all.includes(w));
  if (unknown.length) throw new Error(`${envName}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return want;
}

// The whole numbers, at least min, in environment variable name (a comma list), or null
// when it is not set. Anything else stops the run with the form expected: a NaN would
// otherwise end a ladder or the rounds before they start.
function counts(name, min) {
  const text = process.env[name];
  if (!text) return null;
  const list = text.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < min))
    throw new Error(`${name}: expected whole numbers of at least ${min}, comma-separated (got ${text})`);
  return list;
}

// One such number, or def when not set.
function count(name, min, def) {
  const list = counts(name, min);
  if (list && list.length !== 1) throw new Error(`${name}: expected one number (got ${list.join(',')})`);
  return list ? list[0] : def;
}

function settings() {
  const quick = process.env.BENCH_QUICK === '1';
  return {
    quick,
    warmup: count('BENCH_WARMUP', 0, quick ? 1 : 5),
    duration: count('BENCH_DURATION', 1, quick ? 3 : 20),
    idleSeconds: quick ? 2 : IDLE_SECONDS,
    connectBatch: count('BENCH_CONNECT_BATCH', 1, 200),
    rounds: count('BENCH_ROUNDS', 1, 1),
    tickUs: count('BENCH_TICK_US', 0, undefined),
    rates: counts('BENCH_RATES', 1),
    loadBin: path.resolve(process.env.LOAD_BIN || path.join(ROOT, 'build', 'passerelle-load')),
    scenarios: pick('BENCH_SCENARIOS', KEYS).map((k) => SCENARIOS.find((s) => s.key === k)),
    servers: pick('BENCH_SERVERS', Object.keys(SERVERS)),
  };
}

const ladder = (s, cfg) => cfg.rates ?? (cfg.quick ? s.rates.slice(0, 3) : s.rates);

// Why a server cannot run a scenario, or null.
function notApplicable(server, scenario) {
  const max = SERVERS[server].maxRooms;
  if (max && scenario.rooms > max)
    return `${server} keeps at most ${max} rooms; this needs ${scenario.rooms}`;
  return null;
}

// The generator's arguments for one run.
function loadArgs(peer, scenario, cfg) {
  const args = ['--proto', SERVERS[peer.name].proto, '--url', peer.urls.join(',')];
  args.push('--rooms', scenario.rooms, '--per-room', scenario.perRoom);
  if (scenario.idle) args.push('--idle-seconds', cfg.idleSeconds);
  else args.push('--senders', scenario.senders, '--rates', ladder(scenario, cfg).join(','));
  args.push('--warmup', cfg.warmup, '--duration', cfg.duration, '--p99-ms', P99_MS);
  args.push('--connect-batch', cfg.connectBatch, '--pids', peer.pids.join(','));
  if (cfg.tickUs !== undefined) args.push('--tick-us', cfg.tickUs);
  if (peer.redisPid) args.push('--redis-pid', peer.redisPid);
  if (peer.name === 'passerelle')
    args.push('--prefix', NAMES.prefix, '--password', NAMES.password, '--room-prefix', NAMES.roomPrefix);
  args.push('--json');
  return args.map(String);
}

// Seconds one run may take at the most: connecting, every step, a margin.
function runBudget(scenario, cfg) {
  const setup = 10 + (scenario.rooms * scenario.perRoom) / 500;
  const steps = scenario.idle ? cfg.idleSeconds : ladder(scenario, cfg).length * (cfg.warmup + cfg.duration);
  return setup + steps;
}

const running = new Set(); // generator processes, killed by PID if this one ends first
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// Runs the generator; resolves {code, stdout, stderr}. Killed past limitMs.
function runLoad(cfg, args, limitMs) {
  const node = /\.[cm]?js$/.test(cfg.loadBin);
  const [cmd, argv] = node ? [process.execPath, [cfg.loadBin, ...args]] : [cfg.loadBin, args];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    const done = (code, why) => {
      clearTimeout(timer);
      running.delete(child);
      const stderr = Buffer.concat(err).toString() + (why ? `\n${why}` : '');
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('exit', (code, signal) => done(code, signal ? `killed by ${signal}` : ''));
  });
}

const lastLine = (text) => text.trim().split('\n').at(-1) || 'nothing on stderr';

// One scenario on one fresh server: a record for the JSON file and the table.
async function runOne(scenario, server, cfg) {
  const rec = {
    scenario: scenario.key,
    server,
    result: null,
    error: null,
    na: notApplicable(server, scenario),
  };
  if (rec.na) return rec;
  let peer = null;
  try {
    peer = await SERVERS[server].start(scenario);
    rec.args = loadArgs(peer, scenario, cfg);
    const limitMs = (runBudget(scenario, cfg) + 120) * 1000;
    const res = await runLoad(cfg, rec.args, limitMs);
    if (res.code !== 0) throw new Error(`generator exit ${res.code}: ${lastLine(res.stderr)}`);
    rec.result = JSON.parse(res.stdout);
  } catch (err) {
    rec.error = err.message.split('\n')[0];
    console.error(`load bench: ${scenario.key} on ${server}: ${err.message}`);
    if (peer) console.error(peer.output().join('\n'));
  } finally {
    if (peer) await peer.stop();
  }
  return rec;
}

function estimateSeconds(cfg) {
  let total = 0;
  for (const s of cfg.scenarios)
    for (const server of cfg.servers) if (!notApplicable(server, s)) total += runBudget(s, cfg) + 5;
  return total * cfg.rounds;
}

// What the kernel costs here (the servers spend most of their time in it), and the
// mitigations that set that cost: the same build holds different rates on machines
// that differ here.
function machineOf(cfg) {
  const cpus = os.cpus();
  const machine = { cpus: cpus.length, model: cpus[0]?.model, node: process.version, kernel: os.release() };
  try {
    machine.probe = JSON.parse(execFileSync(cfg.loadBin, ['--probe'], { encoding: 'utf8', timeout: 60000 }));
  } catch (err) {
    machine.probe = { error: err.message.split('\n')[0] };
  }
  const vuln = '/sys/devices/system/cpu/vulnerabilities';
  machine.mitigations = {};
  for (const name of ['spectre_v2', 'spec_rstack_overflow', 'retbleed']) {
    try {
      machine.mitigations[name] = fs.readFileSync(path.join(vuln, name), 'utf8').trim();
    } catch {
      // not reported by this kernel
    }
  }
  return machine;
}

function describe(machine) {
  const p = machine.probe;
  const probe = p.error
    ? `probe failed: ${p.error}`
    : `system call ${p.syscall_ns} ns, loopback TCP send ${p.tcp_send_us} us, Unix socket send ${p.unix_send_us} us`;
  const m = Object.entries(machine.mitigations).map(([k, v]) => `${k}: ${v}`);
  return [
    `${machine.cpus} cores (${machine.model ?? 'unknown'}), kernel ${machine.kernel}, node ${machine.node}`,
    probe,
    ...m,
  ];
}

function writeJson(cfg, started, runs, machine) {
  const dir = path.join(ROOT, 'build', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/:/g, '-').replace(/\..*/, 'Z');
  const file = path.join(dir, `load-${stamp}.json`);
  const { loadBin, warmup, duration, idleSeconds, connectBatch, quick, rounds, rates } = cfg;
  const doc = {
    started: started.toISOString(),
    machine,
    settings: { loadBin, warmup, duration, idleSeconds, connectBatch, quick, rounds, rates, p99Ms: P99_MS },
    runs,
  };
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

async function main() {
  let cfg;
  try {
    cfg = settings();
  } catch (err) {
    console.error(`load bench: ${err.message}`);
    process.exit(2);
  }
  if (!fs.existsSync(cfg.loadBin)) {
    console.error(`load bench: no generator at ${cfg.loadBin} (make all builds it; LOAD_BIN picks another)`);
    process.exit(1);
  }
  const started = new Date();
  const machine = machineOf(cfg);
  for (const line of describe(machine)) console.log(line);
  console.log(
    `${cfg.scenarios.length} scenarios x ${cfg.servers.length} servers, steps of ${cfg.warmup} + ${cfg.duration} s; ` +
      `at most ~${Math.ceil(estimateSeconds(cfg) / 60)} min (a ladder ends at its first step not held)`,
  );
  const runs = [];
  for (const scenario of cfg.scenarios) {
    // Rounds alternate the servers' order, so that a machine that speeds up or slows
    // down during the run weighs on each server alike.
    for (let round = 1; round <= cfg.rounds; round++) {
      const order = round % 2 ? cfg.servers : [...cfg.servers].reverse();
      for (const server of order) {
        if (round > 1 && notApplicable(server, scenario)) continue;
        const t = Date.now();
        const rec = { ...(await runOne(scenario, server, cfg)), round };
        runs.push(rec);
        const what = rec.na ? 'n/a' : rec.error ? 'failed' : 'done';
        const of = cfg.rounds > 1 ? ` round ${round}` : '';
        console.log(
          `  ${scenario.key} on ${server}${of}: ${what} (${Math.round((Date.now() - t) / 1000)} s)`,
        );
        if (!rec.na) await new Promise((r) => setTimeout(r, SETTLE_MS));
      }
    }
  }
  const file = writeJson(cfg, started, runs, machine);
  console.log();
  printTable(runs, cfg.scenarios);
  console.log(`\nraw results: ${path.relative(ROOT, file)}`);
  process.exit(runs.some((r) => r.error) ? 1 : 0);
}

await main();
