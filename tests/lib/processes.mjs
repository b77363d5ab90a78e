// Child processes, their captured output, temporary folders and free ports.
// Every process started here is killed and every folder made here is removed
// when the test process exits, however it exits: a test that throws leaves
// nothing behind.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TMP_ROOT = path.join(ROOT, 'tests', '.tmp');
const OUTPUT_CAP = 4 << 20; // bytes of output kept per process
const KEEP_TMP = process.env.PASSERELLE_TEST_KEEP === '1';

const live = new Set(); // running child processes
const folders = new Set(); // temporary folders to remove

function killAllNow() {
  for (const proc of live) {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  if (KEEP_TMP) return;
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

process.on('exit', killAllNow);
for (const [sig, status] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(sig, () => {
    killAllNow();
    process.exit(status);
  });
}

export function makeTmpDir(prefix) {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP_ROOT, `${prefix}-`));
  folders.add(dir);
  return dir;
}

export function removeTmpDir(dir) {
  folders.delete(dir);
  if (!KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
}

// Output of one or more processes, capped: the oldest bytes go first.
// Positions count every byte ever written, so a mark taken before a test
// still finds what the test produced.
export class OutputBuffer {
  constructor(cap = OUTPUT_CAP) {
    this.cap = cap;
    this.chunks = [];
    this.kept = 0;
    this.written = 0;
  }

  push(data) {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(String(data));
    this.chunks.push(buf);
    this.kept += buf.length;
    this.written += buf.length;
    while (this.kept > this.cap && this.chunks.length > 1) this.kept -= this.chunks.shift().length;
  }

  note(line) {
    this.push(`${line}\n`);
  }

  mark() {
    return this.written;
  }

  // Everything written since mark that is still kept.
  since(mark) {
    const all = Buffer.concat(this.chunks);
    const first = this.written - all.length;
    return all.subarray(Math.max(0, mark - first)).toString('utf8');
  }

  tail(bytes = 8192) {
    return this.since(this.written - bytes);
  }
}

// Spawns a process whose stdout and stderr go to output (with a note of how
// it ended unless notes is false). The returned child has exited (a promise
// of {code, signal}) and killAndWait(signal).
export function spawnTracked(
  cmd,
  args,
  { env = process.env, output, name = cmd, cwd = ROOT, notes = true } = {},
) {
  const proc = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  proc.stdout.on('data', (d) => output.push(d));
  proc.stderr.on('data', (d) => output.push(d));
  proc.exited = new Promise((resolve) => {
    proc.on('error', (err) => {
      output.note(`--- ${name}: ${err.message}`); // spawn failed: always say why
      live.delete(proc);
      resolve({ code: null, signal: null, error: err });
    });
    proc.on('exit', (code, signal) => {
      if (notes) output.note(`--- ${name} exited (code ${code}, signal ${signal})`);
      live.delete(proc);
      resolve({ code, signal });
    });
  });
  proc.killAndWait = async (signal = 'SIGTERM', graceMs = 5000) => {
    if (proc.exitCode !== null || proc.signalCode !== null || !live.has(proc)) return proc.exited;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    const result = await proc.exited;
    clearTimeout(timer);
    return result;
  };
  return proc;
}

// Runs a command to its end; resolves {code, signal, output}.
export async function runToEnd(cmd, args, { env, timeout = 30000 } = {}) {
  const output = new OutputBuffer();
  const proc = spawnTracked(cmd, args, { env, output, name: path.basename(cmd), notes: false });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeout);
  const { code, signal } = await proc.exited;
  clearTimeout(timer);
  return { code, signal, output: output.tail(1 << 16) };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls check() until it returns something truthy and returns that. check may
// throw to give up early. The timeout only catches a hung step.
export async function waitFor(label, check, { timeout = 15000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await sleep(interval);
  }
}

const handedOut = new Set();

// A TCP port nobody listens on now. Ports already handed out by this process
// are skipped so that two servers never get the same one.
export async function freePort() {
  for (let i = 0; i < 50; i++) {
    const port = await new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address();
        srv.close(() => resolve(p));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found');
}

export function randomHex(bytes) {
  return crypto.randomBytes(bytes).toString('hex');
}
