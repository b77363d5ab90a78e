// Runs build/passerelle-admin for tests: the process with a clean environment (no
// PASSERELLE_* from the caller, UTC times), its output and exit code, and the secret files
// it reads (mode 0600, in a folder of the cluster's). Processes still running when the test
// process exits are killed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomHex, ROOT } from './processes.mjs';

export const CLI = process.env.PASSERELLE_ADMIN_BIN || path.join(ROOT, 'build', 'passerelle-admin');
const RUN_MS = 30000; // only stops a hung CLI

const running = new Set();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

// Environment of a CLI run: no PASSERELLE_* from the caller, UTC times.
export function cliEnv(extra = {}) {
  const env = { TZ: 'UTC' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PASSERELLE_')) env[k] = v;
  return { ...env, ...extra };
}

// Starts the CLI; proc.done resolves {code, signal, stdout, stderr} when it ends.
export function startCli(args, { env } = {}) {
  const proc = spawn(CLI, args, { env: env ?? cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.out = '';
  proc.err = '';
  proc.stdout.on('data', (d) => (proc.out += d));
  proc.stderr.on('data', (d) => (proc.err += d));
  const timer = setTimeout(() => proc.kill('SIGKILL'), RUN_MS);
  proc.done = new Promise((resolve) => {
    proc.on('error', (err) => resolve({ code: null, signal: null, stdout: '', stderr: err.message }));
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(proc);
      resolve({ code, signal, stdout: proc.out, stderr: proc.err });
    });
  });
  return proc;
}

export function runCli(args, options) {
  return startCli(args, options).done;
}

export const show = (r) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

export function expectExit(r, code) {
  assert.equal(r.code, code, show(r));
  return r;
}

// The CLI against a cluster's admin listeners with its bootstrap secret: secretFile(content)
// writes a file the CLI may read, admin(args) runs on node 1 with the secret, adminJson(args)
// runs with --json and parses the answer.
export function cliFor(cluster, secret) {
  let files = null;
  function secretFile(content, name = `secret-${randomHex(4)}`) {
    files ??= fs.mkdtempSync(path.join(cluster.tmp, 'cli-'));
    const file = path.join(files, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }
  const adminUrl = (i = 0) => `ws://127.0.0.1:${cluster.node(i).adminPort}/admin`;
  function admin(args, { extra = [], env } = {}) {
    return runCli(['--url', adminUrl(), '--secret-file', secretFile(`${secret}\n`), ...extra, ...args], {
      env,
    });
  }
  async function adminJson(args) {
    const r = expectExit(await admin(args, { extra: ['--json'] }), 0);
    try {
      return JSON.parse(r.stdout);
    } catch (err) {
      return assert.fail(`--json output does not parse (${err.message}):\n${show(r)}`);
    }
  }
  return { secretFile, adminUrl, admin, adminJson };
}
