// Mentor matching through the participant and admin sockets: requests and
// the line, rounds run by the admin, offers with reasons to the right mentor
// only, accept, decline, cancel and expiry, races between two nodes, and the
// counts of match.stats. Each test has a fresh Redis and two server processes
// of its own (clusterTest), so the line, the offers and the counts it sees
// are exactly the ones it made. People get their profiles through
// profile.set; languages decide who may be paired (B1 or better on both sides).
import assert from 'node:assert/strict';
import { waitFor } from '../lib/harness.mjs';
import {
  assertCounts,
  checkMatch,
  checkOffer,
  clusterTest,
  enrol,
  enrolEach,
  isMade,
  isOffer,
  matchAdmin,
  offerFor,
  offersOf,
  reasonOf,
  requestInLine,
  runRound,
  statusOf,
} from '../lib/match.mjs';

// A short offer lifetime (PASSERELLE_OFFER_TTL, s): expiry is seen within seconds.
const OFFER_TTL_S = 2;
const EXPIRY_WAIT_MS = (OFFER_TTL_S + 20) * 1000; // only stops a hung test

const mentorshipRooms = async (client) =>
  (await client.ok('rooms.list', {})).rooms.filter((r) => r.kind === 'mentorship').map((r) => r.id);

// Sends the same request on several sockets at once; returns the replies.
const together = (clients, type, fieldsOf) => Promise.all(clients.map((c, i) => c.req(type, fieldsOf(i))));

clusterTest(
  'before sign-in every match request is unauthorized; malformed ones are bad_request',
  async (cluster) => {
    const anon = await cluster.client(0);
    for (const type of ['match.request', 'match.status', 'match.cancel', 'match.offers'])
      await anon.fail(type, {}, 'unauthorized');
    await anon.fail('match.accept', { offer: 'o1' }, 'unauthorized');
    await anon.fail('match.decline', { offer: 'o1' }, 'unauthorized');

    const mentor = await enrol(cluster, 1, {
      role: 'mentor',
      languages: { fr: 'C2' },
      skills: { fundraising: 5 },
    });
    for (const fields of [{}, { offer: 5 }, { offer: ['o1'] }, { offer: null }])
      await mentor.client.fail('match.accept', fields, 'bad_request');
    for (const fields of [{}, { offer: 'o1', reason: 5 }, { offer: 'o1', reason: 'x'.repeat(501) }])
      await mentor.client.fail('match.decline', fields, 'bad_request');
    await mentor.client.fail('match.accept', { offer: 'no-such-offer' }, 'not_found');
    await mentor.client.fail('match.decline', { offer: 'no-such-offer' }, 'not_found');
    // Rounds are for the admin socket only.
    await mentor.client.fail('match.run', {}, 'bad_request');
    await mentor.client.fail('match.stats', {}, 'bad_request');
    const admin = await matchAdmin(cluster, 0);
    await admin.ok('match.stats', {});
  },
);

clusterTest(
  'match.request needs a complete profile and the mentee role; asking again keeps the place',
  async (cluster) => {
    const admin = await matchAdmin(cluster, 1);
    const bare = await cluster.user(0, { role: 'mentee', name: 'Aïssatou Bah' });
    await bare.client.fail('match.request', {}, 'profile_incomplete');
    await bare.client.ok('profile.set', { profile: { languages: [{ code: 'fr', level: 'C1' }] } });
    await bare.client.fail('match.request', {}, 'profile_incomplete');
    await bare.client.ok('profile.set', { profile: { skills: [{ name: 'fundraising', level: 4 }] } });
    await bare.client.fail('match.request', {}, 'profile_incomplete');
    assert.equal((await statusOf(bare.client)).status, 'none');

    const mentor = await enrol(cluster, 1, {
      role: 'mentor',
      languages: { fr: 'C2' },
      skills: { fundraising: 5 },
      capacity: 3,
    });
    await mentor.client.fail('match.request', {}, 'forbidden');
    assert.equal((await statusOf(mentor.client)).status, 'none');
    assert.equal((await admin.ok('match.stats', {})).queued, 0, 'a refused request was queued');

    const first = await enrol(cluster, 0, {
      role: 'mentee',
      languages: { fr: 'C1' },
      skills: { fundraising: 4 },
    });
    const second = await enrol(cluster, 1, {
      role: 'mentee',
      languages: { fr: 'B2' },
      skills: { fundraising: 2 },
    });
    await requestInLine([first, second]);
    // The place in line is the same from either node, and a repeat keeps it.
    const other = await cluster.tab(1, first.token);
    assert.equal((await statusOf(other.client)).position, 1);
    assert.equal((await other.client.ok('match.request', {})).status, 'queued');
    const firstNow = await statusOf(first.client);
    const secondNow = await statusOf(second.client);
    assert.equal(firstNow.status, 'queued');
    assert.equal(firstNow.position, 1, `first in line: ${JSON.stringify(firstNow)}`);
    assert.equal(secondNow.status, 'queued');
    assert.equal(secondNow.position, 2, `second in line: ${JSON.stringify(secondNow)}`);
    assert.equal((await admin.ok('match.stats', {})).queued, 2);
  },
);

// Awa's best mentor is Bintou (her languages, every skill she needs at the
// top level, same origin and time zone). Kwesi fits her less well and is the
// only one for Folake, whom Bintou cannot talk to. Yaw knows everything both
// need but speaks their languages at A2 only: never eligible.
clusterTest(
  'a round offers each mentee the best eligible mentor, live, with reasons that add up to the score',
  async (cluster) => {
    const awa = await enrol(cluster, 1, {
      role: 'mentee',
      name: 'Awa Sarr',
      languages: { wo: 'native', fr: 'C1' },
      skills: { fundraising: 5, 'public speaking': 3 },
    });
    const folake = await enrol(cluster, 0, {
      role: 'mentee',
      name: 'Folake Adeyemi',
      languages: { yo: 'native', en: 'B2' },
      skills: { 'grant writing': 4 },
      origin: 'NG',
      country: 'CA',
      timezone: 'America/Toronto',
    });
    const bintou = await enrol(cluster, 0, {
      role: 'mentor',
      name: 'Bintou Camara',
      languages: { wo: 'native', fr: 'C2' },
      skills: { Fundraising: 5, 'Public  Speaking': 5, 'data analysis': 4 },
    });
    const kwesi = await enrol(cluster, 1, {
      role: 'mentor',
      name: 'Kwesi Boateng',
      languages: { fr: 'C1', en: 'C1' },
      skills: { fundraising: 2, 'grant writing': 3 },
      origin: 'GH',
      country: 'BE',
      timezone: 'Europe/Brussels',
    });
    const yaw = await enrol(cluster, 0, {
      role: 'mentor',
      name: 'Yaw Owusu',
      languages: { wo: 'A2', fr: 'A2', yo: 'A2', en: 'A2', tw: 'native' },
      skills: { fundraising: 5, 'public speaking': 5, 'grant writing': 5 },
      origin: 'SN',
      capacity: 5,
    });
    await requestInLine([awa, folake]);

    const admin = await matchAdmin(cluster, 1);
    const round = await runRound(admin);
    assertCounts(round, { offers: 2, unmatched: 0 }, 'round');

    const forAwa = checkOffer((await bintou.client.next(isOffer())).offer, awa);
    assert.match(reasonOf(forAwa, 'skills').detail, /fundraising/i);
    assert.match(reasonOf(forAwa, 'skills').detail, /public speaking/i);
    assert.match(reasonOf(forAwa, 'language').detail, /\bwo\b/);
    assert.match(reasonOf(forAwa, 'region').detail, /SN/);
    const forFolake = checkOffer((await kwesi.client.next(isOffer())).offer, folake);
    assert.ok(
      forAwa.score > forFolake.score,
      `a near-perfect pair scores ${forAwa.score}, a partial one ${forFolake.score}`,
    );
    assert.equal(round.total_score, forAwa.score + forFolake.score);
    assert.ok(forAwa.expires_at > Date.now(), `offer already expired: ${forAwa.expires_at}`);

    // The offer waits for the mentor on the other node too, as it was sent live.
    const bintouElsewhere = await cluster.tab(1, bintou.token);
    assert.deepEqual(await offersOf(bintouElsewhere.client), [forAwa]);
    assert.deepEqual(await offersOf(kwesi.client), [forFolake]);
    assert.deepEqual(await offersOf(yaw.client), [], 'an ineligible mentor was offered a mentee');
    await yaw.client.none('match.offer', 300);
    await bintou.client.none('match.offer', 0, 'Bintou got a second offer');

    const awaStatus = await statusOf(awa.client);
    assert.equal(awaStatus.status, 'offered');
    assert.equal(awaStatus.position, 1);
    assert.equal((await statusOf(folake.client)).status, 'offered');

    // Nobody is left in line and both chosen mentors are full: nothing new.
    const again = await runRound(admin);
    assert.equal(again.offers, 0, `second round: ${JSON.stringify(again)}`);
    assert.equal((await offersOf(yaw.client)).length, 0);
  },
);

clusterTest(
  'accept on one node: match.made on both, the mentee on the other node too, and a room for the two only',
  async (cluster) => {
    const chidi = await enrol(cluster, 1, {
      role: 'mentee',
      name: 'Chidi Okafor',
      languages: { ig: 'native', en: 'C1' },
      skills: { 'software development': 3 },
      origin: 'NG',
      country: 'GB',
      timezone: 'Europe/London',
    });
    const ada = await enrol(cluster, 0, {
      role: 'mentor',
      name: 'Ada Nwosu',
      languages: { en: 'native', ig: 'C1' },
      skills: { 'software development': 5 },
      origin: 'NG',
      country: 'US',
      timezone: 'America/New_York',
      capacity: 2,
    });
    const eve = await enrol(cluster, 1, {
      role: 'mentor',
      name: 'Eve Mensah',
      languages: { fr: 'C1' },
      skills: { journalism: 5 },
    });
    const outsider = await cluster.user(1, { role: 'mentee', name: 'Olu Outsider' });
    await requestInLine([chidi]);
    const admin = await matchAdmin(cluster, 0);
    assert.equal((await runRound(admin)).offers, 1);
    const offer = await offerFor(ada, chidi);

    // Only the mentor it was made to may answer an offer.
    await eve.client.fail('match.accept', { offer: offer.id }, 'forbidden');
    await eve.client.fail('match.decline', { offer: offer.id }, 'forbidden');
    await chidi.client.fail('match.accept', { offer: offer.id }, 'forbidden');
    await chidi.client.fail('match.decline', { offer: offer.id }, 'forbidden');
    assert.equal((await statusOf(chidi.client)).status, 'offered');

    const { match } = await ada.client.ok('match.accept', { offer: offer.id });
    checkMatch(match, ada, chidi);
    assert.equal(match.score, offer.score);
    const toMentee = await chidi.client.next(isMade(match.id));
    assert.deepEqual(toMentee.match, match);
    const toMentor = await ada.client.next(isMade(match.id));
    assert.deepEqual(toMentor.match, match);
    await eve.client.none('match.made', 0);

    const status = await statusOf(chidi.client);
    assert.equal(status.status, 'matched');
    assert.deepEqual(status.match, match);
    assert.deepEqual(await offersOf(ada.client), []);
    await ada.client.fail('match.accept', { offer: offer.id }, 'not_found');
    // Matched: asking again changes nothing.
    assert.equal((await chidi.client.ok('match.request', {})).status, 'matched');

    // The private room: listed to the two of them only, closed to anybody else.
    assert.deepEqual(await mentorshipRooms(chidi.client), [match.room]);
    assert.deepEqual(await mentorshipRooms(ada.client), [match.room]);
    const listed = (await chidi.client.ok('rooms.list', {})).rooms.find((r) => r.id === match.room);
    assert.equal(listed.state, 'open');
    for (const p of [eve, outsider]) {
      assert.deepEqual(await mentorshipRooms(p.client), [], `${p.user.name} sees the pair's room`);
      await p.client.fail('join', { room: match.room }, 'forbidden');
      await p.client.fail('say', { room: match.room, text: 'hello?' }, 'forbidden');
    }
    const outsiderElsewhere = await cluster.tab(0, outsider.token);
    await outsiderElsewhere.client.fail('join', { room: match.room }, 'forbidden');

    // The pair chat there, each from their own node.
    await ada.client.ok('join', { room: match.room });
    await chidi.client.ok('join', { room: match.room });
    const hello = (await chidi.client.ok('say', { room: match.room, text: 'Good evening Ada, thank you!' }))
      .message;
    assert.equal(
      (await ada.client.next((m) => m.type === 'message' && m.message?.id === hello.id)).message.text,
      hello.text,
    );
    const reply = (
      await ada.client.ok('say', { room: match.room, text: 'Welcome Chidi. Same time next week?' })
    ).message;
    assert.equal(
      (await chidi.client.next((m) => m.type === 'message' && m.message?.id === reply.id)).message.from.id,
      ada.user.id,
    );
  },
);

// Efua is second in line between two mentees nobody can talk to. Kofi fits
// her best, Abena less well; both have room for two.
async function enrolDeclineCast(cluster) {
  const davi = await enrol(cluster, 0, {
    role: 'mentee',
    name: 'Davi Pereira',
    languages: { pt: 'native' },
    skills: { 'data analysis': 3 },
  });
  const efua = await enrol(cluster, 1, {
    role: 'mentee',
    name: 'Efua Asante',
    languages: { tw: 'native', en: 'C1' },
    skills: { 'data analysis': 4 },
    origin: 'GH',
    country: 'DE',
    timezone: 'Europe/Berlin',
  });
  const farah = await enrol(cluster, 0, {
    role: 'mentee',
    name: 'Farah Haddad',
    languages: { ar: 'native' },
    skills: { 'data analysis': 3 },
  });
  const kofi = await enrol(cluster, 0, {
    role: 'mentor',
    name: 'Kofi Adjei',
    languages: { tw: 'native', en: 'C2' },
    skills: { 'data analysis': 5 },
    origin: 'GH',
    country: 'DE',
    timezone: 'Europe/Berlin',
    capacity: 2,
  });
  const abena = await enrol(cluster, 1, {
    role: 'mentor',
    name: 'Abena Frimpong',
    languages: { en: 'B2' },
    skills: { 'data analysis': 3 },
    origin: 'KE',
    country: 'US',
    timezone: 'America/Los_Angeles',
    capacity: 2,
  });
  return { davi, efua, farah, kofi, abena };
}

clusterTest(
  'decline: the mentee keeps its place, the next round offers another mentor, never the declined one',
  async (cluster) => {
    const { davi, efua, farah, kofi, abena } = await enrolDeclineCast(cluster);
    await requestInLine([davi, efua, farah]);
    const admin = await matchAdmin(cluster, 1);
    const positions = async () =>
      Promise.all([davi, efua, farah].map(async (p) => (await statusOf(p.client)).position));

    const first = await runRound(admin);
    assertCounts(first, { offers: 1, unmatched: 2 }, 'first round');
    const offer = await offerFor(kofi, efua);
    assert.deepEqual(await offersOf(abena.client), []);
    assert.equal((await statusOf(efua.client)).status, 'offered');
    assert.deepEqual(await positions(), [1, 2, 3]);

    // A reason over the cap is refused and changes nothing.
    await kofi.client.fail('match.decline', { offer: offer.id, reason: 'é'.repeat(501) }, 'bad_request');
    assert.deepEqual(await offersOf(kofi.client), [offer]);
    await kofi.client.ok('match.decline', {
      offer: offer.id,
      reason: 'I travel for two months from next week.',
    });
    assert.deepEqual(await offersOf(kofi.client), []);
    await kofi.client.fail('match.decline', { offer: offer.id }, 'not_found');
    await kofi.client.fail('match.accept', { offer: offer.id }, 'not_found');
    assert.equal((await statusOf(efua.client)).status, 'queued');
    assert.deepEqual(await positions(), [1, 2, 3], 'the declined mentee lost its place');

    const second = await runRound(admin);
    assert.equal(second.offers, 1, `second round: ${JSON.stringify(second)}`);
    const next = await offerFor(abena, efua);
    assert.ok(
      next.score < offer.score,
      `Abena (${next.score}) should fit less well than Kofi (${offer.score})`,
    );
    assert.deepEqual(
      await offersOf(kofi.client),
      [],
      'the declined mentor was offered the same mentee again',
    );
    await kofi.client.none('match.offer', 300);

    // Abena declines too, without a reason: nobody is left for Efua.
    await abena.client.ok('match.decline', { offer: next.id });
    assert.deepEqual(await positions(), [1, 2, 3]);
    const third = await runRound(admin);
    assertCounts(third, { offers: 0, unmatched: 3 }, 'third round');
    assert.equal((await statusOf(efua.client)).status, 'queued');
    assert.deepEqual(await offersOf(kofi.client), []);
    assert.deepEqual(await offersOf(abena.client), []);
    await kofi.client.none('match.offer', 300);
    await abena.client.none(isOffer(efua), 0);
  },
);

// Four pairs that can only go together: each shares one language, nobody else does.
clusterTest(
  'the same offer accepted at once on two nodes: exactly one ok, one match, one room',
  async (cluster) => {
    const pairs = [];
    for (const [i, code, origin] of [
      [0, 'sw', 'KE'],
      [1, 'ha', 'NE'],
      [2, 'am', 'ET'],
      [3, 'ln', 'CD'],
    ]) {
      const mentee = await enrol(cluster, i % 2, {
        role: 'mentee',
        languages: { [code]: 'native' },
        skills: { negotiation: 4 },
        origin,
      });
      const mentor = await enrol(cluster, (i + 1) % 2, {
        role: 'mentor',
        languages: { [code]: 'C2' },
        skills: { negotiation: 5 },
        origin,
        capacity: 3,
      });
      mentor.elsewhere = (await cluster.tab(i % 2, mentor.token)).client;
      pairs.push({ mentee, mentor });
    }
    await requestInLine(pairs.map((p) => p.mentee));
    const admin = await matchAdmin(cluster, 0);
    assert.equal((await runRound(admin)).offers, pairs.length);
    for (const p of pairs) p.offer = await offerFor(p.mentor, p.mentee);

    // Every mentor accepts from both nodes at the same time, all pairs at once.
    const sockets = pairs.flatMap((p) => [p.mentor.client, p.mentor.elsewhere]);
    const replies = await together(sockets, 'match.accept', (i) => ({ offer: pairs[i >> 1].offer.id }));
    for (const [k, p] of pairs.entries()) {
      const mine = replies.slice(2 * k, 2 * k + 2);
      const wins = mine.filter((r) => r.type === 'ok');
      assert.equal(wins.length, 1, `${p.mentor.user.name}: ${JSON.stringify(mine)}`);
      const lost = mine.find((r) => r.type !== 'ok');
      assert.ok(['not_found', 'conflict'].includes(lost.code), `the losing accept: ${JSON.stringify(lost)}`);
      const match = checkMatch(wins[0].match, p.mentor, p.mentee);
      assert.deepEqual((await p.mentee.client.next(isMade())).match, match);
      assert.deepEqual((await statusOf(p.mentee.client)).match, match);
      assert.deepEqual(await mentorshipRooms(p.mentor.client), [match.room]);
      p.match = match;
    }
    for (const p of pairs)
      await p.mentee.client.none('match.made', 0, `${p.mentee.user.name} was matched twice`);
    const stats = await admin.ok('match.stats', {});
    assert.equal(stats.accepted, pairs.length, `stats: ${JSON.stringify(stats)}`);
    assert.equal(stats.pending_offers, 0, `stats: ${JSON.stringify(stats)}`);
  },
);

clusterTest(
  'two offers, capacity lowered to one, both accepted at once on two nodes: one wins, the other conflict',
  async (cluster) => {
    const kojo = await enrol(cluster, 0, {
      role: 'mentor',
      name: 'Kojo Mensah',
      languages: { ff: 'native', fr: 'C2' },
      skills: { entrepreneurship: 5 },
      origin: 'GN',
      capacity: 2,
    });
    const elsewhere = (await cluster.tab(1, kojo.token)).client;
    const lamin = await enrol(cluster, 1, {
      role: 'mentee',
      name: 'Lamin Jallow',
      languages: { ff: 'native' },
      skills: { entrepreneurship: 5 },
      origin: 'GN',
    });
    const mariama = await enrol(cluster, 0, {
      role: 'mentee',
      name: 'Mariama Sow',
      languages: { ff: 'C1', fr: 'B2' },
      skills: { entrepreneurship: 3 },
      origin: 'GN',
    });
    await requestInLine([lamin, mariama]);
    const admin = await matchAdmin(cluster, 1);
    assert.equal((await runRound(admin)).offers, 2);
    const offers = [await offerFor(kojo, lamin), await offerFor(kojo, mariama)];
    const { profile } = await kojo.client.ok('profile.set', { profile: { ...kojo.profile, capacity: 1 } });
    assert.equal(profile.capacity, 1);

    const replies = await together([kojo.client, elsewhere], 'match.accept', (i) => ({
      offer: offers[i].id,
    }));
    const winner = replies.findIndex((r) => r.type === 'ok');
    assert.ok(winner >= 0, `no accept won: ${JSON.stringify(replies)}`);
    const loser = 1 - winner;
    assert.equal(
      replies[loser].type,
      'error',
      `both accepts won past capacity 1: ${JSON.stringify(replies)}`,
    );
    assert.equal(replies[loser].code, 'conflict', `the losing accept: ${JSON.stringify(replies[loser])}`);

    const [won, lost] = winner === 0 ? [lamin, mariama] : [mariama, lamin];
    const match = checkMatch(replies[winner].match, kojo, won);
    assert.deepEqual((await won.client.next(isMade())).match, match);
    assert.equal((await statusOf(won.client)).status, 'matched');
    assert.notEqual((await statusOf(lost.client)).status, 'matched');
    assert.deepEqual(await mentorshipRooms(kojo.client), [match.room]);
    assert.deepEqual(await mentorshipRooms(lost.client), []);
    // Full now: the refused offer was withdrawn, its mentee is back in line, and no round
    // adds an offer for this mentor.
    await elsewhere.fail('match.accept', { offer: offers[loser].id }, 'not_found');
    assert.equal((await statusOf(lost.client)).status, 'queued');
    const round = await runRound(admin);
    assert.equal(round.offers, 0, `round after the race: ${JSON.stringify(round)}`);
    await lost.client.none('match.made', 300);
    assert.equal((await admin.ok('match.stats', {})).accepted, 1);
  },
);

clusterTest(
  'a mentor is never offered more mentees than free places, pending offers included',
  async (cluster) => {
    const nana = await enrol(cluster, 0, {
      role: 'mentor',
      name: 'Nana Ama',
      languages: { en: 'C2' },
      skills: { 'public speaking': 5 },
      origin: 'GH',
      capacity: 1,
    });
    const mentees = await enrolEach(cluster, ['Ngozi Eze', 'Oumar Ba', 'Pendo Wanjiru'], {
      role: 'mentee',
      languages: { en: 'C1' },
      skills: { 'public speaking': 4 },
      origin: 'GH',
    });
    await requestInLine(mentees);
    const admin = await matchAdmin(cluster, 1);
    const statuses = async () =>
      (await Promise.all(mentees.map((m) => statusOf(m.client)))).map((s) => s.status).sort();

    const first = await runRound(admin);
    assertCounts(first, { offers: 1, unmatched: 2 }, 'capacity 1, three mentees');
    const offered = (await nana.client.next('match.offer')).offer;
    assert.equal((await offersOf(nana.client)).length, 1);
    assert.deepEqual(await statuses(), ['offered', 'queued', 'queued']);
    // The pending offer holds the only place.
    const again = await runRound(admin);
    assertCounts(again, { offers: 0, unmatched: 2 }, 'with an offer pending');
    await nana.client.none('match.offer', 300);

    // One more place: one more offer, and with a match made the count holds.
    await nana.client.ok('profile.set', { profile: { ...nana.profile, capacity: 2 } });
    await nana.client.ok('match.accept', { offer: offered.id });
    assert.equal((await runRound(admin)).offers, 1);
    assert.equal((await offersOf(nana.client)).length, 1);
    assert.deepEqual(await statuses(), ['matched', 'offered', 'queued']);
    const full = await runRound(admin);
    assertCounts(full, { offers: 0, unmatched: 1 }, 'full mentor');
    assert.equal((await offersOf(nana.client)).length, 1);
  },
);

// Rounds started together on both nodes: one may be refused as already
// running, but no mentee is ever offered twice and no place is overbooked.
clusterTest(
  'two rounds at once on two nodes: each mentee offered once, no mentor past capacity',
  async (cluster) => {
    const mentors = await enrolEach(cluster, ['Rahel Tesfaye', 'Samuel Bekele'], {
      role: 'mentor',
      languages: { am: 'native' },
      skills: { journalism: 5 },
      origin: 'ET',
      capacity: 2,
    });
    const mentees = await enrolEach(
      cluster,
      ['Tigist Alemu', 'Yonas Girma', 'Hanna Tadesse', 'Dawit Haile', 'Meron Kebede'],
      { role: 'mentee', languages: { am: 'C1' }, skills: { journalism: 3 }, origin: 'ET' },
    );
    await requestInLine(mentees);
    const admins = [await matchAdmin(cluster, 0), await matchAdmin(cluster, 1)];
    const replies = await together(admins, 'match.run', () => ({}));
    const ran = replies.filter((r) => r.type === 'ok');
    assert.ok(ran.length >= 1, `no round ran: ${JSON.stringify(replies)}`);
    for (const r of replies.filter((x) => x.type !== 'ok'))
      assert.equal(r.code, 'conflict', JSON.stringify(r));
    assert.equal(
      ran.reduce((n, r) => n + r.offers, 0),
      4,
      `four places, five mentees: ${JSON.stringify(replies)}`,
    );

    const offered = [];
    for (const m of mentors) {
      const offers = await offersOf(m.client);
      assert.equal(offers.length, 2, `${m.user.name} holds ${offers.length} offers`);
      offered.push(...offers.map((o) => o.mentee.id));
    }
    assert.equal(new Set(offered).size, 4, `a mentee was offered twice: ${JSON.stringify(offered)}`);
    const statuses = (await Promise.all(mentees.map((m) => statusOf(m.client)))).map((s) => s.status);
    assert.deepEqual(statuses.sort(), ['offered', 'offered', 'offered', 'offered', 'queued']);
  },
);

// Pape fits Sadio perfectly, Quentin less: if Pape's cancel were lost, the
// single place would go to him.
clusterTest(
  'match.cancel: out of the line when queued, the offer withdrawn when offered, refused when matched',
  async (cluster) => {
    const pape = await enrol(cluster, 0, {
      role: 'mentee',
      name: 'Pape Ndiaye',
      languages: { wo: 'native', fr: 'C2' },
      skills: { 'policy advocacy': 5 },
    });
    const quentin = await enrol(cluster, 1, {
      role: 'mentee',
      name: 'Quentin Diouf',
      languages: { fr: 'B1' },
      skills: { 'policy advocacy': 2, journalism: 4 },
      origin: 'CM',
      country: 'CA',
      timezone: 'America/Montreal',
    });
    const sadio = await enrol(cluster, 1, {
      role: 'mentor',
      name: 'Sadio Kane',
      languages: { wo: 'native', fr: 'native' },
      skills: { 'policy advocacy': 5 },
      capacity: 1,
    });
    const admin = await matchAdmin(cluster, 0);
    await requestInLine([pape, quentin]);
    assert.equal((await statusOf(quentin.client)).position, 2);

    await pape.client.ok('match.cancel', {});
    const gone = await statusOf(pape.client);
    assert.equal(gone.status, 'none');
    assert.equal(gone.position, undefined, `a cancelled request still has a place: ${JSON.stringify(gone)}`);
    assert.equal((await statusOf(quentin.client)).position, 1);
    await pape.client.ok('match.cancel', {}); // twice is fine

    assert.equal((await runRound(admin)).offers, 1);
    const offer = checkOffer((await sadio.client.next('match.offer')).offer, quentin);
    await quentin.client.ok('match.cancel', {});
    assert.equal((await statusOf(quentin.client)).status, 'none');
    assert.deepEqual(await offersOf(sadio.client), [], 'the withdrawn offer is still listed');
    await sadio.client.fail('match.accept', { offer: offer.id }, 'not_found');
    assert.equal((await admin.ok('match.stats', {})).queued, 0);
    assert.equal((await runRound(admin)).offers, 0);

    // Withdrawing is not a refusal by the mentor: the pair may meet again.
    await requestInLine([quentin]);
    assert.equal((await runRound(admin)).offers, 1);
    const again = checkOffer((await sadio.client.next('match.offer')).offer, quentin);
    const { match } = await sadio.client.ok('match.accept', { offer: again.id });
    await quentin.client.fail('match.cancel', {}, 'conflict');
    const status = await statusOf(quentin.client);
    assert.equal(status.status, 'matched');
    assert.equal(status.match.id, match.id);
    assert.equal((await statusOf(pape.client)).status, 'none');
  },
);

clusterTest(
  'match.stats counts the line, offers, answers, the acceptance rate and the median wait',
  async (cluster) => {
    const admin = await matchAdmin(cluster, 1);
    const empty = await admin.ok('match.stats', {});
    assertCounts(
      empty,
      { queued: 0, pending_offers: 0, offered: 0, accepted: 0, declined: 0, expired: 0 },
      'an empty store',
    );
    assert.equal(empty.acceptance_rate, null);
    assert.equal(empty.median_wait_ms, null);

    const mentors = await enrolEach(cluster, ['Thandiwe Dube', 'Uchenna Obi'], {
      role: 'mentor',
      languages: { en: 'C2' },
      skills: { 'financial literacy': 5 },
      capacity: 1,
    });
    const mentees = await enrolEach(cluster, ['Vusi Khumalo', 'Wanjiku Kamau', 'Xolani Zulu'], {
      role: 'mentee',
      languages: { en: 'B2' },
      skills: { 'financial literacy': 4 },
    });
    await requestInLine(mentees);
    assert.equal((await admin.ok('match.stats', {})).queued, 3);

    const round = await runRound(admin);
    assertCounts(round, { offers: 2, unmatched: 1 }, 'round');
    const [a, b] = await Promise.all(mentors.map(async (m) => (await m.client.next('match.offer')).offer));
    let stats = await admin.ok('match.stats', {});
    assertCounts(
      stats,
      { queued: 1, pending_offers: 2, offered: 2, accepted: 0, declined: 0, expired: 0 },
      'after the round',
    );

    await mentors[0].client.ok('match.accept', { offer: a.id });
    await mentors[1].client.ok('match.decline', { offer: b.id, reason: 'Not the right time.' });
    stats = await admin.ok('match.stats', {});
    assertCounts(
      stats,
      { queued: 2, pending_offers: 0, offered: 2, accepted: 1, declined: 1, expired: 0 },
      'after one accept and one decline',
    );
    assert.equal(stats.acceptance_rate, 0.5);
    assert.ok(
      Number.isInteger(stats.median_wait_ms) && stats.median_wait_ms >= 0,
      `median wait: ${stats.median_wait_ms}`,
    );

    // The mentor who declined is free again: the mentee never offered goes to
    // her, the one she declined to nobody.
    const last = await runRound(admin);
    assertCounts(last, { offers: 1, unmatched: 1 }, 'last round');
    stats = await admin.ok('match.stats', {});
    assertCounts(stats, { queued: 1, pending_offers: 1, offered: 3 }, 'last');
  },
);

// Rounds every second and short-lived offers: nothing here calls match.run.
clusterTest(
  'expiry: an unanswered offer disappears, the mentee keeps its place and that pair is never offered again',
  { env: { PASSERELLE_OFFER_TTL: OFFER_TTL_S, PASSERELLE_MATCH_INTERVAL: 1 } },
  async (cluster) => {
    const yasmin = await enrol(cluster, 1, {
      role: 'mentee',
      name: 'Yasmin Idris',
      languages: { so: 'native', en: 'C1' },
      skills: { 'community organising': 4 },
      origin: 'SO',
      country: 'GB',
      timezone: 'Europe/London',
    });
    const zahra = await enrol(cluster, 0, {
      role: 'mentor',
      name: 'Zahra Warsame',
      languages: { so: 'native', en: 'C2' },
      skills: { 'community organising': 5 },
      origin: 'SO',
      country: 'GB',
      timezone: 'Europe/London',
      capacity: 2,
    });
    await requestInLine([yasmin]);
    const offer = await offerFor(zahra, yasmin, EXPIRY_WAIT_MS);
    assert.ok(
      offer.expires_at <= Date.now() + OFFER_TTL_S * 1000,
      `expires_at beyond the lifetime: ${offer.expires_at}`,
    );

    // Nobody answers: the offer goes, from every node.
    const elsewhere = (await cluster.tab(1, zahra.token)).client;
    await waitFor('the offer to expire', async () => (await offersOf(elsewhere)).length === 0, {
      timeout: EXPIRY_WAIT_MS,
      interval: 250,
    });
    await zahra.client.fail('match.accept', { offer: offer.id }, 'not_found');
    const status = await statusOf(yasmin.client);
    assert.equal(status.status, 'queued', `after expiry: ${JSON.stringify(status)}`);
    assert.equal(status.position, 1);

    // A mentor who fits less well comes: the next rounds go to her, never back to Zahra.
    const idil = await enrol(cluster, 1, {
      role: 'mentor',
      name: 'Idil Farah',
      languages: { en: 'B2' },
      skills: { 'community organising': 3 },
      origin: 'KE',
      country: 'US',
      timezone: 'America/Chicago',
    });
    const next = await offerFor(idil, yasmin, EXPIRY_WAIT_MS);
    assert.ok(
      next.score < offer.score,
      `Idil (${next.score}) should fit less well than Zahra (${offer.score})`,
    );
    await zahra.client.none('match.offer', 1500, 'an expired pair was offered again');
    assert.deepEqual(await offersOf(zahra.client), []);

    const { match } = await idil.client.ok('match.accept', { offer: next.id });
    checkMatch(match, idil, yasmin);
    assert.equal((await yasmin.client.next(isMade(match.id))).match.id, match.id);
    const admin = await matchAdmin(cluster, 0);
    const stats = await admin.ok('match.stats', {});
    assertCounts(stats, { expired: 1, accepted: 1, declined: 0, pending_offers: 0, queued: 0 }, 'stats');
    assert.equal(stats.acceptance_rate, 0.5);
  },
);
