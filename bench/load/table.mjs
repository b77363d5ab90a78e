// The one table bench/load/run.mjs prints; bench/load/RUNNING.md says what
// each column means. A run is {scenario, server, result, error, na}, result
// being passerelle-load's JSON.
import { padCells, tableHead, tableLine } from '../lib/util.mjs';

const COLS = [
  ['scenario', 9, 'l'],
  ['conns', 6],
  ['server', 10, 'l'],
  ['held deliv/s', 12],
  ['p99 ms', 6],
  ['server CPU%', 11],
  ['redis CPU%', 10],
  ['client CPU%', 11],
  ['idle B/conn', 11],
  ['Passerelle/peer', 15],
];

const line = (cells) => tableLine(COLS, cells);
const padded = (cells) => padCells(COLS, cells);

const fixed = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const sum = (obj) => (obj ? Object.values(obj).reduce((a, b) => a + b, 0) : NaN);

// The step at the rate held, else the first one (nothing held).
function heldStep(result) {
  const steps = result.steps ?? [];
  return steps.find((st) => st.rate === result.held_rate) ?? steps[0] ?? null;
}

// What one run shows: held rate (or idle bytes), the numbers at that step.
function measure(run) {
  const r = run.result;
  if (!r) return null;
  if (r.idle) return { perConn: r.idle.per_conn_bytes };
  const st = heldStep(r);
  // The ladder's top held: the ceiling lies higher, the number is a floor.
  const top = r.held_rate !== null && r.steps.every((x) => x.held);
  const held = r.held_rate === null ? (st ? `< ${st.rate}` : 'none') : `${r.held_rate}${top ? '+' : ''}`;
  return {
    held,
    heldRate: r.held_rate ?? 0,
    p99: st?.p99_ms,
    cpu: sum(st?.cpu_pct),
    redis: st?.redis_cpu_pct,
    client: st?.client_cpu_pct,
  };
}

// Passerelle's number over the peer's: rate held (higher is better), or idle
// bytes per connection (lower is better).
function ratio(mine, theirs) {
  if (!mine || !theirs) return '-';
  const [a, b] =
    mine.perConn !== undefined ? [mine.perConn, theirs.perConn] : [mine.heldRate, theirs.heldRate];
  return a > 0 && b > 0 ? `${(a / b).toFixed(2)}x` : '-';
}

function row(scenario, run, first, base) {
  const lead = first ? [scenario.key, scenario.rooms * scenario.perRoom] : ['', ''];
  const head = padded([...lead, run.server]);
  if (run.na) return `${head}  n/a (${run.na})`;
  if (run.error) return `${head}  failed (${run.error})`;
  const m = measure(run);
  const cmp = run.server === 'passerelle' ? '' : ratio(base, m);
  const cpu = [fixed(m.cpu), fixed(m.redis), fixed(m.client)];
  return line([...lead, run.server, m.held, fixed(m.p99, 1), ...cpu, fixed(m.perConn), cmp]);
}

// A line of notes under a run: losses at the first step not held, errors.
function notes(run, key) {
  const r = run.result;
  if (!r) return [];
  const out = [];
  if (r.connect_errors) out.push(`${r.connect_errors} connect errors`);
  if (r.dropped) out.push(`${r.dropped} connections dropped`);
  const next = (r.steps ?? []).find((st) => !st.held);
  if (next)
    out.push(
      `${next.rate}/s not held: lost ${next.lost}, dup ${next.dup}, order ${next.order}, p99 ${fixed(next.p99_ms, 1)} ms`,
    );
  if (r.setup_ms) out.push(`setup ${fixed(r.setup_ms / 1000, 1)} s`);
  return out.length ? [`  ${key} on ${run.server}: ${out.join('; ')}`] : [];
}

// What a run that ran measured, else null (it failed or did not apply).
const measured = (run) => (run.na || run.error ? null : measure(run));

// Passerelle's measure among runs, the base of the ratios (null when it failed).
const baseOf = (runs) => measured(runs.find((r) => r.server === 'passerelle') ?? {});

// How good a run is, to pick the best of its rounds: the rate held, or fewer idle
// bytes; a run that failed or did not apply is the worst.
function score(run) {
  const m = measured(run);
  if (!m) return -Infinity;
  return m.perConn !== undefined ? -m.perConn : m.heldRate;
}

// One run per scenario and server, the best of its rounds, in the order of the first round.
export function bestOfRounds(runs) {
  const best = new Map();
  for (const run of runs) {
    const key = `${run.scenario}\0${run.server}`;
    const had = best.get(key);
    if (!had || score(run) > score(had)) best.set(key, run);
  }
  return [...best.values()];
}

// With several rounds: each round's held rates and ratios, so the spread shows.
function roundLines(runs, scenarios) {
  const out = [];
  for (const s of scenarios) {
    const rounds = [...new Set(runs.filter((r) => r.scenario === s.key).map((r) => r.round))];
    for (const round of rounds) {
      const mine = runs.filter((r) => r.scenario === s.key && r.round === round);
      const base = baseOf(mine);
      const cells = mine.map((run) => {
        const m = measured(run);
        const what = m
          ? m.perConn !== undefined
            ? `${fixed(m.perConn)} B/conn`
            : m.held
          : run.error
            ? 'failed'
            : 'n/a';
        const cmp = run.server === 'passerelle' || !m ? '' : ` (${ratio(base, m)})`;
        return `${run.server} ${what}${cmp}`;
      });
      out.push(`  ${s.key} round ${round}: ${cells.join(', ')}`);
    }
  }
  return out;
}

// The table of the best round of each scenario and server; with several rounds,
// a line per round under it.
export function printTable(allRuns, scenarios) {
  const runs = bestOfRounds(allRuns);
  for (const head of tableHead(COLS)) console.log(head);
  const below = [];
  for (const s of scenarios) {
    const mine = runs.filter((r) => r.scenario === s.key);
    const base = baseOf(mine);
    mine.forEach((run, i) => {
      console.log(row(s, run, i === 0, base));
      below.push(...notes(run, s.key));
    });
  }
  if (below.length) console.log(`\n${below.join('\n')}`);
  if (allRuns.some((r) => r.round > 1)) console.log(`\n${roundLines(allRuns, scenarios).join('\n')}`);
}
