// A small programme cohort driven through the real server, for the tests of the impact
// reports' clients (CLI and console): seven mentees tagged with a cohort attend two
// sessions over the participant sockets of both nodes, speak and leave; six of them ask
// for a mentor and a round runs. The store's mentors must have 1 to 4 places in all (the
// seeded Bakary of baseSeed has three), so that fewer than 5 mentees get an offer. What the
// reports must say follows from the construction (EXPECTED), small counts shown as '<5' and
// the counts hidden with them as 'x'.
import { randomHex, sleep } from './processes.mjs';
import { uniqueEmail } from './harness.mjs';
import { matchProfile } from './match.mjs';

// Two sessions of the cohort, in this order, and the seed rooms for them.
export function cohortRooms(prefix) {
  return [
    {
      id: `${prefix}-s1`,
      title: `${prefix} session 1`,
      topic: '',
      starts_at: 'now-3h',
      ends_at: 'now+3h',
    },
    {
      id: `${prefix}-s2`,
      title: `${prefix} session 2`,
      topic: '',
      starts_at: 'now-2h',
      ends_at: 'now+3h',
    },
  ];
}

// Who comes to which session: people 0-5 to the first, 0-4 and 6 to the second; in the
// first everyone says one message, in the second all but person 6.
const FIRST = [0, 1, 2, 3, 4, 5];
const SECOND = [0, 1, 2, 3, 4, 6];
const SILENT_IN_SECOND = [6];
const RESIDENCE = ['FR', 'FR', 'FR', 'BE', 'DE', 'SN', 'SN'];

// The figures of the two sessions, the cohort and the funnel (of the cohort's mentees).
export const EXPECTED = {
  sessions: [
    { registered: 7, attended: 6, attendance_rate: '<5', peak_online: 6, spoke: 6, spoke_share: 1 },
    // 5 of 6 spoke: the silent one would be counted by subtraction, so the 5 are hidden.
    { registered: 7, attended: 6, attendance_rate: '<5', peak_online: 6, spoke: 'x', spoke_share: '<5' },
  ],
  buckets: [
    ['0', 0, '1-2', 6],
    ['0', '<5', '1-2', 'x'],
  ],
  totals: { sessions: 2, people: 7, attendances: 12 },
  cohort: {
    roster: 7,
    attended_any: 7,
    never: 0,
    sessions: [
      { attended: 6, first_time: 6, returning: 0 },
      { attended: 6, first_time: '<5', returning: 'x' },
    ],
    retention: [
      { sessions: 1, people: 7, share: 1 },
      { sessions: 2, people: 'x', share: '<5' },
    ],
    drop_off: { attended_first: 6, came_back: 'x', dropped: '<5', dropped_share: '<5', one_time: '<5' },
  },
  requested: 6,
  offered: '<5', // the seeded mentor's places
};

// Registers a mentee on node i living in country (the account's residence), of origin SN.
async function mentee(cluster, i, country, n) {
  const client = await cluster.client(i);
  const email = uniqueEmail('cohort');
  const password = `pw-${randomHex(8)}`;
  const reply = await client.ok('register', {
    email,
    password,
    name: `Cohort member ${n}`,
    role: 'mentee',
    country,
  });
  await client.ok('profile.set', {
    profile: matchProfile({ country, origin: 'SN', languages: { fr: 'native' }, skills: { fundraising: 3 } }),
  });
  return { client, user: reply.user, email, password, token: reply.token };
}

// Everyone in who joins the room, then the speakers say one message each, then all leave.
async function session(people, room, who, silent) {
  for (const k of who) await people[k].client.ok('join', { room });
  for (const k of who)
    if (!silent.includes(k)) await people[k].client.ok('say', { room, text: `hello from ${k}` });
  await sleep(50);
  for (const k of who) await people[k].client.ok('leave', { room });
}

// Runs the cohort through the cluster with admin (an admin socket), which tags the rooms
// and the people but the last `untagged` of each, left for the caller to tag otherwise.
// Returns { people }.
export async function simulateCohort(cluster, admin, { cohort, rooms, untagged = { rooms: 0, people: 0 } }) {
  const people = [];
  for (let n = 0; n < RESIDENCE.length; n++) people.push(await mentee(cluster, n % 2, RESIDENCE[n], n));
  const users = people.slice(0, people.length - untagged.people).map((p) => p.user.id);
  const ids = rooms.slice(0, rooms.length - untagged.rooms).map((r) => r.id);
  if (users.length) await admin.ok('cohort.set', { cohort, users });
  if (ids.length) await admin.ok('cohort.set', { cohort, rooms: ids });
  await session(people, rooms[0].id, FIRST, []);
  await session(people, rooms[1].id, SECOND, SILENT_IN_SECOND);
  for (const p of people.slice(0, EXPECTED.requested)) {
    await p.client.ok('match.request', {});
    await sleep(3);
  }
  await admin.ok('match.run', {});
  return { people };
}
