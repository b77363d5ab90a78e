// The load generator (build/passerelle-load) against a real redis-server and
// two real nodes: every delivery is counted, a pretended loss is caught, and
// the idle run reports memory. Counts only: no timing is asserted.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, useCluster } from '../lib/harness.mjs';

// PASSERELLE_LOAD_BIN: another build of it (one with sanitizers, say).
const LOAD_BIN = process.env.PASSERELLE_LOAD_BIN || path.join(ROOT, 'build', 'passerelle-load');
const ROOMS = 4;
const PER_ROOM = 5;
const PREFIX = 'load-';
const PASSWORD = 'bench-password';
const ROOM_PREFIX = 'bench-';

const SEED = {
  rooms: Array.from({ length: ROOMS }, (_, r) => ({
    id: `${ROOM_PREFIX}${r}`,
    title: `Bench ${r}`,
    topic: 'load',
    starts_at: 'now-1h',
    ends_at: 'now+2h',
  })),
  people: Array.from({ length: ROOMS * PER_ROOM }, (_, i) => ({
    email: `${PREFIX}${i}@bench.invalid`,
    name: `Load ${i}`,
    password: PASSWORD,
    role: 'mentee',
  })),
};

const cluster = useCluster({
  servers: 2,
  seed: SEED,
  env: {
    PASSERELLE_PBKDF2_ITERATIONS: 1000,
    PASSERELLE_SAY_BURST: 10000,
    PASSERELLE_SAY_RATE: 10000,
    PASSERELLE_MAX_CONN_PER_IP: 100000,
  },
});

// Runs the generator against both nodes; resolves {code, stdout, stderr, report}.
function runLoad(extra) {
  const args = [
    '--proto',
    'passerelle',
    '--url',
    cluster.nodes.map((n) => `ws://127.0.0.1:${n.port}`).join(','),
    '--rooms',
    String(ROOMS),
    '--per-room',
    String(PER_ROOM),
    '--pids',
    cluster.nodes.map((n) => n.pid).join(','),
    '--redis-pid',
    String(cluster.redis.proc.pid),
    '--json',
    '--setup-timeout',
    '30',
    ...extra,
  ];
  return new Promise((resolve) => {
    execFile(LOAD_BIN, args, { timeout: 60000 }, (err, stdout, stderr) => {
      const code = err ? (err.code ?? err.signal) : 0;
      let report = null;
      try {
        report = JSON.parse(stdout);
      } catch {
        // left null: the assertion below shows the output
      }
      resolve({ code, stdout, stderr, report });
    });
  });
}

function assertShape(r) {
  assert.equal(r.proto, 'passerelle');
  assert.equal(r.urls.length, 2);
  assert.equal(r.rooms, ROOMS);
  assert.equal(r.per_room, PER_ROOM);
  assert.equal(r.conns, ROOMS * PER_ROOM);
  assert.equal(r.dropped, 0);
  assert.equal(typeof r.setup_ms, 'number');
  assert.equal(typeof r.connect_errors, 'number');
}

test('every delivery of a modest rate is counted: none lost, doubled or out of order', async () => {
  const res = await runLoad(['--senders', '4', '--warmup', '1', '--duration', '2', '--rates', '200']);
  assert.equal(res.code, 0, res.stderr);
  assert.ok(res.report, `no JSON on stdout:\n${res.stdout}\n${res.stderr}`);
  assertShape(res.report);
  assert.equal(res.report.senders, 4);
  assert.equal(res.report.idle, null);
  assert.equal(res.report.steps.length, 1);
  const step = res.report.steps[0];
  assert.equal(step.rate, 200);
  assert.ok(step.sent > 0, `nothing sent: ${JSON.stringify(step)}`);
  assert.equal(step.expected, step.sent * PER_ROOM);
  assert.equal(step.received, step.expected, res.stderr);
  assert.equal(step.lost, 0);
  assert.equal(step.dup, 0);
  assert.equal(step.order, 0);
  assert.equal(step.send_errors, 0, res.stderr);
  for (const n of cluster.nodes) {
    assert.equal(typeof step.cpu_pct[String(n.pid)], 'number');
    assert.ok(step.rss_kib[String(n.pid)] > 0);
  }
  assert.equal(typeof step.redis_cpu_pct, 'number');
  assert.equal(typeof step.client_cpu_pct, 'number');
  for (const k of ['p50_ms', 'p99_ms', 'p999_ms', 'max_ms']) assert.equal(typeof step[k], 'number');
});

test('a receiver that pretends to lose every 7th delivery is reported as losing', async () => {
  const res = await runLoad(['--warmup', '1', '--duration', '2', '--rates', '200,400', '--drop-every', '7']);
  assert.equal(res.code, 0, res.stderr);
  assert.ok(res.report, `no JSON on stdout:\n${res.stdout}\n${res.stderr}`);
  assertShape(res.report);
  // The first step fails, so the second never runs.
  assert.equal(res.report.steps.length, 1);
  const step = res.report.steps[0];
  assert.ok(step.lost > 0, JSON.stringify(step));
  assert.equal(step.received + step.lost, step.expected);
  assert.equal(step.held, false);
  assert.equal(res.report.held_rate, 0);
});

test('an idle run reports memory before and after every connection joined', async () => {
  const res = await runLoad(['--idle-seconds', '1']);
  assert.equal(res.code, 0, res.stderr);
  assert.ok(res.report, `no JSON on stdout:\n${res.stdout}\n${res.stderr}`);
  assertShape(res.report);
  assert.deepEqual(res.report.steps, []);
  const idle = res.report.idle;
  assert.equal(idle.seconds, 1);
  for (const n of cluster.nodes) {
    assert.ok(idle.rss_before_kib[String(n.pid)] > 0, JSON.stringify(idle));
    assert.ok(idle.rss_after_kib[String(n.pid)] > 0, JSON.stringify(idle));
  }
  assert.equal(typeof idle.per_conn_bytes, 'number');
});

test('a wrong password fails the setup with a reason and a non-zero exit', async () => {
  const res = await runLoad(['--password', 'not-the-password', '--rates', '100']);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /sign-in or join/);
});

test('the probe prints what a system call and a loopback send cost, as numbers', async () => {
  const { stdout } = await new Promise((resolve, reject) => {
    execFile(LOAD_BIN, ['--probe'], { timeout: 60000 }, (err, out) =>
      err ? reject(err) : resolve({ stdout: out }),
    );
  });
  const probe = JSON.parse(stdout);
  assert.deepEqual(Object.keys(probe).sort(), ['syscall_ns', 'tcp_send_us', 'unix_send_us']);
  for (const v of Object.values(probe)) assert.ok(Number.isFinite(v) && v > 0, stdout);
});
