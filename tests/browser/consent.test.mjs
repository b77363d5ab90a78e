// Guardian consent in the participant web client, in a real browser (Debian's chromium
// through playwright-core, see tests/lib/browser.mjs). A thirteen-year-old living in Germany
// signs up on one server: the banner says a parent or guardian must agree, Join and "Find me
// a mentor" are disabled with the reason. A facilitator records the consent in the console
// of the other server: the banner goes away without a reload, and Join works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  WEB_ENV,
  assertNoPageErrors,
  closeBrowsers,
  freshAccount,
  openBrowser,
  shot,
} from '../lib/browser.mjs';
import { Cluster, PEOPLE, ROOMS } from '../lib/harness.mjs';

let cluster = null;
const people = [];
let mia = null; // 13, lives in Germany: signs up on node 1
let fatou = null; // the facilitator, console on node 2's admin listener

before(async () => {
  cluster = await Cluster.start({ servers: 2, env: WEB_ENV });
  mia = await openBrowser(people, { name: 'Mia Becker', url: cluster.nodes[0].url, ...freshAccount() });
  fatou = await openBrowser(people, {
    name: 'Fatou (console)',
    url: `http://127.0.0.1:${cluster.nodes[1].adminPort}/`,
  });
});

after(async () => {
  await closeBrowsers(people);
  if (cluster) await cluster.stop();
});

test('a pending sign-up sees the banner and disabled Join; once a facilitator records consent, Join works', async () => {
  const p = mia.page;
  await p.getByTestId('show-signup').click();
  await p.getByTestId('signup-name').fill(mia.name);
  await p.getByTestId('signup-email').fill(mia.email);
  await p.getByTestId('signup-password').fill(mia.password);
  await p.getByTestId('signup-role').selectOption('mentee');
  // The year is required by the form.
  await p.getByTestId('signup-submit').click();
  assert.match(await p.getByTestId('auth-error').textContent(), /year of birth/i);
  await p.getByTestId('signup-birth-year').fill(String(new Date().getUTCFullYear() - 13));
  await p.getByTestId('signup-country').selectOption('DE');
  await p.getByTestId('consent-rooms').check();
  await p.getByTestId('consent-matching').check();
  await p.getByTestId('signup-submit').click();

  const banner = p.getByTestId('consent-banner');
  await banner.waitFor();
  assert.match(await banner.textContent(), /parent or guardian/);
  const card = p.locator(`[data-testid="room-item"][data-room-id="${ROOMS.plaza}"]`);
  await card.waitFor();
  assert.equal(await card.getByTestId('room-join').isDisabled(), true);
  assert.match(await card.getByTestId('room-join-why').textContent(), /parent or guardian/);
  await shot(mia, 'desktop-consent-pending.png');
  await p.getByTestId('nav-mentorship').click();
  await p.getByTestId('match-request').waitFor();
  assert.equal(await p.getByTestId('match-request').isDisabled(), true);
  assert.match(await p.getByTestId('match-request-why').textContent(), /parent or guardian/);

  // A facilitator, in the console of the other server, finds her and records the consent.
  const f = fatou.page;
  await f.getByTestId('signin-email').fill(PEOPLE.fatou.email);
  await f.getByTestId('signin-password').fill(PEOPLE.fatou.password);
  await f.getByTestId('signin-submit').click();
  await f
    .locator(`[data-testid="room-row"][data-room-id="${ROOMS.plaza}"] [data-testid="room-open"]`)
    .click();
  await f.getByTestId('find-email').fill(mia.email);
  await f.getByTestId('find-submit').click();
  const state = f.getByTestId('find-guardian');
  await state.waitFor();
  assert.equal(await state.getAttribute('data-state'), 'pending');
  await f.getByTestId('act-guardian-give').click();
  await f.getByTestId('action-dialog').getByTestId('action-confirm').click();
  await f.locator('[data-testid="find-guardian"][data-state="given"]').waitFor();
  await shot(fatou, 'console-guardian-consent.png');

  await banner.waitFor({ state: 'hidden' });
  assert.equal(await p.getByTestId('match-request').isDisabled(), false);
  await p.getByTestId('nav-rooms').click();
  await card.getByTestId('room-join').click();
  await p.locator(`[data-testid="room-view"][data-room-id="${ROOMS.plaza}"]`).waitFor();
  await p.locator('[data-testid="member"]', { hasText: mia.name }).waitFor({ state: 'attached' });
  // The profile page shows the two consents given at sign-up, as switches.
  await p.getByTestId('nav-profile').click();
  const consents = p.getByTestId('consent-card');
  await consents.waitFor();
  for (const box of ['consent-rooms', 'consent-matching'])
    assert.equal(await consents.getByTestId(box).isChecked(), true);
  assertNoPageErrors(people);
});
