// A participant-socket client for tests. Replies (frames with `re`) resolve
// the request that carried that id; every other frame is an event, queued
// until next() takes it. The caller owns the Client and closes it (the
// cluster closes the ones it made after each test).
import assert from 'node:assert/strict';
import WebSocket from 'ws';

export const PROTOCOL = 'passerelle.v1';
export const TEST_ORIGIN = 'http://passerelle.test';
export const DEFAULT_WAIT_MS = 5000; // only fails a hung test
const QUEUE_CAP = 100000; // events kept unread before the client gives up

const keyOf = (id) => `${typeof id}:${JSON.stringify(id)}`;
const label = (what) => (typeof what === 'string' ? `a ${what} event` : 'the awaited event');
const matcher = (what) => (typeof what === 'string' ? (m) => m.type === what : what);

// Opens a socket; rejects with err.status set when the server refuses the
// upgrade with an HTTP answer.
export function connect(
  url,
  {
    origin = TEST_ORIGIN,
    protocol = PROTOCOL,
    timeout = DEFAULT_WAIT_MS,
    headers = {},
    autoPong = true, // false: the client does not answer the server's pings
  } = {},
) {
  return new Promise((resolve, reject) => {
    const opts = { headers: { ...headers }, handshakeTimeout: timeout, autoPong };
    if (origin !== null) opts.origin = origin;
    const ws = new WebSocket(url, protocol === null ? [] : [protocol], opts);
    const client = new Client(ws);
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (req, res) => {
      const err = new Error(`upgrade refused with HTTP ${res.statusCode}`);
      err.status = res.statusCode;
      res.resume();
      ws.terminate();
      reject(err);
    });
    ws.once('error', (err) => reject(err));
    ws.once('close', (code) =>
      reject(Object.assign(new Error(`closed during handshake (${code})`), { code })),
    );
  });
}

export class Client {
  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map(); // id key -> {resolve, reject, timer, what}
    this.events = []; // unread events
    this.waiters = new Set(); // {pred, resolve, reject, timer}
    this.failure = null; // set once the server broke the framing
    this.closeInfo = null;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        this.failAll(new Error(`socket closed (${code} ${reason})`));
        resolve(this.closeInfo);
      });
    });
    ws.on('error', () => {}); // 'close' follows and reports it
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  get protocol() {
    return this.ws.protocol;
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  receive(data, isBinary) {
    let msg;
    try {
      if (isBinary) throw new Error('binary frame');
      msg = JSON.parse(data.toString('utf8'));
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg) || typeof msg.type !== 'string')
        throw new Error('not an object with a string type');
    } catch (err) {
      this.failAll(new Error(`server sent a bad frame (${err.message}): ${String(data).slice(0, 200)}`));
      return;
    }
    if ('re' in msg && this.pending.has(keyOf(msg.re))) {
      const p = this.pending.get(keyOf(msg.re));
      this.pending.delete(keyOf(msg.re));
      clearTimeout(p.timer);
      p.resolve(msg);
      return;
    }
    // Events, and replies nobody waits for (tests look for those too).
    for (const w of this.waiters) {
      if (w.pred(msg)) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(msg);
        return;
      }
    }
    if (this.events.length >= QUEUE_CAP) {
      this.failAll(new Error('too many unread events'));
      return;
    }
    this.events.push(msg);
  }

  failAll(err) {
    if (!this.failure) this.failure = err;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`${p.what}: ${err.message}`));
    }
    this.pending.clear();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`waiting for ${w.what}: ${err.message}`));
    }
    this.waiters.clear();
  }

  // Sends a frame as is: an object is encoded, a string or Buffer goes raw.
  send(frame, options = {}) {
    const data = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame);
    this.ws.send(data, { binary: false, ...options });
  }

  // Sends {type, id, ...fields} and resolves with the reply whose re is id.
  req(type, fields = {}, { id = this.nextId++, timeout = DEFAULT_WAIT_MS } = {}) {
    const what = `reply to ${type} (id ${JSON.stringify(id)})`;
    if (this.failure) return Promise.reject(new Error(`${what}: ${this.failure.message}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(keyOf(id));
        const seen = this.events.map((e) => JSON.stringify(e).slice(0, 160)).slice(-5);
        reject(new Error(`no ${what} within ${timeout} ms; unread: ${seen.join(' | ') || 'none'}`));
      }, timeout);
      this.pending.set(keyOf(id), { resolve, reject, timer, what });
      this.send({ type, id, ...fields });
    });
  }

  // req() that must succeed; returns the ok reply.
  async ok(type, fields = {}, options = {}) {
    const reply = await this.req(type, fields, options);
    assert.equal(
      reply.type,
      'ok',
      `${type} ${JSON.stringify(fields).slice(0, 300)} -> ${JSON.stringify(reply)}`,
    );
    return reply;
  }

  // req() that must fail with code; returns the error reply.
  async fail(type, fields, code, options = {}) {
    const reply = await this.req(type, fields, options);
    assert.equal(reply.type, 'error', `${type} should fail with ${code}, got ${JSON.stringify(reply)}`);
    assert.equal(
      reply.code,
      code,
      `${type} ${JSON.stringify(fields).slice(0, 300)} -> ${JSON.stringify(reply)}`,
    );
    assert.equal(typeof reply.message, 'string', `error without a message: ${JSON.stringify(reply)}`);
    assert.ok(reply.message.length > 0, 'empty error message');
    return reply;
  }

  // Resolves with the first unread event matching what (a type name or a
  // predicate), waiting for it if needed.
  next(what, timeout = DEFAULT_WAIT_MS) {
    const pred = matcher(what);
    const idx = this.events.findIndex(pred);
    if (idx >= 0) return Promise.resolve(this.events.splice(idx, 1)[0]);
    if (this.failure) return Promise.reject(new Error(`waiting for ${label(what)}: ${this.failure.message}`));
    return new Promise((resolve, reject) => {
      const w = { pred, resolve, reject, what: label(what) };
      w.timer = setTimeout(() => {
        this.waiters.delete(w);
        const seen = this.events.map((e) => JSON.stringify(e).slice(0, 160)).slice(-10);
        reject(new Error(`no ${w.what} within ${timeout} ms; unread events: ${seen.join(' | ') || 'none'}`));
      }, timeout);
      this.waiters.add(w);
    });
  }

  // Takes events until count of them matched; returns the matching ones.
  async collect(what, count, timeout = DEFAULT_WAIT_MS * 4) {
    const out = [];
    while (out.length < count) out.push(await this.next(what, timeout));
    return out;
  }

  // Asserts that no event matching what arrives within ms. Only for places
  // where the contract says nothing must arrive; a slow server can only make
  // this pass, never fail.
  async none(what, ms = 400, message = undefined) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const found = this.events.filter(matcher(what));
    assert.equal(found.length, 0, message ?? `unexpected event: ${JSON.stringify(found[0])}`);
  }

  // Drops unread events matching what; returns them.
  discard(what = () => true) {
    const pred = matcher(what);
    const dropped = this.events.filter(pred);
    this.events = this.events.filter((e) => !pred(e));
    return dropped;
  }

  async close(timeout = 2000) {
    if (this.ws.readyState === WebSocket.CLOSED) return this.closeInfo;
    if (this.ws.readyState !== WebSocket.CLOSING) this.ws.close(1000);
    const timer = setTimeout(() => this.ws.terminate(), timeout);
    const info = await this.closed;
    clearTimeout(timer);
    return info;
  }

  // Waits for the server to close the socket; returns {code, reason}.
  async waitClosed(timeout = DEFAULT_WAIT_MS) {
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`socket still open after ${timeout} ms`)), timeout);
    });
    try {
      return await Promise.race([this.closed, limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  terminate() {
    this.ws.terminate();
  }
}
