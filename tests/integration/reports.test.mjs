// Safeguarding reports: a participant reports a message, the report keeps a snapshot of it
// and the 10 before, facilitators on every node hear of it live, 3 different reporters hide
// the message for participants until reviewed, and the review queue resolves it (dismiss,
// delete, mute, kick, ban, escalate to the safeguarding lead), every step audited. Two
// nodes, one Redis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, ids, sayMany, useCluster } from '../lib/harness.mjs';
import {
  adminClient,
  adminEnv,
  auditHas,
  facilitator,
  isDeleted,
  isModerated,
  newAdminSecret,
} from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = ['rep-snap', 'rep-bad', 'rep-rate', 'rep-hide', 'rep-act', 'rep-esc'];
const cluster = useCluster({
  servers: 2,
  env: { ...adminEnv(SECRET), PASSERELLE_SAY_BURST: 100, PASSERELLE_SAY_RATE: 100 },
  seed: baseSeed(ROOM_IDS),
});
const root = (i = 0) => adminClient(cluster, i, { secret: SECRET });
const isReport = (type, id) => (m) => m.type === type && (!id || m.report?.id === id);

test('report: acknowledged, with a snapshot of the message and the 10 before it, to facilitators on both nodes', async () => {
  const room = 'rep-snap';
  const fac0 = await facilitator(cluster, 0);
  const fac1 = await facilitator(cluster, 1);
  const author = await cluster.member(0, room);
  const reporter = await cluster.member(1, room);
  const said = await sayMany(author.client, room, 12, 'line');
  const target = said[11];

  const { report } = await reporter.client.ok('report', {
    room,
    message: target.id,
    reason: 'harassment',
    note: 'Third time today.',
  });
  assert.deepEqual(Object.keys(report).sort(), ['id', 'message', 'reason', 'room', 'state']);
  assert.deepEqual(
    [report.room, report.message, report.reason, report.state],
    [room, target.id, 'harassment', 'open'],
  );

  for (const fac of [fac0, fac1]) {
    const ev = await fac.next(isReport('report.new', report.id));
    assert.equal(ev.report.author, author.user.id);
    assert.deepEqual(ev.report.reporter, { id: reporter.user.id, name: reporter.user.name });
    assert.equal(ev.report.note, 'Third time today.');
    assert.equal(ev.report.reporters, 1);
    assert.equal(ev.report.hidden, false);
    assert.deepEqual(
      ids(ev.report.snapshot),
      ids(said.slice(1)),
      'the message and the 10 before, oldest first',
    );
  }
  // Deleting the message later does not destroy the evidence.
  await fac0.ok('message.delete', { room, message: target.id });
  const { reports } = await fac1.ok('report.list', { room });
  const kept = reports.find((r) => r.id === report.id);
  assert.equal(kept.snapshot.at(-1).text, 'line 12');
  assert.equal(kept.state, 'open');
});

test('report: each refusal, and nothing stored', async () => {
  const room = 'rep-bad';
  const author = await cluster.member(0, room);
  const p = await cluster.member(1, room);
  const [m] = await sayMany(author.client, room, 1);
  await p.client.fail('report', { room, message: m.id, reason: 'rude' }, 'bad_request');
  await p.client.fail('report', { room, message: m.id }, 'bad_request');
  await p.client.fail('report', { room, message: 'nope', reason: 'spam' }, 'bad_request');
  await p.client.fail(
    'report',
    { room, message: m.id, reason: 'spam', note: 'x'.repeat(1001) },
    'bad_request',
  );
  await p.client.fail('report', { room, message: '1-0', reason: 'spam' }, 'not_found');
  await p.client.fail('report', { room: 'rep-snap', message: m.id, reason: 'spam' }, 'forbidden');
  await author.client.fail('report', { room, message: m.id, reason: 'spam' }, 'forbidden');
  const outsider = await cluster.user(0);
  await outsider.client.fail('report', { room, message: m.id, reason: 'spam' }, 'forbidden');
  const fac = await facilitator(cluster, 0);
  assert.equal((await fac.ok('report.list', { room })).reports.length, 0);
  await p.client.ok('report', { room, message: m.id, reason: 'spam' });
  await p.client.fail('report', { room, message: m.id, reason: 'hate' }, 'conflict');
  assert.equal((await fac.ok('report.list', { room })).reports.length, 1);
});

test('report: at most 20 an hour per person, counted across nodes', async () => {
  const room = 'rep-rate';
  const author = await cluster.member(0, room);
  const said = await sayMany(author.client, room, 21);
  const { client, token } = await cluster.member(0, room);
  const other = (await cluster.tab(1, token)).client;
  await other.ok('join', { room });
  for (let i = 0; i < 20; i++)
    await (i % 2 ? other : client).ok('report', { room, message: said[i].id, reason: 'spam' });
  const err = await other.fail('report', { room, message: said[20].id, reason: 'spam' }, 'rate_limited');
  assert.ok(err.retry_after_ms > 3500 * 1000 && err.retry_after_ms <= 3600 * 1000, JSON.stringify(err));
});

test('3 different reporters hide a message from participants on both nodes; facilitators still see it', async () => {
  const room = 'rep-hide';
  const author = await cluster.member(0, room);
  const r = [await cluster.member(1, room), await cluster.member(0, room), await cluster.member(1, room)];
  const [before, bad, after] = await sayMany(author.client, room, 3);
  const fac = await facilitator(cluster, 1);
  await fac.ok('room.watch', { room });

  await r[0].client.ok('report', { room, message: bad.id, reason: 'hate' });
  await r[1].client.ok('report', { room, message: bad.id, reason: 'hate' });
  let history = (await (await cluster.user(1)).client.ok('join', { room })).history;
  assert.deepEqual(ids(history), ids([before, bad, after]), 'two reporters do not hide it');

  await r[2].client.ok('report', { room, message: bad.id, reason: 'hate', note: 'slur' });
  const isHidden = (m) => m.type === 'message.hidden' && m.room === room && m.id === bad.id;
  for (const p of [author, ...r]) await p.client.next(isHidden);
  await fac.next(isHidden);

  const late = await cluster.user(0);
  history = (await late.client.ok('join', { room })).history;
  assert.deepEqual(ids(history), ids([before, after]));
  const page = await late.client.ok('history', { room, before: `${Date.now() + 1000}-0` });
  assert.deepEqual(ids(page.messages), ids([before, after]));
  const resumed = await r[0].client.ok('join', { room, since: before.id });
  assert.ok(!ids(resumed.history).includes(bad.id), 'resume left it out');
  const watched = await (await facilitator(cluster, 0)).ok('room.watch', { room });
  assert.deepEqual(ids(watched.history), ids([before, bad, after]), 'facilitators see everything');

  const { reports } = await fac.ok('report.list', { room });
  assert.equal(reports.length, 3);
  assert.ok(reports.every((x) => x.hidden && x.reporters === 3));

  // Dismissed: the members on both nodes are given it back, and history holds it again.
  const isShown = (m) => m.type === 'message.shown' && m.room === room && m.message?.id === bad.id;
  const shown = [author, ...r].map((p) => p.client.next(isShown));
  await fac.ok('report.resolve', { report: reports[0].id, action: 'dismiss', note: 'context' });
  for (const s of await Promise.all(shown)) assert.deepEqual(s.message, bad);
  history = (await (await cluster.user(0)).client.ok('join', { room })).history;
  assert.deepEqual(ids(history), ids([before, bad, after]));
  // A second dismissal finds nothing hidden and says nothing.
  await fac.ok('report.resolve', { report: reports[1].id, action: 'dismiss', note: '' });
  await r[0].client.none(isShown);
});

test('report.resolve: dismiss shows the message again, delete removes it, mute, kick and ban act on the author', async () => {
  const room = 'rep-act';
  const fac = await facilitator(cluster, 0);
  const watcher = await facilitator(cluster, 1);
  const author = await cluster.member(1, room);
  const p = await cluster.member(0, room);
  const said = await sayMany(author.client, room, 5);
  const reportOf = async (m) =>
    (await p.client.ok('report', { room, message: m.id, reason: 'spam' })).report.id;

  await fac.fail('report.resolve', { report: 'p000000000000', action: 'dismiss', note: '' }, 'not_found');
  const r0 = await reportOf(said[0]);
  await fac.fail('report.resolve', { report: r0, action: 'forgive', note: '' }, 'bad_request');
  await fac.fail('report.resolve', { report: r0, action: 'dismiss' }, 'bad_request');
  const { report } = await fac.ok('report.resolve', { report: r0, action: 'dismiss', note: 'Banter' });
  assert.equal(report.state, 'resolved');
  assert.deepEqual(
    [report.resolution.action, report.resolution.note, report.resolution.by.id],
    ['dismiss', 'Banter', fac.user.id],
  );
  assert.equal((await watcher.next(isReport('report.updated', r0))).report.state, 'resolved');
  await fac.fail('report.resolve', { report: r0, action: 'delete', note: '' }, 'conflict');
  await auditHas(fac, { room, action: 'report.resolve', target: r0, actor: fac.user.id });

  const r1 = await reportOf(said[1]);
  await fac.ok('report.resolve', { report: r1, action: 'delete', note: '' });
  await p.client.next(isDeleted(room, said[1].id));

  const r2 = await reportOf(said[2]);
  await fac.ok('report.resolve', { report: r2, action: 'mute', note: 'Cool off' });
  await author.client.next(isModerated(room, 'muted'));
  await author.client.fail('say', { room, text: 'again' }, 'muted');

  const r3 = await reportOf(said[3]);
  await fac.ok('report.resolve', { report: r3, action: 'kick', note: '' });
  await author.client.next(isModerated(room, 'kicked'));

  const r4 = await reportOf(said[4]);
  await fac.ok('report.resolve', { report: r4, action: 'ban', note: '' });
  await author.client.fail('join', { room }, 'banned');

  const open = (await fac.ok('report.list', { room })).reports;
  assert.equal(open.length, 0, 'resolved reports leave the open queue');
  const all = (await fac.ok('report.list', { room, state: 'all' })).reports;
  assert.deepEqual(all.map((x) => x.id).sort(), [r0, r1, r2, r3, r4].sort());
  assert.equal((await fac.ok('report.list', { room, state: 'resolved' })).reports.length, 5);
  await fac.fail('report.list', { state: 'closed' }, 'bad_request');
});

test('escalate: the report goes to the safeguarding lead, whom a facilitator cannot overrule', async () => {
  const room = 'rep-esc';
  const admin = await root(0);
  const lead = await cluster.user(1, { tag: 'lead' });
  const { user } = await admin.ok('user.role', { user: lead.user.id, role: 'safeguarding' });
  assert.equal(user.role, 'safeguarding');
  const leadAdmin = await adminClient(cluster, 1, { token: lead.token });
  assert.equal(leadAdmin.user.role, 'safeguarding');

  const fac = await facilitator(cluster, 0);
  const author = await cluster.member(0, room);
  const p = await cluster.member(1, room);
  const [m] = await sayMany(author.client, room, 1);
  const { report } = await p.client.ok('report', { room, message: m.id, reason: 'self-harm' });
  await leadAdmin.next(isReport('report.new', report.id));

  const esc = await fac.ok('report.resolve', { report: report.id, action: 'escalate', note: 'For the lead' });
  assert.equal(esc.report.state, 'escalated');
  await fac.fail('report.resolve', { report: report.id, action: 'dismiss', note: '' }, 'forbidden');
  assert.equal((await leadAdmin.ok('report.list', { state: 'escalated' })).reports[0].id, report.id);
  const done = await leadAdmin.ok('report.resolve', {
    report: report.id,
    action: 'dismiss',
    note: 'Called the family',
  });
  assert.equal(done.report.state, 'resolved');
  await auditHas(fac, { room, action: 'report.resolve', target: report.id, actor: fac.user.id });
  await auditHas(fac, { room, action: 'report.resolve', target: report.id, actor: lead.user.id });
  assert.ok((await p.client.ok('join', { room })).history.some((x) => x.id === m.id));
});
