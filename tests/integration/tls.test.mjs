// TLS: with PASSERELLE_TLS_CERT and _KEY both listeners speak https and wss.
import assert from 'node:assert/strict';
import https from 'node:https';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { BIN, freePort, ROOT, useCluster, waitFor } from '../lib/harness.mjs';
import { OutputBuffer, runToEnd, spawnTracked } from '../lib/processes.mjs';

const cluster = useCluster({ servers: 0 });

function get(url) {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

test('https and wss on both listeners with a certificate', async () => {
  const cert = path.join(cluster.tmp, 'cert.pem');
  const key = path.join(cluster.tmp, 'key.pem');
  const made = await runToEnd('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
  ]);
  assert.equal(made.code, 0, made.output);
  const [port, admin] = [await freePort(), await freePort()];
  const output = new OutputBuffer();
  const proc = spawnTracked(BIN, [], {
    env: cluster.serverEnv({
      PASSERELLE_HTTP: `127.0.0.1:${port}`,
      PASSERELLE_ADMIN: `127.0.0.1:${admin}`,
      PASSERELLE_TLS_CERT: cert,
      PASSERELLE_TLS_KEY: key,
      PASSERELLE_ORIGINS: '*',
      PASSERELLE_WEB: path.join(ROOT, 'web'), // with the console in web/admin
    }),
    output,
    name: 'tls node',
  });
  try {
    await waitFor('https /readyz', async () => (await get(`https://127.0.0.1:${port}/readyz`)) === 200);
    assert.equal(await get(`https://127.0.0.1:${admin}/`), 200, 'console over https');
    const ws = new WebSocket(`wss://127.0.0.1:${port}/ws`, 'passerelle.v1', { rejectUnauthorized: false });
    const pong = await new Promise((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'ping', id: 7 })));
      ws.on('message', (d) => resolve(JSON.parse(d.toString())));
      ws.on('error', reject);
    });
    assert.deepEqual(pong, { type: 'pong', re: 7 });
    ws.close();
  } catch (err) {
    err.message += `\n--- server output:\n${output.tail()}`;
    throw err;
  } finally {
    await proc.killAndWait();
  }
});
