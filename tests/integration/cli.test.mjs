// The admin command line, build/passerelle-admin, against two real nodes: the
// CLI talks to node 1's admin listener, participants sit on node 2, so every
// effect is also seen across nodes. Checks each command's output and exit code
// (0 done, 1 refused, 2 usage, 3 unreachable) and that --json output parses.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import {
  baseSeed,
  freePort,
  isMessage,
  PEOPLE,
  randomHex,
  ROOMS,
  useCluster,
  waitFor,
} from '../lib/harness.mjs';
import { cliEnv, cliFor, expectExit, runCli, show, startCli } from '../lib/cli.mjs';

const ADMIN_SECRET = randomHex(24);
const ROOM_IDS = [
  'cli-state',
  'cli-slow',
  'cli-contact',
  'cli-report',
  'cli-mute',
  'cli-kick',
  'cli-ban',
  'cli-delete',
  'cli-announce',
  'cli-audit',
  'cli-watch',
  'cli-watch-json',
  'cli-poll',
];
const cluster = useCluster({
  servers: 2,
  seed: baseSeed(ROOM_IDS),
  env: { PASSERELLE_ADMIN_SECRET: ADMIN_SECRET },
});
const { secretFile, adminUrl, admin, adminJson } = cliFor(cluster, ADMIN_SECRET);
const start = startCli;
const run = runCli;

// Arguments for a CLI run against url with the admin secret.
const viaSecret = (url, ...args) => ['--url', url, '--secret-file', secretFile(ADMIN_SECRET), ...args];

// The one data row of a table whose first column is id.
function row(stdout, id) {
  return stdout.split('\n').find((line) => line.split(/\s{2,}/)[0] === id);
}

async function signIn(i, person) {
  const c = await cluster.client(i);
  const reply = await c.ok('login', { email: person.email, password: person.password });
  return { client: c, user: reply.user, token: reply.token };
}

const isModerated = (room, action) => (m) => m.type === 'moderated' && m.room === room && m.action === action;

test('--help, per-command help and usage errors exit 0 or 2 without connecting', async () => {
  const help = expectExit(await run(['--help']), 0);
  for (const cmd of ['room create', 'room watch', 'mute', 'ban', 'audit', 'role grant', 'match run'])
    assert.ok(help.stdout.includes(cmd), `--help lacks ${cmd}:\n${help.stdout}`);
  const one = expectExit(await run(['room', 'create', '--help']), 0);
  assert.match(one.stdout, /usage: passerelle-admin .*room create TITLE/);
  assert.match(expectExit(await run(['mute', '--help']), 0).stdout, /DURATION/);
  // The listener is unreachable here: usage errors must not even try it.
  const nowhere = `ws://127.0.0.1:${await freePort()}/admin`;
  const secret = secretFile(`${ADMIN_SECRET}\n`);
  const base = ['--url', nowhere, '--secret-file', secret];
  const cases = [
    [[], /usage/],
    [['frobnicate'], /unknown command/],
    [['room'], /room commands/],
    [['room', 'create'], /usage: .*room create/],
    [['room', 'list', 'extra'], /usage: .*room list/],
    [['room', 'close', 'a', '--bogus', 'x'], /unknown option --bogus/],
    [['mute', 'plaza', 'someone'], /usage: .*mute/],
    [['mute', 'plaza', 'someone', '10x'], /bad duration '10x'/],
    [['mute', 'plaza', 'someone', '0s'], /bad duration/],
    [['ban', 'plaza', 'someone', 'forever'], /bad duration 'forever'/],
    [['room', 'create', 'T', '--starts', 'tomorrow'], /bad --starts time/],
    [['room', 'create', 'T', '--starts', '2026-02-30T10:00Z'], /bad --starts time/],
    [['room', 'create', 'T', '--starts', '+2h', '--ends', '+1h'], /--ends must be after --starts/],
    [['room', 'create', 'T', '--topic'], /--topic needs a value/],
    [['room', 'slowmode', 'plaza', 'fast'], /bad slow mode/],
    [['room', 'contact', 'plaza', 'maybe'], /bad choice 'maybe'/],
    [['report', 'list', '--state', 'closed'], /bad --state 'closed'/],
    [['report', 'resolve', 'p1', 'forgive'], /bad action 'forgive'/],
    [['audit', '--limit', '0'], /bad --limit/],
    [['audit', '--limit', 'ten'], /bad --limit/],
    [['role', 'grant', 'a@example.org', 'king'], /unknown role 'king'/],
    [['announce', '   '], /empty/],
    [['user', 'find', 'not-an-email'], /not an email/],
  ];
  for (const [args, pattern] of cases) {
    const r = await run([...base, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${show(r)}`);
    assert.match(r.stderr, pattern, `${args.join(' ')}: ${show(r)}`);
    assert.equal(r.stdout, '', `${args.join(' ')} printed a result`);
  }
});

test('secrets never come from the command line; bad credential files are usage errors', async () => {
  for (const flag of ['--secret', '--token', '--secret=abc', '--password']) {
    const r = expectExit(await run(['--url', adminUrl(), flag, 'abc', 'room', 'list']), 2);
    assert.match(r.stderr, /never taken from the command line/);
  }
  let r = expectExit(await run(['--url', adminUrl(), 'room', 'list']), 2);
  assert.match(r.stderr, /no credentials/);
  const missing = path.join(cluster.tmp, 'missing');
  r = expectExit(await run(['--url', adminUrl(), '--secret-file', missing, 'room', 'list']), 2);
  assert.match(r.stderr, /cannot read/);
  r = expectExit(await run(['--url', adminUrl(), '--secret-file', secretFile('\n\n'), 'room', 'list']), 2);
  assert.match(r.stderr, /one line/);
  const both = ['--secret-file', secretFile(ADMIN_SECRET), '--token-file', secretFile('t')];
  expectExit(await run(['--url', adminUrl(), ...both, 'room', 'list']), 2);
  expectExit(await run(viaSecret('http://127.0.0.1/admin', 'room', 'list')), 2);
});

test('an unreachable listener exits 3', async () => {
  const port = await freePort();
  const r = expectExit(await run(viaSecret(`ws://127.0.0.1:${port}/admin`, 'room', 'list')), 3);
  assert.match(r.stderr, /cannot reach ws:\/\/127\.0\.0\.1:\d+\/admin/);
  const sock = path.join(cluster.tmp, 'nobody.sock');
  expectExit(await run(['--socket', sock, '--secret-file', secretFile(ADMIN_SECRET), 'room', 'list']), 3);
});

test('a listener that never answers exits 3 (after the 10 s limit)', async () => {
  const port = await freePort();
  const silent = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: (p) => [...p][0] });
  try {
    await new Promise((resolve) => silent.on('listening', resolve));
    const r = expectExit(await run(viaSecret(`ws://127.0.0.1:${port}/admin`, 'room', 'list')), 3);
    assert.match(r.stderr, /no answer to auth from ws:\/\/127\.0\.0\.1:\d+\/admin within 10 s/);
  } finally {
    for (const ws of silent.clients) ws.terminate();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('a wrong secret, a participant token and a facilitator doing admin things exit 1', async () => {
  const wrong = secretFile(`x${ADMIN_SECRET}`);
  let r = expectExit(await run(['--url', adminUrl(), '--secret-file', wrong, 'room', 'list']), 1);
  assert.match(r.stderr, /^unauthorized: ./m);
  const mentee = await cluster.user(1);
  const menteeToken = secretFile(mentee.token);
  r = expectExit(await run(['--url', adminUrl(), '--token-file', menteeToken, 'room', 'list']), 1);
  assert.match(r.stderr, /^forbidden: ./m);
  const fatou = await signIn(1, PEOPLE.fatou);
  const asFatou = ['--url', adminUrl(), '--token-file', secretFile(`${fatou.token}\n`)];
  r = expectExit(await run([...asFatou, 'room', 'list']), 0);
  assert.ok(row(r.stdout, ROOMS.plaza), `facilitator's room list:\n${show(r)}`);
  r = expectExit(await run([...asFatou, 'role', 'grant', mentee.email, 'mentor']), 1);
  assert.match(r.stderr, /^forbidden: ./m);
});

test('address and secret file come from the environment', async () => {
  const file = secretFile(ADMIN_SECRET);
  const port = cluster.node(0).adminPort;
  for (const env of [{ PASSERELLE_ADMIN_URL: adminUrl() }, { PASSERELLE_ADMIN: `127.0.0.1:${port}` }]) {
    const withEnv = cliEnv({ ...env, PASSERELLE_ADMIN_SECRET_FILE: file });
    const r = expectExit(await run(['room', 'list'], { env: withEnv }), 0);
    assert.ok(row(r.stdout, ROOMS.plaza), show(r));
  }
  // The command line wins over the environment.
  const r = await run(['--url', adminUrl(), 'room', 'list'], {
    env: cliEnv({ PASSERELLE_ADMIN: '127.0.0.1:1', PASSERELLE_ADMIN_SECRET_FILE: file }),
  });
  expectExit(r, 0);
});

test('the admin listener on a Unix socket, by --socket and by PASSERELLE_ADMIN=unix:PATH', async () => {
  const sock = path.join(cluster.tmp, `admin-${randomHex(3)}.sock`);
  const node = await cluster.startServer({ env: { PASSERELLE_ADMIN: `unix:${sock}` } });
  try {
    await waitFor('the admin socket file', () => fs.existsSync(sock));
    const file = secretFile(ADMIN_SECRET);
    let r = expectExit(await run(['--socket', sock, '--secret-file', file, 'room', 'stats', ROOMS.plaza]), 0);
    assert.ok(row(r.stdout, ROOMS.plaza), show(r));
    const env = cliEnv({ PASSERELLE_ADMIN: `unix:${sock}`, PASSERELLE_ADMIN_SECRET_FILE: file });
    r = expectExit(await run(['room', 'list'], { env }), 0);
    assert.ok(row(r.stdout, ROOMS.plaza), show(r));
  } finally {
    await cluster.retire(node);
  }
});

test('room create takes ISO 8601 and relative times; room list shows it with local times', async () => {
  const title = `CLI exchange ${randomHex(3)}`;
  const times = ['--starts', '2031-01-02T05:04+02:00', '--ends', '2031-01-02T06:34Z'];
  let r = expectExit(await admin(['room', 'create', title, '--topic', 'Health', ...times]), 0);
  const id = r.stdout.match(/^created room (\S+)$/m)?.[1];
  assert.ok(id, show(r));
  assert.match(r.stdout, /^starts_at\s+2031-01-02 03:04$/m);
  assert.match(r.stdout, /^ends_at\s+2031-01-02 06:34$/m);
  const listed = row(expectExit(await admin(['room', 'list']), 0).stdout, id);
  assert.ok(listed, `room list lacks ${id}`);
  assert.ok(listed.includes(title) && listed.includes('2031-01-02 03:04') && listed.includes('open'), listed);
  // --json gives the raw room; relative times count from now.
  const { room } = await adminJson(['room', 'create', `${title} 2`, '--starts', '+1h', '--ends', '+3h']);
  assert.equal(room.title, `${title} 2`);
  assert.equal(room.ends_at - room.starts_at, 2 * 3600 * 1000);
  const { room: exact } = await adminJson(['room', 'create', `${title} 3`, '--starts', '2031-01-02T03:04Z']);
  assert.equal(exact.starts_at, Date.UTC(2031, 0, 2, 3, 4));
  // A participant sees the new room.
  const p = await cluster.user(1);
  const { rooms } = await p.client.ok('rooms.list');
  assert.ok(
    rooms.some((x) => x.id === id && x.title === title),
    'new room not in rooms.list',
  );
});

test('room list and room stats: every room, closed ones included; --json parses', async () => {
  let r = expectExit(await admin(['room', 'list']), 0);
  assert.match(r.stdout.split('\n')[0], /^ID\s+TITLE\s+KIND\s+STATE\s+STARTS\s+ENDS\s+ONLINE$/);
  assert.match(row(r.stdout, ROOMS.closed) ?? '', /closed/);
  assert.match(row(r.stdout, ROOMS.locked) ?? '', /locked/);
  const { rooms } = await adminJson(['room', 'list']);
  assert.ok(
    rooms.some((x) => x.id === ROOMS.closed && x.state === 'closed'),
    JSON.stringify(rooms),
  );
  await cluster.member(1, 'cli-state');
  r = expectExit(await admin(['room', 'stats', 'cli-state']), 0);
  assert.match(r.stdout.split('\n')[0], /^ID\s+STATE\s+ONLINE\s+MSGS\/1H\s+MSGS\s+SLOW\s+TITLE$/);
  assert.match(row(r.stdout, 'cli-state') ?? '', /^cli-state\s+open\s+1\s/);
  const stats = await adminJson(['room', 'stats', 'cli-state']);
  assert.equal(stats.rooms.length, 1);
  assert.equal(stats.rooms[0].online, 1);
  r = expectExit(await admin(['room', 'stats', 'no-such-room']), 1);
  assert.match(r.stderr, /^not_found: ./m);
});

test('room lock, unlock and close change the room for participants', async () => {
  const p = await cluster.member(1, 'cli-state');
  let r = expectExit(await admin(['room', 'lock', 'cli-state']), 0);
  assert.match(r.stdout, /^room cli-state is now locked$/m);
  await p.client.fail('say', { room: 'cli-state', text: 'hello' }, 'room_locked');
  r = expectExit(await admin(['room', 'unlock', 'cli-state']), 0);
  assert.match(r.stdout, /is now open/);
  await p.client.ok('say', { room: 'cli-state', text: 'hello again' });
  const closed = await adminJson(['room', 'close', 'cli-state']);
  assert.equal(closed.room.state, 'closed');
  const late = await cluster.user(1);
  await late.client.fail('join', { room: 'cli-state' }, 'room_closed');
  r = expectExit(await admin(['room', 'lock', 'no-such-room']), 1);
  assert.match(r.stderr, /^not_found: ./m);
});

test('room slowmode sets and clears slow mode', async () => {
  let r = expectExit(await admin(['room', 'slowmode', 'cli-slow', '30']), 0);
  assert.match(r.stdout, /slow mode in cli-slow: one message per 30s/);
  assert.equal((await adminJson(['room', 'stats', 'cli-slow'])).rooms[0].slow_mode, 30);
  assert.match(row(expectExit(await admin(['room', 'stats', 'cli-slow']), 0).stdout, 'cli-slow'), /\s30s\s/);
  const p = await cluster.member(1, 'cli-slow');
  await p.client.ok('say', { room: 'cli-slow', text: 'one' });
  const err = await p.client.fail('say', { room: 'cli-slow', text: 'two' }, 'slow_mode');
  assert.equal(typeof err.retry_after_ms, 'number');
  r = expectExit(await admin(['room', 'slowmode', 'cli-slow', 'off']), 0);
  assert.match(r.stdout, /slow mode in cli-slow: off/);
  await p.client.ok('say', { room: 'cli-slow', text: 'three' });
});

test('room contact allows contact details in a room, then refuses them again', async () => {
  const listed = async (p) => (await p.client.ok('rooms.list')).rooms.find((x) => x.id === 'cli-contact');
  const p = await cluster.member(1, 'cli-contact');
  assert.equal((await listed(p)).contact_allowed, false);
  let r = expectExit(await admin(['room', 'contact', 'cli-contact', 'allow']), 0);
  assert.match(r.stdout, /^contact details in cli-contact: allowed$/m);
  assert.equal((await listed(p)).contact_allowed, true);
  r = expectExit(await admin(['room', 'contact', 'cli-contact', 'refuse']), 0);
  assert.match(r.stdout, /^contact details in cli-contact: refused$/m);
  assert.equal((await listed(p)).contact_allowed, false);
});

test('report list shows the review queue; report resolve decides a report', async () => {
  const room = 'cli-report';
  const author = await cluster.member(0, room);
  const p = await cluster.member(1, room);
  const { message } = await author.client.ok('say', { room, text: 'buy cheap followers' });
  const { report } = await p.client.ok('report', { room, message: message.id, reason: 'spam' });
  let r = expectExit(await admin(['report', 'list', '--room', room]), 0);
  assert.match(row(r.stdout, report.id), /cli-report\s+spam\s+open\s+1\s+buy cheap followers/);
  r = expectExit(await admin(['report', 'resolve', report.id, 'delete', '--note', 'Spam']), 0);
  assert.match(r.stdout, new RegExp(`^report ${report.id}: delete \\(resolved\\)$`, 'm'));
  r = expectExit(await admin(['report', 'list', '--room', room]), 0);
  assert.match(r.stdout, /^no reports$/m);
  const all = await adminJson(['report', 'list', '--room', room, '--state', 'all']);
  assert.equal(all.reports[0].resolution.note, 'Spam');
  r = await admin(['report', 'resolve', report.id, 'dismiss']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /^conflict: ./m);
});

test('mute and unmute a person given by email, seen on the other node', async () => {
  const p = await cluster.member(1, 'cli-mute');
  let r = expectExit(await admin(['mute', 'cli-mute', p.email, '10m', '--reason', 'off topic']), 0);
  const email = p.email.replace(/[.]/g, '\\.');
  assert.match(r.stdout, new RegExp(`^muted ${email} \\(${p.user.id}\\) in cli-mute for 10m$`, 'm'));
  const ev = await p.client.next(isModerated('cli-mute', 'muted'));
  assert.equal(ev.reason, 'off topic');
  assert.equal(typeof ev.until, 'number');
  await p.client.fail('say', { room: 'cli-mute', text: 'hello' }, 'muted');
  expectExit(await admin(['unmute', 'cli-mute', p.user.id]), 0);
  await p.client.ok('say', { room: 'cli-mute', text: 'hello' });
  r = expectExit(await admin(['mute', 'cli-mute', 'nobody-here@example.org', '10m']), 1);
  assert.match(r.stderr, /^not_found: ./m);
  expectExit(await admin(['mute', 'no-such-room', p.user.id, '1h']), 1);
});

test('kick removes the person from the room; they may rejoin', async () => {
  const p = await cluster.member(1, 'cli-kick');
  const other = await cluster.member(1, 'cli-kick');
  const r = expectExit(await admin(['kick', 'cli-kick', p.email, '--reason=spam']), 0);
  assert.match(r.stdout, /^kicked .* from cli-kick$/m);
  await p.client.next(isModerated('cli-kick', 'kicked'));
  await other.client.next((m) => m.type === 'presence' && m.user?.id === p.user.id && m.state === 'left');
  await p.client.ok('join', { room: 'cli-kick' });
});

test('ban with and without a duration, and unban', async () => {
  const p = await cluster.member(1, 'cli-ban');
  let r = expectExit(await admin(['ban', 'cli-ban', p.user.id, '2h', '--reason', 'abuse']), 0);
  assert.match(r.stdout, /^banned \S+ from cli-ban for 2h$/m);
  const ev = await p.client.next(isModerated('cli-ban', 'banned'));
  assert.equal(typeof ev.until, 'number');
  await p.client.fail('join', { room: 'cli-ban' }, 'banned');
  expectExit(await admin(['unban', 'cli-ban', p.email]), 0);
  await p.client.ok('join', { room: 'cli-ban' });
  r = expectExit(await admin(['ban', 'cli-ban', p.email]), 0);
  assert.match(r.stdout, /until unbanned/);
  await p.client.fail('join', { room: 'cli-ban' }, 'banned');
  assert.deepEqual(await adminJson(['unban', 'cli-ban', p.email]), {});
});

test('delete removes a message from every open client', async () => {
  const a = await cluster.member(1, 'cli-delete');
  const b = await cluster.member(1, 'cli-delete');
  const { message } = await a.client.ok('say', { room: 'cli-delete', text: 'to be removed' });
  let r = expectExit(await admin(['delete', 'cli-delete', message.id]), 0);
  assert.match(r.stdout, new RegExp(`deleted message ${message.id} from cli-delete`));
  const ev = await b.client.next('message.deleted');
  assert.deepEqual({ room: ev.room, id: ev.id }, { room: 'cli-delete', id: message.id });
  const late = await cluster.user(1);
  const { history } = await late.client.ok('join', { room: 'cli-delete' });
  assert.ok(!history.some((m) => m.id === message.id), 'deleted message still in history');
  r = expectExit(await admin(['delete', 'cli-delete', message.id]), 1);
  assert.match(r.stderr, /^not_found: ./m);
});

test('announce to one room joins the words of TEXT', async () => {
  const p = await cluster.member(1, 'cli-announce');
  const r = expectExit(await admin(['announce', '--room', 'cli-announce', 'Break', 'in', '5', 'minutes']), 0);
  assert.match(r.stdout, /announced in cli-announce/);
  const ev = await p.client.next('announcement');
  assert.equal(ev.text, 'Break in 5 minutes');
  assert.equal(ev.room, 'cli-announce');
});

test('audit lists the changes newest first, filtered by room and limited', async () => {
  const p = await cluster.member(1, 'cli-audit');
  expectExit(await admin(['room', 'slowmode', 'cli-audit', '10s']), 0);
  expectExit(await admin(['mute', 'cli-audit', p.email, '90s']), 0);
  expectExit(await admin(['room', 'lock', 'cli-audit']), 0);
  const r = expectExit(await admin(['audit', '--room', 'cli-audit', '--limit', '2']), 0);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^TIME\s+ACTOR\s+ACTION\s+ROOM\s+TARGET\s+DETAIL$/);
  assert.equal(lines.length, 3, show(r));
  assert.match(lines[1], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+bootstrap\s+room\.lock\s+cli-audit/);
  assert.match(lines[2], new RegExp(`bootstrap\\s+user\\.mute\\s+cli-audit\\s+${p.user.id}`));
  const { entries } = await adminJson(['audit', '--room', 'cli-audit']);
  assert.deepEqual(
    entries.map((e) => e.action),
    ['room.lock', 'user.mute', 'room.slowmode'],
  );
  assert.ok(entries.every((e) => e.room === 'cli-audit' && typeof e.ts === 'number'));
  assert.ok(entries[0].ts >= entries[1].ts && entries[1].ts >= entries[2].ts);
});

test('user find, and role grant makes a facilitator who can then use the CLI', async () => {
  const p = await cluster.user(1, { tag: 'future-facilitator' });
  let r = expectExit(await admin(['user', 'find', p.email]), 0);
  assert.match(r.stdout, new RegExp(`^id\\s+${p.user.id}$`, 'm'));
  assert.match(r.stdout, /^role\s+mentee$/m);
  const found = await adminJson(['user', 'find', p.email]);
  assert.deepEqual(found.user, { ...p.account, email: p.email, role: 'mentee', guardian: 'none' });
  r = expectExit(await admin(['user', 'find', 'nobody-at-all@example.org']), 1);
  assert.match(r.stderr, /^not_found: ./m);
  r = expectExit(await admin(['role', 'grant', p.email, 'facilitator']), 0);
  assert.match(r.stdout, new RegExp(`\\(${p.user.id}\\) is now facilitator`));
  assert.equal((await adminJson(['user', 'find', p.email])).user.role, 'facilitator');
  const c = await cluster.client(1);
  const { token } = await c.ok('login', { email: p.email, password: p.password });
  r = expectExit(await run(['--url', adminUrl(), '--token-file', secretFile(token), 'room', 'list']), 0);
  assert.ok(row(r.stdout, ROOMS.plaza), show(r));
  r = expectExit(await admin(['role', 'grant', 'nobody-at-all@example.org', 'mentor']), 1);
  assert.match(r.stderr, /^not_found: ./m);
});

test('user delete erases an account by email', async () => {
  const p = await cluster.user(0, { tag: 'cli-erase' });
  const out = p.client.next((m) => m.type === 'logged_out');
  let r = expectExit(await admin(['user', 'delete', p.email]), 0);
  assert.match(r.stdout, new RegExp(`^${p.user.id} erased$`, 'm'));
  await out;
  r = expectExit(await admin(['user', 'find', p.email]), 1);
  assert.match(r.stderr, /^not_found: ./m);
  r = expectExit(await admin(['user', 'delete', p.user.id]), 1);
  assert.match(r.stderr, /^not_found: ./m);
});

test('user consent records and takes back a guardian consent; the person is told live', async () => {
  const young = await cluster.client(1);
  const email = `cli-young-${randomHex(4)}@example.org`;
  const { user } = await young.ok('register', {
    email,
    password: 'young-password-1',
    name: 'Young Person',
    role: 'mentee',
    birth_year: new Date().getUTCFullYear() - 12,
    country: 'FR',
  });
  assert.equal(user.state, 'pending_consent');
  let r = expectExit(await admin(['user', 'find', email]), 0);
  assert.match(r.stdout, /^guardian\s+pending$/m);
  r = expectExit(await admin(['user', 'consent', email, 'yes']), 0);
  assert.match(r.stdout, new RegExp(`guardian consent recorded for ${email} \\(${user.id}\\)`));
  assert.equal((await young.next((m) => m.type === 'account.updated')).user.state, 'active');
  await young.ok('join', { room: ROOMS.plaza });
  assert.equal((await adminJson(['user', 'consent', user.id, 'no'])).user.guardian, 'pending');
  r = expectExit(await admin(['user', 'consent', email, 'maybe']), 2);
  assert.match(r.stderr, /say yes/);
  r = expectExit(await admin(['user', 'consent', PEOPLE.amina.email, 'yes']), 1);
  assert.match(r.stderr, /^conflict: ./m);
});

test('match run and match stats', async () => {
  let r = expectExit(await admin(['match', 'run']), 0);
  assert.match(r.stdout, /^offers\s+\S+$/m);
  const ran = await adminJson(['match', 'run']);
  for (const k of ['offers', 'unmatched', 'total_score', 'ms']) assert.ok(k in ran, `match.run lacks ${k}`);
  r = expectExit(await admin(['match', 'stats']), 0);
  assert.match(r.stdout, /^queued\s+\d+$/m);
  const stats = await adminJson(['match', 'stats']);
  const keys = ['queued', 'pending_offers', 'accepted', 'declined', 'expired', 'acceptance_rate'];
  for (const k of [...keys, 'median_wait_ms']) assert.ok(k in stats, `match.stats lacks ${k}`);
});

test('room watch prints the room live, without control characters, until Ctrl-C', async () => {
  const a = await cluster.member(1, 'cli-watch', { name: 'Watched Person' });
  await a.client.ok('say', { room: 'cli-watch', text: 'before the watch' });
  const proc = start(viaSecret(adminUrl(), 'room', 'watch', 'cli-watch'));
  try {
    await waitFor('the watch to start', () => proc.err.includes('watching cli-watch'));
    assert.match(proc.out, /cli-watch {2}message {2}\[\S+\] Watched Person \(\S+\): before the watch/);
    const b = await cluster.member(1, 'cli-watch', { name: 'Second Person' });
    await a.client.next((m) => m.type === 'presence' && m.user?.id === b.user.id);
    const text = 'red \u001b[31malert\u001b[0m\nnext line';
    const { message } = await a.client.ok('say', { room: 'cli-watch', text });
    await waitFor('the message in the watch', () => proc.out.includes('next line'));
    assert.match(proc.out, /presence {2}Second Person \(\S+\) joined/);
    const line = proc.out.split('\n').find((l) => l.includes('next line'));
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    assert.ok(!/[\u0000-\u001f\u007f]/.test(line), `control characters printed: ${JSON.stringify(line)}`);
    assert.ok(line.includes(message.id), line);
    expectExit(await admin(['delete', 'cli-watch', message.id]), 0);
    await waitFor('the deletion in the watch', () => proc.out.includes(`message.deleted  [${message.id}]`));
    // The watcher is not a member.
    const { members } = await b.client.ok('join', { room: 'cli-watch' });
    assert.deepEqual(members.map((m) => m.id).sort(), [a.user.id, b.user.id].sort());
  } finally {
    proc.kill('SIGINT');
  }
  const r = await proc.done;
  assert.equal(r.code, 0, show(r));
});

test('room watch --json prints one JSON object per line', async () => {
  const a = await cluster.member(1, 'cli-watch-json');
  const proc = start(viaSecret(adminUrl(), '--json', 'room', 'watch', 'cli-watch-json'));
  let lines;
  try {
    await waitFor('the watch reply', () => proc.out.includes('\n'));
    await a.client.ok('say', { room: 'cli-watch-json', text: 'as json' });
    await waitFor('the message event', () => proc.out.includes('as json'));
  } finally {
    proc.kill('SIGTERM');
  }
  const r = await proc.done;
  assert.equal(r.code, 0, show(r));
  lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines[0].room.id, 'cli-watch-json');
  assert.ok(Array.isArray(lines[0].history));
  assert.ok(
    lines.some((m) => isMessage('cli-watch-json')(m) && m.message.text === 'as json'),
    r.stdout,
  );
});

test('a watch whose server goes away exits 3', async () => {
  const node = await cluster.startServer();
  const url = `ws://127.0.0.1:${node.adminPort}/admin`;
  const proc = start(viaSecret(url, 'room', 'watch', ROOMS.plaza));
  await waitFor('the watch to start', () => proc.err.includes('watching'));
  await cluster.retire(node);
  const r = await proc.done;
  assert.equal(r.code, 3, show(r));
  assert.match(r.stderr, /lost the connection/);
});

test('poll create, results, close and list', async () => {
  const room = 'cli-poll';
  const p = await cluster.member(1, room);
  expectExit(await admin(['poll', 'create', room, 'Tea?', 'yes', '--multiple', 'maybe']), 2);
  expectExit(await admin(['poll', 'create', room, 'Tea?', 'yes']), 2);
  const { poll } = await adminJson(['poll', 'create', room, 'Tea?', 'yes', 'no', '--anonymous', 'yes']);
  assert.deepEqual(
    [poll.question, poll.options, poll.anonymous, poll.multiple],
    ['Tea?', ['yes', 'no'], true, false],
  );
  await p.client.ok('poll.vote', { poll: poll.id, options: [1] });
  const res = expectExit(await admin(['poll', 'results', poll.id]), 0);
  assert.match(res.stdout, /Tea\?\s+\(open, anonymous, 1 voted\)/, show(res));
  assert.match(res.stdout, /1\s+no\s+1\s+#{20}/, show(res));
  expectExit(await admin(['poll', 'close', poll.id]), 0);
  expectExit(await admin(['poll', 'close', poll.id]), 1);
  const { polls } = await adminJson(['poll', 'list', room]);
  assert.deepEqual(
    polls.map((x) => [x.id, x.state, x.counts]),
    [[poll.id, 'closed', [0, 1]]],
  );
});
