// passerelle-admin's impact commands against two real nodes and a real Redis: cohort
// set/clear/list, and report sessions|cohort|matching as tables and as CSV, over a small
// cohort driven through the participant sockets (tests/lib/impact.mjs) whose figures are
// known by construction; counts of 1 to 4 people show as <5.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, useCluster } from '../lib/harness.mjs';
import { adminClient } from '../lib/admin.mjs';
import { cliFor, expectExit, runCli, show } from '../lib/cli.mjs';
import { cohortRooms, EXPECTED, simulateCohort } from '../lib/impact.mjs';
import { randomHex } from '../lib/processes.mjs';

const SECRET = randomHex(24);
const COHORT = 'Dakar 2026.1';
const ROOMS = cohortRooms('cli-imp');
const HOSTILE = '=HYPERLINK("http://x.example"), a "title"';
const seed = baseSeed(['cli-imp-tags']);
seed.rooms.push(...ROOMS, {
  id: 'cli-imp-other',
  title: HOSTILE,
  topic: '',
  starts_at: 'now-1h',
  ends_at: 'now+1h',
});
const cluster = useCluster({ servers: 2, seed, env: { PASSERELLE_ADMIN_SECRET: SECRET } });
const { admin, adminJson } = cliFor(cluster, SECRET);

// The cohort is simulated once, by the first test that needs it; the others read it.
let simulation = null;
function simulated() {
  simulation ??= adminClient(cluster, 1, { secret: SECRET }).then((a) =>
    simulateCohort(cluster, a, { cohort: COHORT, rooms: ROOMS }),
  );
  return simulation;
}

// RFC 4180 lines (CRLF) into tables: { name: [{column: value}] }; every row's first field
// names its table and each table starts with its header line ("table", columns...).
function parseCsv(text) {
  assert.ok(text.endsWith('\r\n'), `CSV lines end in CRLF:\n${JSON.stringify(text.slice(-20))}`);
  const rows = [];
  let field = '';
  let row = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') (row.push(field), (field = ''));
    else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      ((row = []), (field = ''), i++);
    } else field += ch;
  }
  const tables = {};
  let head = null;
  for (const r of rows) {
    if (r[0] === 'table') head = r;
    else (tables[r[0]] ??= []).push(Object.fromEntries(head.map((h, k) => [h, r[k]])));
  }
  return { rows, tables };
}

const csvOf = async (args) => parseCsv(expectExit(await admin([...args, '--csv']), 0).stdout);

// CSV rows against the JSON answer's rows: null is an empty field, '<5' and 'x' as they are,
// numbers as numbers (shares as fractions).
function sameFigures(csvRows, jsonRows, columns, what) {
  assert.equal(csvRows.length, jsonRows.length, `${what}: rows`);
  jsonRows.forEach((want, i) => {
    for (const k of columns) {
      const got = csvRows[i][k];
      const v = want[k] ?? null;
      if (typeof v === 'number')
        assert.ok(Math.abs(Number(got) - v) < 1e-9, `${what} ${i} ${k}: ${got} vs ${v}`);
      else assert.equal(got, v === null ? '' : String(v), `${what} ${i} ${k}`);
    }
  });
}

// The data line of a terminal table whose first cell is first, split into cells.
function line(stdout, first) {
  const l = stdout.split('\n').find((s) => s.split(/\s{2,}/)[0] === first);
  assert.ok(l, `no line for ${first} in:\n${stdout}`);
  return l.split(/\s{2,}/);
}

test('report and cohort commands check their options before connecting', async () => {
  const usage = async (args, pattern) => {
    const r = expectExit(await runCli(args), 2);
    assert.match(r.stderr, pattern, show(r));
  };
  await usage(['report', 'sessions', '--from', '2026-02-30'], /bad --from/);
  await usage(['report', 'sessions', '--to', 'yesterday'], /bad --to/);
  await usage(['report', 'sessions', '--from', '2026-03-01', '--to', '2026-02-01'], /--to must be after/);
  await usage(['report', 'matching', '--region', 'Europa'], /bad --region 'Europa'/);
  await usage(['report', 'sessions', '--cohort', 'a/b'], /bad --cohort/);
  await usage(['report', 'cohort'], /needs --cohort/);
  await usage(['report', 'matching', '--room', 'x'], /unknown option --room/);
  await usage(['report', 'sessions', '--csv=yes'], /--csv takes no value/);
  await usage(['cohort', 'set', 'x'.repeat(41), '--room', 'r'], /bad cohort name/);
  await usage(['cohort', 'set', 'Ok'], /at least one --room or --user/);
  await usage(['cohort', 'clear', '--room', ''], /--room is empty/);
  const help = expectExit(await runCli(['report', 'sessions', '--help']), 0);
  assert.match(help.stdout, /--csv: RFC 4180 CSV/);
  const all = expectExit(await runCli(['--help']), 0).stdout;
  for (const cmd of [
    'report sessions',
    'report cohort',
    'report matching',
    'cohort set',
    'cohort clear',
    'cohort list',
  ])
    assert.ok(all.includes(cmd), `--help lacks ${cmd}`);
});

test('cohort set tags rooms and people by email and id, list counts them, clear removes the tags', async () => {
  const [a, b] = (await simulated()).people;
  let r = expectExit(
    await admin([
      'cohort',
      'set',
      'CLI tags',
      '--room',
      'cli-imp-tags',
      '--user',
      a.email,
      '--user',
      b.user.id,
    ]),
    0,
  );
  assert.equal(r.stdout, 'cohort CLI tags: 1 rooms and 2 people tagged\n');
  r = expectExit(await admin(['cohort', 'list']), 0);
  assert.deepEqual(line(r.stdout, 'CLI tags'), ['CLI tags', '1', '2']);
  assert.deepEqual(line(r.stdout, COHORT), [COHORT, '2', '5']);
  const listed = await adminJson(['cohort', 'list']);
  assert.deepEqual(
    listed.cohorts.map((c) => c.name),
    ['CLI tags', COHORT],
  );
  assert.equal((await adminJson(['user', 'find', a.email])).user.cohort, 'CLI tags');

  r = expectExit(await admin(['cohort', 'set', 'CLI tags', '--room', 'no-such-room']), 1);
  assert.match(r.stderr, /^not_found: /m);
  r = expectExit(
    await admin(['cohort', 'clear', '--room', 'cli-imp-tags', '--user', a.email, '--user', b.email]),
    0,
  );
  assert.equal(r.stdout, 'cohort tag removed from 1 rooms and 2 people\n');
  assert.equal((await adminJson(['user', 'find', b.email])).user.cohort, undefined);
  assert.ok(!(await adminJson(['cohort', 'list'])).cohorts.some((c) => c.name === 'CLI tags'));
  // Back in the cohort for the reports.
  expectExit(await admin(['cohort', 'set', COHORT, '--user', a.email, '--user', b.email]), 0);
});

test('report sessions: the cohort sessions as a table and as CSV, with <5 cells', async () => {
  await simulated();
  const r = expectExit(await admin(['report', 'sessions', '--cohort', COHORT]), 0);
  for (const [i, room] of ROOMS.entries()) {
    const want = EXPECTED.sessions[i];
    const cells = line(r.stdout, room.id);
    // ROOM STARTS REGISTERED ATTENDED RATE PEAK MEDIAN MINUTES SPOKE SPOKE% HANDS TITLE
    assert.deepEqual(
      [cells[2], cells[3], cells[4], cells[5], cells[8], cells[9], cells[11]],
      [
        String(want.registered),
        String(want.attended),
        want.attendance_rate,
        String(want.peak_online),
        String(want.spoke),
        want.spoke_share === 1 ? '100%' : want.spoke_share,
        room.title,
      ],
      show(r),
    );
  }
  assert.deepEqual(line(r.stdout, '2'), ['2', '7', '12'], 'the totals line');

  const { rows, tables } = await csvOf(['report', 'sessions', '--cohort', COHORT]);
  assert.deepEqual(rows[0].slice(0, 8), [
    'table',
    'room',
    'title',
    'cohort',
    'starts_at',
    'ends_at',
    'registered',
    'attended',
  ]);
  const mine = tables.sessions.filter((s) => ROOMS.some((x) => x.id === s.room));
  assert.deepEqual(
    mine.map((s) => s.room),
    ROOMS.map((x) => x.id),
  );
  for (const [i, s] of mine.entries()) {
    const want = EXPECTED.sessions[i];
    for (const k of ['registered', 'attended', 'attendance_rate', 'peak_online', 'spoke', 'spoke_share'])
      assert.equal(s[k], String(want[k]), `${s.room} ${k}`);
    assert.equal(s.cohort, COHORT);
    assert.match(s.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const [, zero, , few] = EXPECTED.buckets[i];
    assert.deepEqual([s.messages_0, s.messages_1_2], [String(zero), String(few)]);
    assert.match(s.minutes_median, /^(\d+(\.\d)?|<5)$/);
  }
  assert.deepEqual(tables.totals, [{ table: 'totals', sessions: '2', people: '7', attendances: '12' }]);
  // By attended (the real count) then code: FR 3, then BE, DE and SN 1 each; all under 5.
  const residence = tables.by_residence.filter((x) => x.room === ROOMS[0].id);
  assert.deepEqual(
    residence.map((x) => [x.country, x.attended]),
    [
      ['FR', '<5'],
      ['BE', '<5'],
      ['DE', '<5'],
      ['SN', '<5'],
    ],
  );
  assert.equal(tables.report[0].cohort, COHORT);
  assert.equal(tables.report[0].min_cell, '5');
});

test('report sessions --room and --region narrow the figures', async () => {
  await simulated();
  const { tables } = await csvOf(['report', 'sessions', '--room', ROOMS[0].id]);
  assert.deepEqual(
    tables.sessions.map((s) => s.room),
    [ROOMS[0].id],
  );
  assert.equal(tables.sessions[0].attended, '6');
  // Five of the six live in Europe (FR, BE, DE), one in Africa (SN), nobody in Asia.
  const region = async (name) =>
    (await csvOf(['report', 'sessions', '--room', ROOMS[0].id, '--region', name])).tables;
  const europe = await region('Europe');
  assert.equal(europe.sessions[0].attended, '5');
  assert.equal(europe.report[0].region, 'Europe');
  assert.equal((await region('Africa')).sessions[0].attended, '<5');
  assert.equal((await region('Asia')).sessions[0].attended, '0');
});

test('report sessions --csv quotes by RFC 4180 and keeps a title from being a formula', async () => {
  const r = expectExit(await admin(['report', 'sessions', '--room', 'cli-imp-other', '--csv']), 0);
  assert.ok(r.stdout.includes(`,"'=HYPERLINK(""http://x.example""), a ""title""",`), show(r));
  const { tables } = parseCsv(r.stdout);
  assert.equal(tables.sessions[0].title, `'${HOSTILE}`);
  // Nobody came: 0 is shown, what does not apply (no cohort, a share of nobody) is empty.
  const s = tables.sessions[0];
  assert.deepEqual([s.attended, s.registered, s.attendance_rate, s.spoke_share], ['0', '', '', '']);
  const table = expectExit(await admin(['report', 'sessions', '--room', 'cli-imp-other']), 0).stdout;
  assert.deepEqual(line(table, 'cli-imp-other').slice(2, 5), ['-', '0', '-']);
});

test('report cohort: retention, first-time and returning, the drop-off, as a table and CSV', async () => {
  await simulated();
  const r = expectExit(await admin(['report', 'cohort', '--cohort', COHORT]), 0);
  const c = EXPECTED.cohort;
  const d = c.drop_off;
  assert.deepEqual(
    line(r.stdout, String(c.roster)),
    [
      c.roster,
      c.attended_any,
      c.never,
      d.attended_first,
      d.came_back,
      d.dropped,
      d.dropped_share,
      d.one_time,
    ].map(String),
  );
  assert.deepEqual(line(r.stdout, '2').slice(0, 3), ['2', 'x', '<5'], 'retention at 2 sessions');

  const { tables } = await csvOf(['report', 'cohort', '--cohort', COHORT]);
  assert.deepEqual(tables.cohort, [
    {
      table: 'cohort',
      roster: '7',
      attended_any: '7',
      never: '0',
      attended_first: '6',
      came_back: 'x',
      dropped: '<5',
      dropped_share: '<5',
      one_time: '<5',
    },
  ]);
  assert.deepEqual(
    tables.sessions.map((s) => [s.room, s.attended, s.first_time, s.returning]),
    ROOMS.map((x, i) => [
      x.id,
      ...['attended', 'first_time', 'returning'].map((k) => String(c.sessions[i][k])),
    ]),
  );
  assert.deepEqual(
    tables.retention.map((x) => [x.sessions, x.people, x.share]),
    c.retention.map((x) => [String(x.sessions), String(x.people), String(x.share)]),
  );
});

test('report matching: the funnel of the cohort, with --json, as a table and CSV', async () => {
  await simulated();
  const json = await adminJson(['report', 'matching', '--cohort', COHORT]);
  const step = (name) => json.funnel.find((s) => s.step === name);
  assert.equal(step('requested').people, EXPECTED.requested);
  assert.equal(step('offered').people, EXPECTED.offered);
  const r = expectExit(await admin(['report', 'matching', '--cohort', COHORT]), 0);
  assert.deepEqual(line(r.stdout, 'requested').slice(0, 2), ['requested', '6']);
  assert.deepEqual(line(r.stdout, 'offered').slice(0, 2), ['offered', '<5']);
  assert.match(r.stdout, /^Unmatched mentees$/m);

  const { tables } = await csvOf(['report', 'matching', '--cohort', COHORT]);
  assert.deepEqual(
    tables.funnel.map((s) => s.step),
    ['requested', 'offered', 'accepted', 'active', 'lasting'],
  );
  assert.deepEqual(
    tables.funnel.slice(0, 2).map((s) => [s.people, s.share]),
    [
      ['6', '1'],
      ['<5', '<5'],
    ],
  );
  const lasting = tables.funnel[4];
  assert.deepEqual(
    [lasting.people, lasting.share, lasting.eligible],
    ['0', '', '0'],
    'null is an empty field',
  );
  assert.equal(tables.unmatched[0].filter, 'all');
  assert.equal(tables.unmatched[0].mentees, String(json.unmatched.mentees));
  // Every figure of every table is the server's: the CSV adds and drops nothing.
  sameFigures(tables.funnel, json.funnel, ['step', 'people', 'share', 'eligible'], 'funnel');
  sameFigures(tables.time_to_match, [json.time_to_match], ['matches', 'median_hours', 'p75_hours'], 'wait');
  const load = ['load', 'offers', 'accepted', 'declined', 'expired', 'rate'];
  sameFigures(tables.acceptance_by_load, json.acceptance_by_load, load, 'by load');
  sameFigures(tables.unmatched.slice(1), json.unmatched.by_filter, ['filter', 'mentees'], 'unmatched');
  // Nobody of the cohort lives in Oceania.
  const far = await csvOf(['report', 'matching', '--cohort', COHORT, '--region', 'Oceania']);
  assert.equal(far.tables.funnel[0].people, '0');
  const future = await csvOf(['report', 'matching', '--from', String(Date.now() + 86400000)]);
  assert.equal(future.tables.funnel[0].people, '0');
});
