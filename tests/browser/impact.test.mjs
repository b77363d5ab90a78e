// The Impact page of the facilitator console in a real browser (Debian's chromium through
// playwright-core). Two server processes share one Redis. Seven mentees, driven over the
// participant sockets by the test (tests/lib/impact.mjs), attend two sessions, speak and
// leave, and six ask for a mentor; the facilitator tags the second session from its room
// card and the last person from Find a person. The Impact page then draws the attendance
// bars, the retention curve and the funnel from the reports, with the same numbers in its
// tables, '<5' where the server suppressed a count; then in French, and for print.
// Screenshots go to build/screenshots/impact-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminClient } from '../lib/admin.mjs';
import { SHOTS, WEB_ENV, assertNoPageErrors, closeBrowsers, openConsole, shot } from '../lib/browser.mjs';
import { Cluster, PEOPLE, randomHex } from '../lib/harness.mjs';
import { cohortRooms, EXPECTED, simulateCohort } from '../lib/impact.mjs';

const COHORT = 'Lyon 2026';
const ROOMS = cohortRooms('imp');
const SECRET = randomHex(24);
const FIXTURE = {
  rooms: [
    ...ROOMS,
    { id: 'imp-other', title: 'Another exchange', topic: '', starts_at: 'now-1h', ends_at: 'now+1h' },
  ],
  people: [PEOPLE.bakary, PEOPLE.fatou].map((p) => ({ ...p })),
};

let cluster = null;
const browsers = [];
let fatou = null;
let sim = null;

before(async () => {
  cluster = await Cluster.start({
    servers: 2,
    seed: FIXTURE,
    env: { ...WEB_ENV, PASSERELLE_ADMIN_SECRET: SECRET },
  });
  fatou = await openConsole(browsers, cluster);
  const admin = await adminClient(cluster, 1, { secret: SECRET });
  sim = await simulateCohort(cluster, admin, {
    cohort: COHORT,
    rooms: ROOMS,
    untagged: { rooms: 1, people: 1 },
  });
});

after(async () => {
  await closeBrowsers(browsers);
  if (cluster) await cluster.stop();
});

// The values of the elements matching selector, as the page shows them.
const values = (page, selector, attr = null) =>
  page.$$eval(selector, (els, a) => els.map((e) => (a ? e.getAttribute(a) : e.textContent.trim())), attr);

// The cells of the table's rows: [[cell text]].
const cells = (page, table) =>
  page.$$eval(`[data-testid="${table}"] tbody tr`, (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent.trim())),
  );

test('the facilitator tags a room and a person with the cohort from the console', async () => {
  const c = fatou.page;
  await c.getByTestId('signin-email').fill(PEOPLE.fatou.email);
  await c.getByTestId('signin-password').fill(PEOPLE.fatou.password);
  await c.getByTestId('signin-password').press('Enter');
  await c
    .locator(`[data-testid="room-row"][data-room-id="${ROOMS[1].id}"] [data-testid="room-open"]`)
    .click();
  const card = c.locator('section:has([data-testid="room-lock"]) [data-testid="cohort-editor"]');
  await card.getByTestId('cohort-input').fill(COHORT);
  await card.getByTestId('cohort-save').click();
  await c
    .locator(`section:has([data-testid="room-lock"]) [data-testid="cohort-editor"][data-cohort="${COHORT}"]`)
    .waitFor();

  const last = sim.people[sim.people.length - 1];
  await c.getByTestId('find-email').fill(last.email);
  await c.getByTestId('find-submit').click();
  const found = c.locator('[data-testid="find-result"] [data-testid="cohort-editor"]');
  assert.equal(await found.getByTestId('cohort-now').textContent(), 'none');
  await found.getByTestId('cohort-input').fill('not/valid');
  await found.getByTestId('cohort-save').click();
  await found.getByTestId('cohort-error').waitFor();
  await found.getByTestId('cohort-input').fill(COHORT);
  await found.getByTestId('cohort-save').click();
  await c
    .locator(`[data-testid="find-result"] [data-testid="cohort-editor"][data-cohort="${COHORT}"]`)
    .waitFor();

  // What the console did is what the server holds.
  const admin = await adminClient(cluster, 0, { secret: SECRET });
  const { cohorts } = await admin.ok('cohort.list', {});
  assert.deepEqual(cohorts, [{ name: COHORT, rooms: 2, people: 7 }]);
  assertNoPageErrors(browsers);
});

test('the Impact page draws attendance, retention and the funnel from the reports, <5 as is', async () => {
  const c = fatou.page;
  await c.getByTestId('nav-impact').click();
  await c.getByTestId('impact-view').waitFor();
  await c.locator(`[data-testid="impact-cohort"] option[value="${COHORT}"]`).waitFor({ state: 'attached' });
  await c.getByTestId('impact-cohort').selectOption(COHORT);
  await c.getByTestId('impact-show').click();
  assert.match(c.url(), /#\/impact\?cohort=Lyon\+2026$/);
  for (const chart of ['chart-attendance', 'chart-retention', 'chart-funnel'])
    await c.getByTestId(chart).waitFor();

  // The server's own answer, to compare the page with.
  const admin = await adminClient(cluster, 0, { secret: SECRET });
  const report = await admin.ok('report.sessions', { cohort: COHORT });
  const index = ROOMS.map((r) => report.sessions.findIndex((s) => s.room === r.id));
  assert.ok(
    index[0] >= 0 && index[1] > index[0],
    `the cohort's sessions, in order: ${JSON.stringify(index)}`,
  );

  // Attendance: one group per session, a registered and an attended bar in each.
  const chart = '[data-testid="chart-attendance"]';
  assert.equal(await c.locator(`${chart} [data-testid="bar-group"]`).count(), report.sessions.length);
  assert.deepEqual(
    await values(c, `${chart} [data-testid="bar-label"]`),
    report.sessions.map((s) => s.title),
  );
  const attended = await values(c, `${chart} [data-testid="bar"][data-series="attended"]`, 'data-value');
  assert.deepEqual(
    attended,
    report.sessions.map((s) => String(s.attended)),
  );
  assert.deepEqual(
    index.map((i) => attended[i]),
    EXPECTED.sessions.map((s) => String(s.attended)),
  );
  const registered = await values(c, `${chart} [data-testid="bar"][data-series="registered"]`, 'data-value');
  assert.deepEqual(registered.slice(index[0], index[0] + 2), ['7', '7']);
  assert.ok(await c.locator(`${chart} title`).first().textContent());

  // Retention: a point per number of sessions but the hidden ones ('x': the 5 of 7 who
  // came twice, since the 2 others would be counted); the funnel: five steps, offered under 5.
  assert.deepEqual(
    await values(c, '[data-testid="chart-retention"] [data-testid="point"]', 'data-value'),
    EXPECTED.cohort.retention.map((r) => String(r.people)).filter((v) => v !== 'x'),
  );
  assert.deepEqual(await values(c, '[data-testid="chart-retention"] [data-testid="point-label"]'), [
    '1+',
    '2+',
  ]);
  const funnel = '[data-testid="chart-funnel"]';
  assert.deepEqual(await values(c, `${funnel} [data-testid="bar-label"]`), [
    'Requested',
    'Offered',
    'Matched',
    'Active',
    'Lasting',
  ]);
  const steps = await values(c, `${funnel} [data-testid="bar"]`, 'data-value');
  assert.deepEqual(steps.slice(0, 2), [String(EXPECTED.requested), '<5']);
  assert.equal(await c.locator(`${funnel} [data-testid="bar"].suppressed`).count(), 1);
  assert.equal(await c.locator(`${funnel} [data-testid="bar-value"]`).nth(1).textContent(), '<5');

  // The tables carry the same numbers; suppressed cells read <5, what does not apply –.
  const rows = await cells(c, 'impact-sessions-table');
  assert.equal(rows.length, report.sessions.length);
  const first = rows[index[0]];
  assert.deepEqual([first[0], first[3], first[4], first[5]], [ROOMS[0].title, '7', '6', '<5']);
  assert.equal(rows[index[1]][9], '<5', 'who spoke in the second session: 5 of 6');
  assert.deepEqual(await cells(c, 'impact-retention-table'), [
    ['1+', '7', '100%'],
    ['2+', 'x', '<5'],
  ]);
  const figures = await values(c, '[data-testid="impact-cohort-figures"] dd');
  assert.deepEqual(figures.slice(0, 3), ['7', '7', '0']);
  const funnelRows = await cells(c, 'impact-funnel-table');
  assert.deepEqual(funnelRows[1].slice(0, 3), ['Offered', '<5', '<5']);
  assert.equal(funnelRows[4][3], '0', 'nobody is eligible to have lasted 8 weeks yet');
  assert.equal(funnelRows[4][2], '–', 'the share of nobody does not apply');
  // The status line says what the figures cover: the printout leaves the filters out.
  const status = await c.getByTestId('impact-status').textContent();
  assert.match(status, /<5/);
  assert.ok(
    status.includes(`Cohort: ${COHORT}`) && status.includes('Region of residence: Every region'),
    status,
  );
  await shot(fatou, 'impact-en.png');
  await c.screenshot({ path: `${SHOTS}/impact-en-page.png`, fullPage: true });
  assertNoPageErrors(browsers);
});

test('the Impact page in French, and printed without the console around it', async () => {
  const c = fatou.page;
  await c.getByTestId('lang-switch').selectOption('fr');
  await c.locator('[data-testid="chart-funnel"] [data-testid="bar-label"]', { hasText: 'Demandé' }).waitFor();
  assert.equal(
    await c.locator('[data-testid="chart-attendance"] title').first().textContent(),
    'Présence au fil des sessions',
  );
  assert.equal(await c.locator('#impact-retention-h').textContent(), 'Fidélisation de la cohorte');
  assert.deepEqual(await values(c, '[data-testid="chart-retention"] [data-testid="point-label"]'), [
    '1 et plus',
    '2 et plus',
  ]);
  const rows = await cells(c, 'impact-retention-table');
  assert.equal(rows[1][2], '<5');
  assert.match(rows[0][2], /^100\s?%$/);
  await shot(fatou, 'impact-fr.png');

  await c.emulateMedia({ media: 'print' });
  await c.screenshot({ path: `${SHOTS}/impact-print.png`, fullPage: true });
  assert.equal(await c.locator('#nav').isVisible(), false);
  assert.equal(await c.getByTestId('impact-filters').isVisible(), false);
  for (const chart of ['chart-attendance', 'chart-retention', 'chart-funnel'])
    assert.equal(await c.getByTestId(chart).isVisible(), true, `${chart} is printed`);
  await c.emulateMedia({ media: 'screen' });

  // A range after every session: none listed, and the address keeps the filters.
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  await c.getByTestId('impact-from').fill(day(Date.now() + 2 * 86400000));
  await c.getByTestId('impact-to').fill(day(Date.now() + 86400000));
  await c.getByTestId('impact-show').click();
  await c.getByTestId('impact-filter-error').waitFor();
  await c.getByTestId('impact-to').fill(day(Date.now() + 3 * 86400000));
  await c.getByTestId('impact-show').click();
  await c.getByTestId('impact-sessions-empty').waitFor();
  const range = `Du (UTC)\u00a0: ${day(Date.now() + 2 * 86400000)}`;
  await c.getByTestId('impact-status').filter({ hasText: range }).waitFor();
  assert.match(c.url(), /#\/impact\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&cohort=Lyon\+2026$/);
  assertNoPageErrors(browsers);
});
