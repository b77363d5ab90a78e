// bench/load/table.mjs with several rounds: the best round of each server goes
// in the table, in the first round's order, and a line per round shows them all;
// and the settings bench/load/run.mjs refuses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { bestOfRounds, printTable } from '../../bench/load/table.mjs';

const RUN_MJS = new URL('../../bench/load/run.mjs', import.meta.url).pathname;

const step = (rate, held) => ({
  rate,
  held,
  p99_ms: 10,
  cpu_pct: { 1: 50 },
  redis_cpu_pct: 10,
  client_cpu_pct: 20,
});

// A ladder result that held `held` (null: nothing).
function result(held, rates = [40000, 60000, 80000, 100000, 120000]) {
  return { held_rate: held, steps: rates.map((r) => step(r, held !== null && r <= held)) };
}

const run = (scenario, server, round, held) => ({
  scenario,
  server,
  round,
  result: result(held),
  error: null,
  na: null,
});

const RUNS = [
  run('rooms-100', 'passerelle', 1, 80000),
  run('rooms-100', 'socketio', 1, 60000),
  run('rooms-100', 'socketio', 2, 80000),
  run('rooms-100', 'passerelle', 2, 100000),
  { scenario: 'idle', server: 'passerelle', round: 1, result: { idle: { per_conn_bytes: 3000 } } },
  { scenario: 'idle', server: 'passerelle', round: 2, result: { idle: { per_conn_bytes: 2900 } } },
  { scenario: 'pairs', server: 'passerelle', round: 1, result: result(20000), error: null },
  { scenario: 'pairs', server: 'passerelle', round: 2, result: null, error: 'generator exit 1' },
];

test('the best round of each server is kept, in the order of the first round', () => {
  const best = bestOfRounds(RUNS);
  assert.deepEqual(
    best.map((r) => [r.scenario, r.server, r.round]),
    [
      ['rooms-100', 'passerelle', 2],
      ['rooms-100', 'socketio', 2],
      ['idle', 'passerelle', 2],
      ['pairs', 'passerelle', 1],
    ],
  );
});

test('the table compares the best rounds and lists each round with its own ratio', (t) => {
  const lines = [];
  t.mock.method(console, 'log', (s) => lines.push(String(s)));
  printTable(RUNS, [{ key: 'rooms-100', rooms: 100, perRoom: 100 }]);
  const text = lines.join('\n');
  assert.match(text, /socketio +80000 .* 1\.25x/);
  assert.match(text, /rooms-100 round 1: passerelle 80000, socketio 60000 \(1\.33x\)/);
  assert.match(text, /rooms-100 round 2: socketio 80000 \(1\.25x\), passerelle 100000/);
});

test('a round where Passerelle failed says so and gives the peer no ratio', (t) => {
  const failed = { ...run('pairs', 'passerelle', 2, 20000), error: 'generator exit 1' };
  const runs = [run('pairs', 'passerelle', 1, 20000), run('pairs', 'socketio', 1, 10000)];
  runs.push(run('pairs', 'socketio', 2, 10000), failed);
  const lines = [];
  t.mock.method(console, 'log', (s) => lines.push(String(s)));
  printTable(runs, [{ key: 'pairs', rooms: 5000, perRoom: 2 }]);
  const text = lines.join('\n');
  assert.match(text, /pairs round 1: passerelle 20000, socketio 10000 \(2\.00x\)/);
  assert.match(text, /pairs round 2: socketio 10000 \(-\), passerelle failed/);
});

// The settings are read before anything starts: a bad one stops the run at once.
for (const [name, value] of [
  ['BENCH_ROUNDS', 'two'],
  ['BENCH_ROUNDS', '0'],
  ['BENCH_RATES', '20000,x'],
  ['BENCH_DURATION', '2.5'],
  ['BENCH_WARMUP', '3,4'],
]) {
  test(`run.mjs refuses ${name}=${value} with the form expected`, () => {
    const res = spawnSync(process.execPath, [RUN_MJS], {
      env: { ...process.env, [name]: value, BENCH_SCENARIOS: 'idle', BENCH_SERVERS: 'passerelle' },
      encoding: 'utf8',
      timeout: 30000,
    });
    assert.equal(res.status, 2, res.stderr);
    assert.match(res.stderr, new RegExp(`load bench: ${name}: expected`));
    assert.doesNotMatch(res.stdout, /scenarios x/);
  });
}
