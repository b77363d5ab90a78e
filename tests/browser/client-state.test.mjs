// The web client's state rules, without a browser: merging history and live
// messages (order kept, each id once), the outbox (nonces kept across
// reloads, order kept) and the reconnect back-off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createRoomState,
  appendMessages,
  prependMessages,
  mergeJoin,
  receiveMessage,
  removeMessage,
  eraseMessages,
  restoreMessage,
  lastMessageId,
  textLength,
  Outbox,
  MAX_MESSAGES_KEPT,
} from '../../web/js/store.js';
import { backoffDelay, frameBytes, MAX_FRAME_BYTES } from '../../web/core/socket.js';

const msg = (id, text = `text ${id}`, ts = 1) => ({ id, room: 'r', from: { id: 'u1', name: 'A' }, text, ts });
const ids = (rs) => rs.messages.map((m) => m.id);

class MemoryStorage {
  constructor() {
    this.data = new Map();
  }
  getItem(k) {
    return this.data.has(k) ? this.data.get(k) : null;
  }
  setItem(k, v) {
    this.data.set(k, String(v));
  }
  removeItem(k) {
    this.data.delete(k);
  }
}

test('appending keeps order and drops ids already held', () => {
  const rs = createRoomState('r');
  assert.equal(appendMessages(rs, [msg('1'), msg('2')]), 2);
  assert.equal(appendMessages(rs, [msg('2'), msg('3'), msg('3')]), 1);
  assert.deepEqual(ids(rs), ['1', '2', '3']);
  assert.equal(lastMessageId(rs), '3');
});

test('malformed messages are ignored', () => {
  const rs = createRoomState('r');
  assert.equal(appendMessages(rs, [null, { id: 5, text: 'x' }, { id: '6' }, msg('7')]), 1);
  assert.deepEqual(ids(rs), ['7']);
});

test('older pages go in front, without duplicates', () => {
  const rs = createRoomState('r');
  appendMessages(rs, [msg('3'), msg('4')]);
  assert.equal(prependMessages(rs, [msg('1'), msg('2'), msg('3')]), 2);
  assert.deepEqual(ids(rs), ['1', '2', '3', '4']);
});

test('a resumed join appends the history, then what arrived while joining', () => {
  const rs = createRoomState('r');
  appendMessages(rs, [msg('1'), msg('2')]);
  rs.joining = true;
  rs.buffer = [];
  // Live copies can arrive before the join's reply; they are newer or the same.
  assert.equal(receiveMessage(rs, msg('4')), 0);
  assert.equal(receiveMessage(rs, msg('5')), 0);
  rs.joining = false;
  mergeJoin(rs, [msg('3'), msg('4')], true);
  assert.deepEqual(ids(rs), ['1', '2', '3', '4', '5']);
  assert.equal(rs.buffer, null);
});

test('a fresh join replaces what was held', () => {
  const rs = createRoomState('r');
  appendMessages(rs, [msg('x')]);
  mergeJoin(rs, [msg('1'), msg('2')], false);
  assert.deepEqual(ids(rs), ['1', '2']);
  assert.equal(rs.more, false, 'fewer than a page: nothing older');
});

test('a deleted message does not come back with a late copy', () => {
  const rs = createRoomState('r');
  appendMessages(rs, [msg('1'), msg('2')]);
  assert.equal(removeMessage(rs, '1'), true);
  assert.equal(removeMessage(rs, 'nope'), false);
  appendMessages(rs, [msg('1')]);
  assert.deepEqual(ids(rs), ['2']);
});

test('the number of messages kept in memory is capped', () => {
  const rs = createRoomState('r');
  const many = Array.from({ length: MAX_MESSAGES_KEPT + 10 }, (_, i) => msg(String(i)));
  appendMessages(rs, many);
  assert.equal(rs.messages.length, MAX_MESSAGES_KEPT);
  assert.equal(rs.messages[0].id, '10');
  assert.equal(rs.more, true);
});

test('text length counts code points, as the server does', () => {
  assert.equal(textLength('abc'), 3);
  assert.equal(textLength('👋🏽'), 2);
  assert.equal(textLength('é'), 1);
});

test('the outbox keeps nonces and order across a reload', () => {
  const storage = new MemoryStorage();
  const box = new Outbox(storage, 'k');
  const a = box.add('r', 'first');
  const b = box.add('r', 'second');
  assert.notEqual(a.nonce, b.nonce);
  const again = new Outbox(storage, 'k');
  assert.deepEqual(
    again.entries.map((e) => [e.nonce, e.text]),
    [
      [a.nonce, 'first'],
      [b.nonce, 'second'],
    ],
  );
  assert.equal(again.next().nonce, a.nonce);
  again.remove(a.nonce);
  assert.equal(new Outbox(storage, 'k').next().nonce, b.nonce);
});

test('the outbox is capped and survives corrupt storage', () => {
  const storage = new MemoryStorage();
  storage.setItem('k', '{not json');
  const box = new Outbox(storage, 'k', 2);
  assert.equal(box.entries.length, 0);
  assert.ok(box.add('r', 'one'));
  assert.ok(box.add('r', 'two'));
  assert.equal(box.add('r', 'three'), null);
  storage.setItem('k', JSON.stringify([{ nonce: 'n', room: 'r', text: 't' }, { nonce: 1 }, 'x']));
  assert.deepEqual(
    new Outbox(storage, 'k').entries.map((e) => e.nonce),
    ['n'],
  );
});

test('failed entries wait for the person; pending ones go in order', () => {
  const box = new Outbox(new MemoryStorage(), 'k');
  const a = box.add('r', 'a');
  const b = box.add('s', 'b');
  a.state = 'failed';
  assert.equal(box.next().nonce, b.nonce);
  box.removeRoom('s');
  assert.equal(box.next(), null);
});

test('back-off grows, is capped, and is jittered', () => {
  const low = () => 0;
  const high = () => 0.999999;
  assert.equal(backoffDelay(0, 500, 15000, low), 250);
  assert.equal(backoffDelay(1, 500, 15000, low), 500);
  assert.equal(backoffDelay(10, 500, 15000, low), 7500);
  assert.ok(backoffDelay(10, 500, 15000, high) <= 15000);
  assert.ok(backoffDelay(100, 500, 15000, high) <= 15000);
  assert.ok(backoffDelay(3, 500, 15000, high) > backoffDelay(3, 500, 15000, low));
});

test('frames are measured in bytes against the 16 KiB limit', () => {
  assert.equal(MAX_FRAME_BYTES, 16384);
  assert.equal(frameBytes('é'), 2);
});

test('erased messages become tombstones in their places; others are left alone', () => {
  const rs = createRoomState('r');
  appendMessages(rs, [msg('1'), msg('2'), msg('3')]);
  assert.equal(eraseMessages(rs, ['2', 'x']), 1);
  assert.deepEqual(ids(rs), ['1', '2', '3']);
  assert.deepEqual([rs.messages[1].text, rs.messages[1].erased, rs.messages[1].from.name], ['', true, '']);
  assert.equal(rs.messages[0].text, 'text 1');
  assert.equal(eraseMessages(rs, ['nothing']), 0);
});

test('a hidden message shown again goes back by its time, once', () => {
  const rs = createRoomState('r');
  appendMessages(rs, [msg('1', 'a', 10), msg('2', 'b', 20), msg('3', 'c', 30)]);
  assert.ok(removeMessage(rs, '2'));
  assert.equal(receiveMessage(rs, msg('2', 'b', 20)), 0, 'a late copy does not come back');
  assert.ok(restoreMessage(rs, msg('2', 'b', 20)));
  assert.deepEqual(ids(rs), ['1', '2', '3']);
  assert.equal(restoreMessage(rs, msg('2', 'b', 20)), false, 'held already');
  assert.equal(restoreMessage(rs, msg('0', 'z', 5)), false, 'older than all held while more exist');
  rs.more = false;
  assert.ok(restoreMessage(rs, msg('0', 'z', 5)));
  assert.ok(restoreMessage(rs, msg('4', 'd', 40)));
  assert.deepEqual(ids(rs), ['0', '1', '2', '3', '4']);
});
