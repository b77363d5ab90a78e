// A private redis-server for one test file, and a minimal RESP client to
// check on it. The caller owns the returned Redis object and must stop() it;
// processes.mjs kills it anyway if the test process exits first.
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { spawnTracked, OutputBuffer, waitFor, freePort } from './processes.mjs';

const REPLY_CAP = 1 << 20; // a reply bigger than this is a bug in the test
// Private, loopback only, every write synced to the append-only file.
const SERVER_OPTIONS = {
  bind: '127.0.0.1',
  save: '',
  appendonly: 'yes',
  appendfsync: 'always',
  daemonize: 'no',
  'protected-mode': 'no',
  logfile: '',
};

// Sends one command and resolves with its decoded reply. Redis errors reject.
export function redisCommand(port, args, { timeout = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`redis ${args[0]}: no reply`)), timeout);
    function finish(err, value) {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value);
    }
    sock.on('error', (err) => finish(err));
    sock.on('connect', () => sock.write(encodeCommand(args)));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > REPLY_CAP) return finish(new Error('redis reply too large'));
      let parsed;
      try {
        parsed = parseReply(buf, 0);
      } catch (err) {
        return finish(err);
      }
      if (!parsed) return; // incomplete, wait for more bytes
      if (parsed.value instanceof Error) finish(parsed.value);
      else finish(null, parsed.value);
    });
  });
}

function encodeCommand(args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

// Returns {value, end} or null when buf does not yet hold a whole reply.
function parseReply(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const kind = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (kind) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (!item) return null;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new Error(`unexpected redis reply byte ${JSON.stringify(kind)}`);
  }
}

async function redisAnswers(port) {
  try {
    return (await redisCommand(port, ['PING'], { timeout: 1000 })) === 'PONG';
  } catch {
    return false;
  }
}

// One redis-server with its data in dir. Data is written to an append-only
// file synced on every write, so kill9() then restart() loses nothing.
export class Redis {
  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.url = `redis://127.0.0.1:${port}/0`;
    this.output = new OutputBuffer();
    this.proc = null;
  }

  static async start(tmpRoot) {
    const dir = path.join(tmpRoot, 'redis');
    fs.mkdirSync(dir, { recursive: true });
    const redis = new Redis(dir, await freePort());
    await redis.restart();
    return redis;
  }

  // Starts the server again on the same port and directory.
  async restart() {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null)
      throw new Error('redis is already running');
    this.output.note(`--- redis-server starting on port ${this.port}`);
    const options = { port: this.port, dir: this.dir, ...SERVER_OPTIONS };
    const args = Object.entries(options).flatMap(([k, v]) => [`--${k}`, String(v)]);
    this.proc = spawnTracked('redis-server', args, { output: this.output, name: 'redis' });
    const proc = this.proc;
    await waitFor(`redis on port ${this.port}`, async () => {
      if (proc.exitCode !== null) throw new Error(`redis-server exited:\n${this.output.tail()}`);
      return redisAnswers(this.port);
    });
  }

  command(...args) {
    return redisCommand(this.port, args);
  }

  // The outage case: no shutdown, no final fsync, sockets reset.
  async kill9() {
    await this.proc.killAndWait('SIGKILL');
  }

  async stop() {
    if (this.proc) await this.proc.killAndWait('SIGKILL');
  }
}

// Every key of the store with its value, as [{k, type, text}]: text is the key name, a space
// and the value as JSON (sorted sets with their scores). For tests that look for what the
// store still holds about someone.
export async function keyspaceDump(redis) {
  const r = (...args) => redis.command(...args);
  const read = {
    string: (k) => r('GET', k),
    hash: (k) => r('HGETALL', k),
    set: (k) => r('SMEMBERS', k),
    zset: (k) => r('ZRANGE', k, 0, -1, 'WITHSCORES'),
    list: (k) => r('LRANGE', k, 0, -1),
    stream: (k) => r('XRANGE', k, '-', '+'),
  };
  const all = [];
  let cursor = '0';
  do {
    const [next, keys] = await r('SCAN', cursor, 'COUNT', 1000);
    cursor = String(next);
    for (const k of keys) {
      const type = String(await r('TYPE', k));
      const value = read[type] ? await read[type](k) : null;
      all.push({ k, type, text: `${k} ${JSON.stringify(value)}` });
    }
  } while (cursor !== '0');
  return all;
}
