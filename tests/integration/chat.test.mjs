// Chat: say, delivery to every member connection on both nodes, text
// limits, nonce idempotency, history scroll-back and one order everywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ids, isMessage, sayMany, useCluster } from '../lib/harness.mjs';

const cluster = useCluster({
  servers: 2,
  rooms: ['say', 'limits', 'nonce', 'scroll', 'last50', 'order', 'outsider', 'guard'],
  env: { PASSERELLE_SAY_BURST: 10000, PASSERELLE_SAY_RATE: 10000 },
});

test('say is stored, acknowledged and delivered to every member connection', async () => {
  const a = await cluster.member(0, 'say', { name: 'Amara' });
  const b = await cluster.member(1, 'say');
  const c = await cluster.member(0, 'say');
  const aOtherTab = await cluster.tab(1, a.token);
  await aOtherTab.client.ok('join', { room: 'say' });
  const { message } = await a.client.ok('say', { room: 'say', text: 'Salut à tous 👋 <b>bold</b>' });
  assert.equal(typeof message.id, 'string');
  assert.equal(message.room, 'say');
  assert.deepEqual(message.from, a.user);
  assert.equal(message.text, 'Salut à tous 👋 <b>bold</b>');
  assert.equal(typeof message.ts, 'number');
  assert.ok(Math.abs(message.ts - Date.now()) < 10 * 60 * 1000, `ts ${message.ts} is not ms since the epoch`);
  for (const p of [b, c, aOtherTab]) {
    const ev = await p.client.next(isMessage('say', message.id));
    assert.deepEqual(ev.message, message);
  }
  const late = await cluster.user(1);
  const joined = await late.client.ok('join', { room: 'say' });
  assert.deepEqual(joined.history.at(-1), message);
});

test('only members of a room get its messages', async () => {
  const a = await cluster.member(0, 'outsider');
  const outsider = await cluster.user(1);
  const elsewhere = await cluster.member(1, 'say');
  const { message } = await a.client.ok('say', { room: 'outsider', text: 'members only' });
  await a.client.ok('say', { room: 'outsider', text: 'second' });
  await outsider.client.none(isMessage('outsider'), 400);
  await elsewhere.client.none(isMessage('outsider', message.id), 0);
});

test('say, typing and history need the room joined on this connection', async () => {
  const a = await cluster.user(0);
  await a.client.fail('say', { room: 'guard', text: 'hello' }, 'forbidden');
  await a.client.fail('typing', { room: 'guard' }, 'forbidden');
  const known = (await (await cluster.member(1, 'say')).client.ok('say', { room: 'say', text: 'an id' }))
    .message.id;
  await a.client.fail('history', { room: 'guard', before: known }, 'forbidden');
  // Joined on another connection of the same person does not count.
  const tab = await cluster.tab(1, a.token);
  await tab.client.ok('join', { room: 'guard' });
  await a.client.fail('say', { room: 'guard', text: 'hello' }, 'forbidden');
  const check = await cluster.user(1);
  const joined = await check.client.ok('join', { room: 'guard' });
  assert.deepEqual(joined.history, []);
});

test('say, typing and history to an unknown room are not_found (existence before permission)', async () => {
  const a = await cluster.member(0, 'say');
  const known = (await a.client.ok('say', { room: 'say', text: 'an id' })).message.id;
  await a.client.fail('say', { room: 'no-such-room', text: 'hello' }, 'not_found');
  await a.client.fail('typing', { room: 'no-such-room' }, 'not_found');
  await a.client.fail('history', { room: 'no-such-room', before: known }, 'not_found');
});

test('text is 1..4000 characters after trimming; longer is bad_request and not stored', async () => {
  const a = await cluster.member(0, 'limits');
  const max = 'é'.repeat(4000); // 8000 bytes, 4000 characters
  const ok = await a.client.ok('say', { room: 'limits', text: max });
  assert.equal(ok.message.text.length, 4000);
  await a.client.fail('say', { room: 'limits', text: 'é'.repeat(4001) }, 'bad_request');
  await a.client.fail('say', { room: 'limits', text: 'x'.repeat(4001) }, 'bad_request');
  await a.client.fail('say', { room: 'limits', text: '   ' }, 'bad_request');
  await a.client.ok('say', { room: 'limits', text: `  ${'y'.repeat(4000)}  ` });
  await a.client.ok('say', { room: 'limits', text: '1' });
  const b = await cluster.user(1);
  const joined = await b.client.ok('join', { room: 'limits' });
  assert.equal(joined.history.length, 3);
  assert.equal(joined.history[0].id, ok.message.id);
});

test('a retried nonce returns the first message and stores it once', async () => {
  const a = await cluster.member(0, 'nonce');
  const watcher = await cluster.member(1, 'nonce');
  const first = await a.client.ok('say', { room: 'nonce', text: 'only once', nonce: 'n-1' });
  const again = await a.client.ok('say', { room: 'nonce', text: 'only once', nonce: 'n-1' });
  assert.deepEqual(again.message, first.message);
  // A retry through the other node after a reconnect, even with other text.
  const tab = await cluster.tab(1, a.token);
  await tab.client.ok('join', { room: 'nonce' });
  const retried = await tab.client.ok('say', { room: 'nonce', text: 'edited', nonce: 'n-1' });
  assert.deepEqual(retried.message, first.message);
  // The same nonce from somebody else is a new message.
  const b = await cluster.member(1, 'nonce');
  const theirs = await b.client.ok('say', { room: 'nonce', text: 'only once', nonce: 'n-1' });
  assert.notEqual(theirs.message.id, first.message.id);
  const other = await a.client.ok('say', { room: 'nonce', text: 'only once', nonce: 'n-2' });
  assert.notEqual(other.message.id, first.message.id);
  await watcher.client.next(isMessage('nonce', other.message.id));
  const joined = await (await cluster.user(0)).client.ok('join', { room: 'nonce' });
  assert.deepEqual(ids(joined.history), [first.message.id, theirs.message.id, other.message.id]);
});

test('join without since gives the last 50 messages, oldest first', async () => {
  const a = await cluster.member(0, 'last50');
  const sent = await sayMany(a.client, 'last50', 55);
  const b = await cluster.user(1);
  const joined = await b.client.ok('join', { room: 'last50' });
  assert.deepEqual(ids(joined.history), ids(sent.slice(-50)));
  assert.deepEqual(
    joined.history.map((m) => m.text),
    sent.slice(-50).map((m) => m.text),
  );
  assert.equal(joined.gap, false);
});

test('history pages back through older messages until more is false', async () => {
  const a = await cluster.member(1, 'scroll');
  const sent = await sayMany(a.client, 'scroll', 23);
  const b = await cluster.member(0, 'scroll');
  const page1 = await b.client.ok('history', { room: 'scroll', before: sent[20].id, limit: 5 });
  assert.deepEqual(ids(page1.messages), ids(sent.slice(15, 20)));
  assert.equal(page1.more, true);
  let before = page1.messages[0].id;
  const seen = [...page1.messages];
  for (let guard = 0; guard < 10; guard++) {
    const page = await b.client.ok('history', { room: 'scroll', before, limit: 5 });
    seen.unshift(...page.messages);
    if (!page.more) break;
    assert.ok(page.messages.length > 0, 'more is true but the page is empty');
    before = page.messages[0].id;
  }
  assert.deepEqual(ids(seen), ids(sent.slice(0, 20)));
  const oldest = await b.client.ok('history', { room: 'scroll', before: sent[0].id });
  assert.deepEqual(oldest.messages, []);
  assert.equal(oldest.more, false);
});

test('concurrent senders on both nodes: one order, the same everywhere', async () => {
  const PER_SENDER = 25;
  const observers = [await cluster.member(0, 'order'), await cluster.member(1, 'order')];
  const senders = [
    await cluster.member(0, 'order'),
    await cluster.member(1, 'order'),
    await cluster.member(0, 'order'),
    await cluster.member(1, 'order'),
  ];
  const acks = await Promise.all(
    senders.map((s, k) => sayMany(s.client, 'order', PER_SENDER, `sender ${k}`)),
  );
  const total = PER_SENDER * senders.length;
  const seen = await Promise.all(observers.map((o) => o.client.collect(isMessage('order'), total)));
  const orders = seen.map((events) => ids(events.map((e) => e.message)));
  assert.deepEqual(orders[0], orders[1], 'the two nodes delivered different orders');
  assert.equal(new Set(orders[0]).size, total, 'duplicate message ids');
  // Each sender's messages keep the order it sent them in.
  for (const [k, mine] of acks.entries()) {
    const positions = ids(mine).map((id) => orders[0].indexOf(id));
    assert.ok(
      positions.every((p, j) => p >= 0 && (j === 0 || p > positions[j - 1])),
      `sender ${k} reordered`,
    );
  }
  // Every sender saw the same order too, and history agrees.
  for (const s of senders) {
    const events = await s.client.collect(isMessage('order'), total);
    assert.deepEqual(ids(events.map((e) => e.message)), orders[0]);
  }
  const reader = await cluster.user(1);
  const last = await reader.client.ok('join', { room: 'order' });
  assert.deepEqual(ids(last.history), orders[0].slice(-50));
  const older = await reader.client.ok('history', { room: 'order', before: last.history[0].id, limit: 50 });
  assert.deepEqual(ids(older.messages), orders[0].slice(0, 50));
});
