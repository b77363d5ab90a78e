// Rooms: listing, join rules (not_found, forbidden, room_closed, locked),
// members and presence on join, leave and disconnect, across two nodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, isMessage, isPresence, PEOPLE, ROOMS, useCluster } from '../lib/harness.mjs';

const SEED = baseSeed(['count', 'tabs', 'leave', 'drop', 'members']);
const LATER = SEED.rooms.find((r) => r.id === ROOMS.later);
const cluster = useCluster({ servers: 2, seed: SEED });

async function signIn(i, person) {
  const c = await cluster.client(i);
  const reply = await c.ok('login', { email: person.email, password: person.password });
  return { client: c, user: reply.user };
}

async function listed(client, id) {
  const { rooms } = await client.ok('rooms.list');
  assert.ok(Array.isArray(rooms), 'rooms is not an array');
  return rooms.find((r) => r.id === id);
}

test('rooms.list gives every field of each room, times in ms', async () => {
  const { client } = await cluster.user(0);
  const { rooms } = await client.ok('rooms.list');
  const byId = new Map(rooms.map((r) => [r.id, r]));
  for (const r of rooms) {
    for (const f of ['id', 'title', 'topic', 'kind', 'state'])
      assert.equal(typeof r[f], 'string', `${f} of ${JSON.stringify(r)}`);
    for (const f of ['starts_at', 'ends_at', 'online'])
      assert.equal(typeof r[f], 'number', `${f} of ${JSON.stringify(r)}`);
    assert.ok(['exchange', 'mentorship'].includes(r.kind));
    assert.ok(['open', 'locked', 'closed'].includes(r.state));
  }
  const plaza = byId.get(ROOMS.plaza);
  assert.equal(plaza.title, SEED.rooms[0].title);
  assert.equal(plaza.kind, 'exchange');
  assert.equal(plaza.state, 'open');
  // "now-1h" .. "now+2h": parsed relative to the seeding time, in ms.
  const hour = 3600 * 1000;
  assert.ok(Math.abs(plaza.starts_at - (Date.now() - hour)) < 10 * 60 * 1000, `starts_at ${plaza.starts_at}`);
  assert.ok(Math.abs(plaza.ends_at - plaza.starts_at - 3 * hour) < 60 * 1000, `ends_at ${plaza.ends_at}`);
  assert.equal(byId.get(ROOMS.salon).title, 'Échange : santé publique à Dakar');
  assert.equal(byId.get(ROOMS.locked).state, 'locked');
  assert.equal(byId.get(ROOMS.later).starts_at, LATER.starts_at);
  assert.equal(byId.get(ROOMS.later).ends_at, LATER.ends_at);
});

test('a closed room leaves the list; a locked one stays with its state', async () => {
  const { client } = await cluster.user(1);
  assert.equal(await listed(client, ROOMS.closed), undefined, 'closed room still listed');
  const locked = await listed(client, ROOMS.locked);
  assert.equal(locked?.state, 'locked', `locked room in rooms.list: ${JSON.stringify(locked)}`);
});

test('a mentorship room is listed only to its two members', async () => {
  const stranger = await cluster.user(1);
  assert.equal(await listed(stranger.client, ROOMS.mentorship), undefined);
  const chloe = await signIn(0, PEOPLE.chloe);
  assert.equal(await listed(chloe.client, ROOMS.mentorship), undefined);
  for (const [i, p] of [
    [0, PEOPLE.amina],
    [1, PEOPLE.bakary],
  ]) {
    const { client } = await signIn(i, p);
    const room = await listed(client, ROOMS.mentorship);
    assert.equal(room?.kind, 'mentorship', `${p.email} does not see its mentorship room`);
  }
});

test('join refuses unknown, closed and somebody else’s mentorship rooms', async () => {
  const { client } = await cluster.user(0);
  await client.fail('join', { room: 'no-such-room' }, 'not_found');
  await client.fail('join', { room: ROOMS.closed }, 'room_closed');
  await client.fail('join', { room: ROOMS.mentorship }, 'forbidden');
  const chloe = await signIn(1, PEOPLE.chloe);
  await chloe.client.fail('join', { room: ROOMS.mentorship }, 'forbidden');
  // Refused joins leave the connection outside those rooms.
  await client.fail('say', { room: ROOMS.mentorship, text: 'hi' }, 'forbidden');
});

test('members of a mentorship room can join it and talk', async () => {
  const amina = await signIn(0, PEOPLE.amina);
  const bakary = await signIn(1, PEOPLE.bakary);
  await amina.client.ok('join', { room: ROOMS.mentorship });
  await bakary.client.ok('join', { room: ROOMS.mentorship });
  const said = await amina.client.ok('say', { room: ROOMS.mentorship, text: 'Bonjour Bakary' });
  const ev = await bakary.client.next(isMessage(ROOMS.mentorship, said.message.id));
  assert.equal(ev.message.text, 'Bonjour Bakary');
});

test('a locked room can be joined, but say is room_locked and stores nothing', async () => {
  const a = await cluster.user(0);
  const joined = await a.client.ok('join', { room: ROOMS.locked });
  assert.equal(joined.room?.state ?? 'locked', 'locked');
  await a.client.fail('say', { room: ROOMS.locked, text: 'anyone?' }, 'room_locked');
  const b = await cluster.user(1);
  const again = await b.client.ok('join', { room: ROOMS.locked });
  assert.deepEqual(again.history, []);
});

test('join answers the room, the members online, the history and gap', async () => {
  const a = await cluster.user(0, { name: 'Ada' });
  const b = await cluster.user(1, { name: 'Bola' });
  const first = await a.client.ok('join', { room: 'members' });
  assert.equal(first.room?.id ?? first.room, 'members');
  assert.ok(Array.isArray(first.members) && Array.isArray(first.history), JSON.stringify(first));
  assert.equal(first.gap, false);
  assert.deepEqual(first.history, []);
  const second = await b.client.ok('join', { room: 'members' });
  const memberIds = second.members.map((m) => m.id);
  assert.ok(
    memberIds.includes(a.user.id),
    `members ${JSON.stringify(second.members)} lacks the person on the other node`,
  );
  assert.ok(memberIds.includes(b.user.id), 'members lacks the person who just joined');
  const ada = second.members.find((m) => m.id === a.user.id);
  assert.deepEqual(ada, a.user);
});

test('join and leave are pushed as presence to the others, on both nodes', async () => {
  const a = await cluster.user(0);
  const b = await cluster.user(1);
  const c = await cluster.user(0);
  for (const p of [a, c]) await p.client.ok('join', { room: 'leave' });
  await b.client.ok('join', { room: 'leave' });
  for (const p of [a, c]) {
    const ev = await p.client.next(isPresence('leave', b.user, 'joined'));
    assert.deepEqual(ev.user, b.user);
  }
  await b.client.ok('leave', { room: 'leave' });
  for (const p of [a, c]) await p.client.next(isPresence('leave', b.user, 'left'));
  // Out of the room: say needs a join again.
  await b.client.fail('say', { room: 'leave', text: 'still here?' }, 'forbidden');
});

test('online counts the people in a room, on both nodes', async () => {
  const a = await cluster.user(0);
  const b = await cluster.user(1);
  await a.client.ok('join', { room: 'count' });
  await b.client.ok('join', { room: 'count' });
  await a.client.next(isPresence('count', b.user, 'joined'));
  for (const p of [a, b]) assert.equal((await listed(p.client, 'count')).online, 2);
  await b.client.ok('leave', { room: 'count' });
  await a.client.next(isPresence('count', b.user, 'left'));
  for (const p of [a, b]) assert.equal((await listed(p.client, 'count')).online, 1);
});

test('a person with two tabs is left only when the last one closes', async () => {
  const watcher = await cluster.user(0);
  await watcher.client.ok('join', { room: 'tabs' });
  const tab1 = await cluster.user(1);
  const tab2 = await cluster.tab(1, tab1.token);
  const tab3 = await cluster.tab(0, tab1.token);
  for (const t of [tab1, tab2, tab3]) await t.client.ok('join', { room: 'tabs' });
  await watcher.client.next(isPresence('tabs', tab1.user, 'joined'));
  await tab1.client.close();
  await tab3.client.close();
  await watcher.client.none(isPresence('tabs', tab1.user, 'left'), 500, 'left while a tab is still open');
  await tab2.client.close();
  await watcher.client.next(isPresence('tabs', tab1.user, 'left'));
});

test('a dropped connection is shown as left on the other node', async () => {
  const a = await cluster.user(0);
  const b = await cluster.user(1);
  await a.client.ok('join', { room: 'drop' });
  await b.client.ok('join', { room: 'drop' });
  await a.client.next(isPresence('drop', b.user, 'joined'));
  b.client.terminate(); // no close frame: the TCP connection just goes
  await a.client.next(isPresence('drop', b.user, 'left'));
});
