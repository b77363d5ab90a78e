// account.export: everything stored about the person signed in, as one document, and
// nothing about anyone else. Two nodes, one Redis: the person exports on the node they did
// not chat on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, useCluster, validProfile } from '../lib/harness.mjs';
import { facilitator } from '../lib/admin.mjs';

const cluster = useCluster({ servers: 2, seed: baseSeed(['exp-a', 'exp-b']) });

test('account.export holds the account, profile, messages with room titles, reports made and moderation about the person', async () => {
  const lea = await cluster.member(0, 'exp-a', { name: 'Léa Martin' });
  await lea.client.ok('join', { room: 'exp-b' });
  const other = await cluster.member(0, 'exp-a', { name: 'Samuel Okafor' });
  await other.client.ok('join', { room: 'exp-b' });
  await lea.client.ok('profile.set', { profile: validProfile({ bio: 'Lea writes here' }) });
  const mine = [
    (await lea.client.ok('say', { room: 'exp-a', text: 'Lea in A' })).message,
    (await lea.client.ok('say', { room: 'exp-b', text: 'Lea in B' })).message,
  ];
  const theirs = (await other.client.ok('say', { room: 'exp-a', text: 'Someone else speaking' })).message;
  await other.client.ok('say', { room: 'exp-b', text: 'Not Lea either' });
  const { report } = await lea.client.ok('report', {
    room: 'exp-a',
    message: theirs.id,
    reason: 'other',
    note: 'checking',
  });
  const fac = await facilitator(cluster, 0);
  await fac.ok('user.mute', { room: 'exp-b', user: lea.user.id, seconds: 60, reason: 'calm down' });
  await fac.ok('user.mute', { room: 'exp-b', user: other.user.id, seconds: 60, reason: 'them too' });

  const tab = await cluster.tab(1, lea.token);
  const exp = await tab.client.ok('account.export');
  assert.deepEqual(
    [exp.account.id, exp.account.email, exp.account.name, exp.account.role],
    [lea.user.id, lea.email, lea.user.name, 'mentee'],
  );
  assert.equal(typeof exp.account.created_at, 'number');
  assert.equal(typeof exp.exported_at, 'number');
  assert.equal(exp.profile.bio, 'Lea writes here');
  assert.equal(exp.matching, null);
  assert.deepEqual(
    exp.messages.map((m) => [m.id, m.room, m.text, m.room_title]).sort(),
    [
      [mine[0].id, 'exp-a', 'Lea in A', 'Room exp-a'],
      [mine[1].id, 'exp-b', 'Lea in B', 'Room exp-b'],
    ].sort(),
  );
  assert.deepEqual(
    exp.reports.map((r) => [r.id, r.room, r.message, r.reason, r.note, r.state]),
    [[report.id, 'exp-a', theirs.id, 'other', 'checking', 'open']],
  );
  assert.deepEqual(
    exp.moderation.map((e) => [e.action, e.room, e.target, e.detail]),
    [['user.mute', 'exp-b', lea.user.id, 'calm down']],
  );
  assert.deepEqual(exp.matches, []);

  // Nothing of the other person: not their email, name, words, nor their mute.
  const text = JSON.stringify(exp);
  for (const s of [other.email, other.user.name, 'Someone else speaking', 'Not Lea either', 'them too'])
    assert.ok(!text.includes(s), `the export holds someone else's data: ${s}`);
});

test('account.export needs a signed-in person and stores nothing', async () => {
  const c = await cluster.client(1);
  await c.fail('account.export', {}, 'unauthorized');
});
