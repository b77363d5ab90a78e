// Admin socket, people and messages: mute, kick, ban (timed and permanent),
// message.delete. The moderator signs in on one node; the person concerned
// has a connection on each node, so every effect is checked on both.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, ids, isMessage, isPresence, sayMany, useCluster } from '../lib/harness.mjs';
import {
  adminClient,
  adminEnv,
  adminFail,
  adminOk,
  auditHas,
  eventually,
  facilitator,
  isDeleted,
  isModerated,
  newAdminSecret,
} from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = ['mute-room', 'unmute-room', 'kick-room', 'ban-room', 'tban-room', 'away-room', 'del-room'];
const cluster = useCluster({ servers: 2, env: adminEnv(SECRET), seed: baseSeed(ROOM_IDS) });
const root = (i = 0) => adminClient(cluster, i, { secret: SECRET });

// A person with a connection in room on each node: {user, token, on: [client0, client1]}.
async function everywhere(room, tag) {
  const p = await cluster.member(1, room, { tag });
  const tab = await cluster.tab(0, p.token);
  await tab.client.ok('join', { room });
  return { user: p.user, token: p.token, on: [tab.client, p.client] };
}

test('a timed mute: moderated on both nodes, say is muted everywhere, then it ends by itself', async () => {
  const room = 'mute-room';
  const p = await everywhere(room, 'muted');
  const other = await cluster.member(0, room);
  const fac = await facilitator(cluster, 0);
  const before = Date.now();
  assert.deepEqual(
    Object.keys(await fac.ok('user.mute', { room, user: p.user.id, seconds: 2, reason: 'Calm down' })).sort(),
    ['re', 'type'],
  );
  for (const client of p.on) {
    const ev = await client.next(isModerated(room, 'muted'));
    assert.equal(ev.reason, 'Calm down');
    assert.equal(typeof ev.until, 'number', JSON.stringify(ev));
    assert.ok(ev.until >= before + 1000 && ev.until <= Date.now() + 3000, `until ${ev.until}`);
  }
  for (const client of p.on) await client.fail('say', { room, text: 'but…' }, 'muted');
  await other.client.ok('say', { room, text: 'I may still talk' });
  const entry = await auditHas(fac, { action: 'user.mute', room, target: p.user.id, actor: fac.user.id });
  assert.equal(entry.detail, 'Calm down');
  // Two seconds later the mute is over on both nodes, with nobody lifting it.
  for (const client of p.on)
    await eventually('say after the mute ends', () => client.req('say', { room, text: 'back' }));
  // Nothing said while muted was stored.
  const { history } = await (await cluster.user(1)).client.ok('join', { room });
  assert.deepEqual(
    history.map((m) => m.text),
    ['I may still talk', 'back', 'back'],
  );
});

test('user.unmute lifts a long mute at once on both nodes', async () => {
  const room = 'unmute-room';
  const p = await everywhere(room, 'unmuted');
  const admin = await root(1);
  await admin.ok('user.mute', { room, user: p.user.id, seconds: 3600 });
  for (const client of p.on) {
    await client.next(isModerated(room, 'muted'));
    await client.fail('say', { room, text: 'hello?' }, 'muted');
  }
  await admin.ok('user.unmute', { room, user: p.user.id });
  for (const client of p.on) await client.ok('say', { room, text: 'thank you' });
  await auditHas(admin, { action: 'user.unmute', room, target: p.user.id, actor: 'bootstrap' });
});

test('a mute of somebody offline applies when they come and is per room', async () => {
  const room = 'away-room';
  const p = await cluster.user(1, { tag: 'away' });
  const admin = await root(0);
  await admin.ok('user.mute', { room, user: p.user.id, seconds: 3600 });
  await p.client.ok('join', { room });
  await p.client.fail('say', { room, text: 'hi' }, 'muted');
  await p.client.ok('join', { room: 'del-room' });
  await p.client.ok('say', { room: 'del-room', text: 'fine here' });
  await admin.ok('user.unmute', { room, user: p.user.id });
});

test('kick removes every connection from the room on both nodes; others see left; rejoin works', async () => {
  const room = 'kick-room';
  const p = await everywhere(room, 'kicked');
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);
  const fac = await facilitator(cluster, 1);
  await fac.ok('user.kick', { room, user: p.user.id, reason: 'Off topic' });
  for (const client of p.on) {
    const ev = await client.next(isModerated(room, 'kicked'));
    assert.equal(ev.reason, 'Off topic');
  }
  for (const q of [a, b]) await q.client.next(isPresence(room, p.user, 'left'));
  for (const client of p.on) await client.fail('say', { room, text: 'still here?' }, 'forbidden');
  // Somebody who says something now reaches the others but not the kicked person.
  const said = await a.client.ok('say', { room, text: 'after the kick' });
  await b.client.next(isMessage(room, said.message.id));
  for (const client of p.on) await client.none(isMessage(room, said.message.id), 200);
  // A kick is not a ban.
  await p.on[1].ok('join', { room });
  await a.client.next(isPresence(room, p.user, 'joined'));
  await p.on[1].ok('say', { room, text: 'sorry' });
  await auditHas(fac, { action: 'user.kick', room, target: p.user.id, actor: fac.user.id });
});

test('ban: moderated, out of the room, join banned from either node; unban restores', async () => {
  const room = 'ban-room';
  const p = await everywhere(room, 'banned');
  const a = await cluster.member(0, room);
  const admin = await root(0);
  await admin.ok('user.ban', { room, user: p.user.id, reason: 'Harassment' });
  for (const client of p.on) {
    const ev = await client.next(isModerated(room, 'banned'));
    assert.equal(ev.reason, 'Harassment');
    assert.equal(ev.until, undefined, `a permanent ban has no until: ${JSON.stringify(ev)}`);
  }
  await a.client.next(isPresence(room, p.user, 'left'));
  for (const client of p.on) {
    await client.fail('say', { room, text: 'let me in' }, 'forbidden');
    await client.fail('join', { room }, 'banned');
  }
  // A fresh sign-in from either node is banned too.
  for (const i of [0, 1]) {
    const tab = await cluster.tab(i, p.token);
    await tab.client.fail('join', { room }, 'banned');
  }
  // The ban is for this room only.
  await p.on[0].ok('join', { room: 'del-room' });
  await auditHas(admin, { action: 'user.ban', room, target: p.user.id, actor: 'bootstrap' });

  await admin.ok('user.unban', { room, user: p.user.id });
  for (const client of p.on) await client.ok('join', { room });
  await p.on[1].ok('say', { room, text: 'I am back' });
  await auditHas(admin, { action: 'user.unban', room, target: p.user.id, actor: 'bootstrap' });
});

test('a timed ban carries until and ends by itself', async () => {
  const room = 'tban-room';
  const p = await everywhere(room, 'tbanned');
  const fac = await facilitator(cluster, 1);
  const before = Date.now();
  await fac.ok('user.ban', { room, user: p.user.id, seconds: 2 });
  for (const client of p.on) {
    const ev = await client.next(isModerated(room, 'banned'));
    assert.equal(typeof ev.until, 'number', JSON.stringify(ev));
    assert.ok(ev.until >= before + 1000 && ev.until <= Date.now() + 3000, `until ${ev.until}`);
  }
  for (const client of p.on) await client.fail('join', { room }, 'banned');
  for (const client of p.on) await eventually('join after the ban ends', () => client.req('join', { room }));
  await p.on[0].ok('say', { room, text: 'two seconds later' });
});

test('message.delete: clients on both nodes are told; gone from join, join since, history', async () => {
  const room = 'del-room';
  const author = await cluster.member(0, room);
  const a = await cluster.member(0, room);
  const b = await cluster.member(1, room);
  const msgs = await sayMany(author.client, room, 4, 'line');
  for (const q of [a, b]) await q.client.collect(isMessage(room), 4);
  const gone = msgs[2];
  const admin = await root(1);
  const ok = await adminOk(admin, 'message.delete', { room, id: gone.id });
  assert.equal(ok.re, gone.id);
  for (const q of [author, a, b]) {
    const ev = await q.client.next(isDeleted(room, gone.id));
    assert.deepEqual(ev, { type: 'message.deleted', room, id: gone.id });
  }
  const kept = ids(msgs).filter((id) => id !== gone.id);
  for (const i of [0, 1]) {
    const late = await cluster.user(i);
    const joined = await late.client.ok('join', { room });
    assert.deepEqual(
      ids(joined.history).filter((id) => ids(msgs).includes(id)),
      kept,
      `join history on node ${i}`,
    );
    const tab = await cluster.tab(i, late.token);
    const { history } = await tab.client.ok('join', { room, since: msgs[0].id });
    assert.deepEqual(ids(history), kept.slice(1), `join since on node ${i}`);
    const back = await late.client.ok('history', { room, before: msgs[3].id });
    assert.deepEqual(
      ids(back.messages).filter((id) => ids(msgs).includes(id)),
      kept.slice(0, 2),
      `history on node ${i}`,
    );
  }
  await adminFail(admin, 'message.delete', { room, id: gone.id }, 'not_found');
  await auditHas(admin, { action: 'message.delete', room, target: gone.id, actor: 'bootstrap' });
});
