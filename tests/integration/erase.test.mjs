// Erasure: account.delete by the person, user.delete by staff. Two nodes, one Redis: after
// it, a scan of the whole keyspace finds neither the person's id nor their email, their
// messages are tombstones in place, their sessions are refused on every node, and the email
// can register again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, useCluster, validProfile } from '../lib/harness.mjs';
import { adminFail, adminOk, facilitator } from '../lib/admin.mjs';
import { clusterTest, enrol, matchAdmin, runRound, statusOf, offersOf } from '../lib/match.mjs';
import { sleep } from '../lib/processes.mjs';
import { keyspaceDump } from '../lib/redis.mjs';

const cluster = useCluster({ servers: 2, seed: baseSeed(['er-a', 'er-b']) });

// Every key of the store whose name or value holds one of needles, as "key (type)".
async function traces(redis, needles) {
  const all = await keyspaceDump(redis);
  return all.filter((x) => needles.some((n) => x.text.includes(n))).map((x) => `${x.k} (${x.type})`);
}

// Presence goes as each node signs the connections out: wait for the store to be clean.
async function noTraces(redis, needles) {
  let hits;
  for (let i = 0; i < 40; i++) {
    hits = await traces(redis, needles);
    if (hits.length === 0) return;
    await sleep(100);
  }
  assert.deepEqual(hits, [], `still in the store: ${needles.join(', ')}`);
}

// Léa (on both nodes) and Sam talk in two rooms, report each other's messages, and Léa is
// muted and unmuted: her traces are in messages, reports, audit, nonces and presence.
async function conversation(fac) {
  const lea = await cluster.member(0, 'er-a', { name: 'Léa Erased' });
  await lea.client.ok('join', { room: 'er-b' });
  const tab = await cluster.tab(1, lea.token);
  await tab.client.ok('join', { room: 'er-b' });
  const sam = await cluster.member(1, 'er-a', { name: 'Sam Stays' });
  await sam.client.ok('join', { room: 'er-b' });
  await lea.client.ok('profile.set', { profile: validProfile({ bio: 'Lea bio' }) });
  // A raised hand outlives a dropped connection: the erasure must take it down itself.
  await lea.client.ok('hand.raise', { room: 'er-a' });
  const said = [];
  const say = async (p, room, text, extra = {}) => {
    said.push({ who: p, room, m: (await p.client.ok('say', { room, text, ...extra })).message });
  };
  await say(sam, 'er-a', 'Sam first');
  await say(lea, 'er-a', 'Lea secret one', { nonce: 'n-lea-1' });
  await say(sam, 'er-a', 'Sam second');
  await say(lea, 'er-b', 'Lea secret two');
  await say(lea, 'er-a', 'Lea secret three');
  await say(sam, 'er-b', 'Sam in b');
  const find = (text) => said.find((s) => s.m.text === text).m;
  await lea.client.ok('report', { room: 'er-a', message: find('Sam second').id, reason: 'spam' });
  const about = { room: 'er-a', message: find('Lea secret one').id, reason: 'harassment' };
  const { report } = await sam.client.ok('report', about);
  await fac.ok('user.mute', { room: 'er-b', user: lea.user.id, seconds: 30, reason: 'cool off' });
  await fac.ok('user.unmute', { room: 'er-b', user: lea.user.id });
  return { lea, tab, sam, said, find, report };
}

test('account.delete erases the person everywhere, leaves tombstones in order, and ends every session', async () => {
  const fac = await facilitator(cluster, 0);
  const { lea, tab, sam, said, find, report } = await conversation(fac);

  // An open report about her messages holds the erasure: the evidence would go with it.
  await lea.client.fail('account.delete', { password: lea.password }, 'conflict');
  await fac.ok('report.resolve', { report: report.id, action: 'dismiss', note: 'fine' });

  await lea.client.fail('account.delete', { password: 'not her password' }, 'forbidden');
  await lea.client.fail('account.delete', {}, 'bad_request');

  const erasedOnB = sam.client.next((m) => m.type === 'message.erased' && m.room === 'er-b');
  const outOnB = tab.client.next((m) => m.type === 'logged_out');
  await lea.client.ok('account.delete', { password: lea.password });
  await outOnB;
  assert.deepEqual((await erasedOnB).ids, [find('Lea secret two').id]);

  await noTraces(cluster.redis, [lea.user.id, lea.email]);

  // History reads in order, the erased messages in their places without text or name.
  const { messages: history } = await sam.client.ok('history', {
    room: 'er-a',
    before: '99999999999999-0',
    limit: 50,
  });
  const want = said.filter((s) => s.room === 'er-a');
  assert.deepEqual(
    history.map((m) => m.id),
    want.map((s) => s.m.id),
  );
  for (const [i, m] of history.entries()) {
    if (want[i].who === lea) {
      assert.deepEqual(
        [m.text, m.erased, m.from.id, m.from.name],
        ['', true, 'erased', ''],
        JSON.stringify(m),
      );
    } else {
      assert.equal(m.text, want[i].m.text);
      assert.equal(m.erased, undefined);
    }
  }

  // Her tokens are refused on both nodes; her email no longer signs in, and registers anew.
  for (const i of [0, 1]) {
    const c = await cluster.client(i);
    await c.fail('auth', { token: lea.token }, 'unauthorized');
    await c.fail('login', { email: lea.email, password: lea.password }, 'unauthorized');
  }
  await tab.client.fail('say', { room: 'er-b', text: 'still here?' }, 'unauthorized');
  const again = await cluster.client(1);
  const fresh = await again.ok('register', {
    email: lea.email,
    password: lea.password,
    name: 'Léa',
    role: 'mentee',
  });
  assert.notEqual(fresh.user.id, lea.user.id);

  // The audit keeps what was done, not to whom.
  const { entries } = await fac.ok('audit.list', { limit: 50 });
  const mute = entries.find((e) => e.action === 'user.mute' && e.room === 'er-b' && e.detail === 'cool off');
  assert.equal(mute.target, 'erased');
  assert.ok(entries.some((e) => e.action === 'account.delete' && e.actor.id === 'erased'));
  // The report she made stays for the facilitators, by no one.
  const { reports } = await fac.ok('report.list', { state: 'all' });
  const hers = reports.find((r) => r.message === find('Sam second').id);
  assert.equal(hers.reporter.id, 'erased');
  assert.equal(hers.reporter.name, '');
});

test('account.delete: wrong passwords count as failed sign-ins', async () => {
  const p = await cluster.user(0);
  for (let i = 0; i < 5; i++) await p.client.fail('account.delete', { password: `wrong-${i}` }, 'forbidden');
  await p.client.fail('account.delete', { password: p.password }, 'rate_limited');
  const c = await cluster.client(1);
  await c.fail('login', { email: p.email, password: p.password }, 'rate_limited');
  await c.fail('account.delete', { password: p.password }, 'unauthorized');
});

test('user.delete: staff erase an account; facilitators cannot erase staff', async () => {
  const fac = await facilitator(cluster, 1);
  const p = await cluster.member(0, 'er-a', { name: 'Pat Gone' });
  const { message } = await p.client.ok('say', { room: 'er-a', text: 'Pat was here' });
  const witness = await cluster.member(1, 'er-a');
  const open = { room: 'er-a', message: message.id, reason: 'spam' };
  const { report } = await witness.client.ok('report', open); // staff erase even so
  const out = p.client.next((m) => m.type === 'logged_out');
  await adminOk(fac, 'user.delete', { user: p.user.id });
  await out;
  await noTraces(cluster.redis, [p.user.id, p.email]);
  await adminFail(fac, 'user.delete', { user: p.user.id }, 'not_found');
  // The report stays to be decided, but nobody is left to mute.
  await fac.fail('report.resolve', { report: report.id, action: 'mute', note: '' }, 'not_found');
  await fac.ok('report.resolve', { report: report.id, action: 'dismiss', note: '' });
  await adminFail(fac, 'user.delete', {}, 'bad_request');
  await adminFail(fac, 'user.delete', { user: fac.user.id }, 'forbidden');
  // Not a participant request.
  const other = await cluster.user(0);
  await other.client.fail('user.delete', { user: other.user.id }, 'bad_request');
});

clusterTest('erasing a mentor frees the mentee, withdraws offers and closes the private room', async (c) => {
  const mentor = await enrol(c, 0, {
    role: 'mentor',
    name: 'Rita Mentor',
    languages: { fr: 'native' },
    skills: { fundraising: 5 },
    capacity: 2,
  });
  const first = await enrol(c, 1, {
    role: 'mentee',
    name: 'Mo First',
    languages: { fr: 'C1' },
    skills: { fundraising: 2 },
  });
  const admin = await matchAdmin(c, 0);
  await first.client.ok('match.request', {});
  await runRound(admin);
  const [offer] = await offersOf(mentor.client);
  const { match } = await mentor.client.ok('match.accept', { offer: offer.id });
  const second = await enrol(c, 1, {
    role: 'mentee',
    name: 'No Second',
    languages: { fr: 'C1' },
    skills: { fundraising: 3 },
  });
  await second.client.ok('match.request', {});
  await runRound(admin);
  assert.equal((await statusOf(second.client)).status, 'offered');
  // match.cancel is a mentee's: a mentor sending it withdraws nothing.
  await mentor.client.ok('match.cancel', {});
  assert.equal((await offersOf(mentor.client)).length, 1);

  await mentor.client.ok('account.delete', { password: mentor.password });
  await noTraces(c.redis, [mentor.user.id, mentor.email]);
  assert.equal((await statusOf(first.client)).status, 'none');
  assert.equal((await statusOf(second.client)).status, 'queued');
  await first.client.fail('join', { room: match.room }, 'room_closed');
});
