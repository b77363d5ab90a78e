// Programme impact: cohort tags (cohort.set, cohort.clear, cohort.list, room.create's
// cohort) and the reports report.sessions and report.cohort over a simulated cohort driven
// through two nodes, whose figures are known by construction. Two nodes, one Redis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, uniqueEmail, useCluster } from '../lib/harness.mjs';
import { auditHas, facilitator, newAdminSecret } from '../lib/admin.mjs';

const SECRET = newAdminSecret();
const ROOM_IDS = ['imp-tag-a', 'imp-tag-b'];
const cluster = useCluster({
  servers: 2,
  env: { PASSERELLE_ADMIN_SECRET: SECRET },
  seed: baseSeed(ROOM_IDS),
});

// A new non-staff person on node i living in country, of origin (profile), signed in.
async function person(i, { country = '', origin = '', role = 'mentee', tag = 'imp' } = {}) {
  const client = await cluster.client(i);
  const email = uniqueEmail(tag);
  const password = 'impact-password-1';
  const reply = await client.ok('register', { email, password, name: `Person ${tag}`, role, country });
  if (origin) {
    const profile = { bio: '', country, origin, timezone: 'Europe/Paris', languages: [], skills: [] };
    await client.ok('profile.set', { profile });
  }
  return { client, id: reply.user.id, email, token: reply.token };
}

test('cohort.set, cohort.clear, cohort.list: tags on rooms and people, audited, seen by admins', async () => {
  const fac = await facilitator(cluster, 0);
  const other = await facilitator(cluster, 1);
  const a = await person(0, { tag: 'tag-a' });
  const b = await person(1, { tag: 'tag-b' });
  const mentor = await person(0, { tag: 'tag-m', role: 'mentor' });

  const set = await fac.ok('cohort.set', {
    cohort: 'Dakar 2025.1',
    rooms: ['imp-tag-a', 'imp-tag-b'],
    users: [a.id, b.id, mentor.id, fac.user.id], // staff are tagged but not counted
  });
  assert.deepEqual(
    { cohort: set.cohort, rooms: set.rooms, users: set.users },
    {
      cohort: 'Dakar 2025.1',
      rooms: 2,
      users: 4,
    },
  );
  await auditHas(fac, { action: 'cohort.set', detail: 'Dakar 2025.1: 2 rooms, 4 people' });
  const stats = await other.ok('room.stats', { room: 'imp-tag-a' });
  assert.equal(stats.rooms[0].cohort, 'Dakar 2025.1');
  assert.equal((await other.ok('user.find', { email: a.email })).user.cohort, 'Dakar 2025.1');

  // A new tag replaces the old; room.create takes one too.
  await other.ok('cohort.set', { cohort: 'Lyon', users: [b.id] });
  const { room } = await fac.ok('room.create', { title: 'Cohort room', cohort: 'Lyon' });
  assert.equal(room.cohort, 'Lyon');
  let list = await fac.ok('cohort.list');
  assert.deepEqual(list.cohorts, [
    { name: 'Dakar 2025.1', rooms: 2, people: 2 },
    { name: 'Lyon', rooms: 1, people: 1 },
  ]);

  const cleared = await fac.ok('cohort.clear', { rooms: ['imp-tag-b'], users: [a.id] });
  assert.deepEqual({ rooms: cleared.rooms, users: cleared.users }, { rooms: 1, users: 1 });
  await auditHas(fac, { action: 'cohort.clear', detail: '1 rooms, 1 people' });
  assert.equal((await fac.ok('user.find', { email: a.email })).user.cohort, null);
  assert.equal((await fac.ok('room.stats', { room: 'imp-tag-b' })).rooms[0].cohort, undefined);
  list = await fac.ok('cohort.list');
  assert.deepEqual(list.cohorts, [
    { name: 'Dakar 2025.1', rooms: 1, people: 1 },
    { name: 'Lyon', rooms: 1, people: 1 },
  ]);
});

test('cohort requests: each refusal changes nothing', async () => {
  const fac = await facilitator(cluster, 1);
  const a = await person(1, { tag: 'tag-r' });
  const bad = ['', ' Lead', 'Trail ', 'a/b', 'x'.repeat(41), 'é'];
  for (const cohort of bad) await fac.fail('cohort.set', { cohort, users: [a.id] }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok', users: ['not an id'] }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok' }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok', rooms: [], users: [] }, 'bad_request');
  await fac.fail('cohort.set', { cohort: 'Ok', users: Array(501).fill(a.id) }, 'bad_request');
  await fac.fail('cohort.clear', {}, 'bad_request');
  await fac.fail('room.create', { title: 'T', cohort: 'a/b' }, 'bad_request');
  // Unknown ids: not_found, and nothing changed (the known ones are not tagged either).
  await fac.fail('cohort.set', { cohort: 'Ghost', rooms: ['imp-tag-a', 'no-such-room'] }, 'not_found');
  await fac.fail('cohort.set', { cohort: 'Ghost', users: [a.id, 'uNoSuchUser'] }, 'not_found');
  await fac.fail('cohort.set', { cohort: 'Ghost', rooms: ['mentorship-amina-bakary'] }, 'bad_request');
  await fac.fail('cohort.clear', { users: ['uNoSuchUser'] }, 'not_found');
  assert.equal((await fac.ok('user.find', { email: a.email })).user.cohort, null);
  assert.ok(!(await fac.ok('cohort.list')).cohorts.some((c) => c.name === 'Ghost'));
  // Participants cannot reach these requests.
  await a.client.fail('cohort.list', {}, 'bad_request');
});
