// The default contact filter (PASSERELLE_CONTACT_FILTER=minors): contact details are refused
// from people under 18 by the year of birth they gave at sign-up, and pass from adults and
// from accounts without a year. Also the sign-up fields themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSeed, randomHex, uniqueEmail, useCluster } from '../lib/harness.mjs';
import { facilitator } from '../lib/admin.mjs';

const cluster = useCluster({ servers: 2, seed: baseSeed(['minors-room']) });
const YEAR = new Date().getUTCFullYear();

async function signUp(i, fields) {
  const client = await cluster.client(i);
  const email = uniqueEmail('age');
  const reply = await client.ok('register', {
    email,
    password: `pw-${randomHex(8)}`,
    name: 'Young Person',
    role: 'mentee',
    ...fields,
  });
  // Below the country's digital age of consent: a facilitator records the guardian's first.
  if (reply.user.state === 'pending_consent')
    await (await facilitator(cluster, i)).ok('user.consent', { user: reply.user.id, guardian: true });
  await client.ok('join', { room: 'minors-room' });
  return { client, email, user: reply.user };
}

test('contact details are refused from people under 18 and pass from the others', async () => {
  const cases = [
    [{ birth_year: YEAR - 15, country: 'FR' }, true],
    [{ birth_year: YEAR - 18 }, true], // may still be 17: only the year is known
    [{ birth_year: YEAR - 19 }, false],
    [{ birth_year: YEAR - 40, country: 'ng' }, false],
    [{}, false],
  ];
  for (const [i, [fields, refused]] of cases.entries()) {
    const p = await signUp(i % 2, fields);
    if (refused)
      await p.client.fail('say', { room: 'minors-room', text: 'lea@example.org' }, 'contact_blocked');
    else await p.client.ok('say', { room: 'minors-room', text: 'lea@example.org' });
    await p.client.ok('say', { room: 'minors-room', text: 'See you on Thursday' });
  }
});

test('register: the year of birth and the country are checked and kept', async () => {
  const c = await cluster.client(0);
  const base = { email: uniqueEmail('age'), password: `pw-${randomHex(8)}`, name: 'X', role: 'mentee' };
  await c.fail('register', { ...base, birth_year: YEAR + 1 }, 'bad_request');
  await c.fail('register', { ...base, birth_year: 1800 }, 'bad_request');
  await c.fail('register', { ...base, birth_year: '2000' }, 'bad_request');
  await c.fail('register', { ...base, country: 'XX' }, 'bad_request');
  await c.fail('register', { ...base, country: 'FRA' }, 'bad_request');
  const p = await signUp(1, { birth_year: YEAR - 16, country: 'sn' });
  const { account } = await p.client.ok('account.export');
  assert.deepEqual([account.birth_year, account.country], [YEAR - 16, 'SN']);
});
