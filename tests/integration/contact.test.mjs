// Contact details stay inside the programme: with PASSERELLE_CONTACT_FILTER=all, say
// refuses emails, phone numbers, links and messaging handles with contact_blocked (and
// stores nothing), except in rooms a facilitator opened with room.contact. Two nodes,
// one Redis: the facilitator works on one node, the participants on the other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, isMessage, PEOPLE, ROOMS, useCluster } from '../lib/harness.mjs';
import {
  adminClient,
  adminEnv,
  auditHas,
  facilitator,
  isRoomUpdated,
  newAdminSecret,
  signIn,
} from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const cluster = useCluster({
  servers: 2,
  env: { ...adminEnv(SECRET), PASSERELLE_CONTACT_FILTER: 'all' },
  seed: baseSeed(['contact-a', 'contact-b', 'contact-c']),
});

const BLOCKED = [
  'write to lea.dupont@example.org',
  'lea @ example . com',
  'lea at example dot com',
  '+33 6 12 34 56 78',
  'call +1 (415) 555-2671',
  '0044 20 7946 0958',
  '+234 803 123 4567',
  'https://example.org/join',
  'www.example.org',
  't.me/lea',
  'my insta is @lea_22',
  'snap: lea22',
];
const ALLOWED = [
  'Meet at 10:30 on 2026-12-03',
  'We were 120 people in 2025',
  '@Amina great idea!',
  'e.g. this works',
  'Version 3.5 is out',
  'score 3-2',
];

test('say: each kind of contact detail is refused with contact_blocked, and nothing is stored', async () => {
  const room = 'contact-a';
  const a = await cluster.member(1, room);
  const b = await cluster.member(0, room);
  for (const text of BLOCKED) {
    const err = await a.client.fail('say', { room, text }, 'contact_blocked');
    assert.match(err.message, /contact details/i, text);
  }
  const late = await cluster.user(0);
  const { history } = await late.client.ok('join', { room });
  assert.deepEqual(history, [], 'a refused message was stored');
  await b.client.none((m) => m.type === 'message', 300);
  // Each refusal is counted, under its own code.
  const { body } = await cluster.node(1).get('/metrics');
  const n = Number(body.match(/^passerelle_errors_total\{code="contact_blocked"\} (\d+)$/m)?.[1]);
  assert.ok(n >= BLOCKED.length, `contact_blocked counted ${n} times`);
});

test('say: ordinary chat with numbers, times and mentions goes through', async () => {
  const room = 'contact-b';
  const a = await cluster.member(1, room);
  const b = await cluster.member(0, room);
  for (const text of ALLOWED) {
    const { message } = await a.client.ok('say', { room, text });
    assert.equal((await b.client.next(isMessage(room, message.id))).message.text, text);
  }
});

test('room.contact: a facilitator allows contact details in one room, audited, seen on both nodes', async () => {
  const room = 'contact-c';
  const fac = await facilitator(cluster, 0);
  const p = await cluster.member(1, room);
  await p.client.fail('say', { room, text: 'lea@example.org' }, 'contact_blocked');

  const { room: updated } = await fac.ok('room.contact', { room, allowed: true });
  assert.equal(updated.contact_allowed, true);
  assert.equal((await p.client.next(isRoomUpdated(room))).room.contact_allowed, true);
  const { message } = await p.client.ok('say', { room, text: 'lea@example.org' });
  assert.equal(message.text, 'lea@example.org');
  await auditHas(fac, { room, action: 'room.contact', actor: fac.user.id });

  await fac.ok('room.contact', { room, allowed: false });
  await p.client.next(isRoomUpdated(room));
  await p.client.fail('say', { room, text: '+33 6 12 34 56 78' }, 'contact_blocked');
  const listed = (await p.client.ok('rooms.list')).rooms.find((r) => r.id === room);
  assert.equal(listed.contact_allowed, false);
});

test('room.contact: refused for unknown rooms, bad fields and participants', async () => {
  const fac = await facilitator(cluster, 1);
  await fac.fail('room.contact', { room: 'no-such-room', allowed: true }, 'not_found');
  await fac.fail('room.contact', { room: 'contact-c' }, 'bad_request');
  await fac.fail('room.contact', { room: 'contact-c', allowed: 'yes' }, 'bad_request');
  const { token } = await signIn(cluster, 0, PEOPLE.amina);
  const mentee = await adminClient(cluster, 0);
  await mentee.fail('auth', { token }, 'forbidden');
  await mentee.fail('room.contact', { room: 'contact-c', allowed: true }, 'unauthorized');
});

test('the filter covers mentorship rooms too, and facilitators can watch them', async () => {
  const room = ROOMS.mentorship;
  const { client } = await signIn(cluster, 1, PEOPLE.amina);
  await client.ok('join', { room });
  await client.fail('say', { room, text: 'my number 0612345678' }, 'contact_blocked');
  const fac = await facilitator(cluster, 0);
  await fac.ok('room.watch', { room });
  const { message } = await client.ok('say', { room, text: 'See you Thursday' });
  assert.equal((await fac.next(isMessage(room, message.id))).message.text, 'See you Thursday');
});
