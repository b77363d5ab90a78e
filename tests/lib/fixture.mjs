// Seed data for `passerelle --seed`. Every call returns a fresh object the
// caller may change. Fictional people; passwords are test-only.

// A seeded person's profile.
const profile = (country, origin, languages, skills, capacity = 1) => ({
  bio: '',
  country,
  origin,
  timezone: 'Europe/Paris',
  languages,
  skills,
  capacity,
});
export const seedProfile = profile;

export const PEOPLE = {
  amina: {
    email: 'amina@example.org',
    password: 'amina-password-1',
    name: 'Amina Diallo',
    role: 'mentee',
    profile: profile('FR', 'SN', [{ code: 'fr', level: 'native' }], [{ name: 'public speaking', level: 4 }]),
  },
  bakary: {
    email: 'bakary@example.org',
    password: 'bakary-password-1',
    name: 'Bakary Traoré',
    role: 'mentor',
    profile: profile('BE', 'ML', [{ code: 'fr', level: 'C2' }], [{ name: 'public speaking', level: 5 }], 3),
  },
  chloe: {
    email: 'chloe@example.org',
    password: 'chloe-password-1',
    name: 'Chloé Mensah',
    role: 'mentee',
    profile: profile('DE', 'GH', [{ code: 'en', level: 'B2' }], [{ name: 'fundraising', level: 3 }]),
  },
  fatou: {
    email: 'fatou@example.org',
    password: 'fatou-password-1',
    name: 'Fatou Ndiaye',
    role: 'facilitator',
    profile: profile('FR', 'SN', [{ code: 'fr', level: 'native' }], []),
  },
};

// Rooms every cluster has, by id.
export const ROOMS = {
  plaza: 'plaza', // open exchange room
  salon: 'salon', // open, non-ASCII title
  closed: 'closed-room',
  locked: 'locked-room',
  mentorship: 'mentorship-amina-bakary', // members: amina, bakary
  later: 'later-room', // starts tomorrow, times given as numbers
};

export const DAY_MS = 24 * 3600 * 1000;

// extraRooms: ids of more open exchange rooms, so that each test can have a
// room of its own.
export function baseSeed(extraRooms = []) {
  const tomorrow = Date.now() + DAY_MS;
  const rooms = [
    {
      id: ROOMS.plaza,
      title: 'Global Diaspora Virtual Exchange: communication to boost development',
      topic: 'Introductions',
      kind: 'exchange',
      state: 'open',
      starts_at: 'now-1h',
      ends_at: 'now+2h',
    },
    {
      id: ROOMS.salon,
      title: 'Échange : santé publique à Dakar',
      topic: 'Santé',
      starts_at: 'now-30m',
      ends_at: 'now+90m',
    },
    {
      id: ROOMS.closed,
      title: 'Finished session',
      topic: '',
      state: 'closed',
      starts_at: 'now-2d',
      ends_at: 'now-1d',
    },
    {
      id: ROOMS.locked,
      title: 'Read-only session',
      topic: '',
      state: 'locked',
      starts_at: 'now-1h',
      ends_at: 'now+1h',
    },
    {
      id: ROOMS.mentorship,
      title: 'Amina and Bakary',
      topic: '',
      kind: 'mentorship',
      members: [PEOPLE.amina.email, PEOPLE.bakary.email],
      starts_at: 'now-1d',
      ends_at: 'now+30d',
    },
    { id: ROOMS.later, title: 'Tomorrow', topic: '', starts_at: tomorrow, ends_at: tomorrow + 3600 * 1000 },
  ];
  for (const id of extraRooms)
    rooms.push({ id, title: `Room ${id}`, topic: 'tests', starts_at: 'now-1h', ends_at: 'now+2h' });
  return { rooms, people: Object.values(PEOPLE).map((p) => ({ ...p })) };
}

export function validProfile(overrides = {}) {
  return {
    bio: 'Civil engineer, grew up between Lomé and Lyon.',
    country: 'FR',
    origin: 'TG',
    timezone: 'Africa/Lome',
    languages: [
      { code: 'fr', level: 'native' },
      { code: 'en', level: 'B2' },
    ],
    skills: [{ name: 'project management', level: 4 }],
    capacity: 2,
    ...overrides,
  };
}
