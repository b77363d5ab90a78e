// HTTP side of the participant listener: health, readiness, metrics in the
// Prometheus text format with counters that move, and static files with a
// Content-Security-Policy that forbids inline script.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { httpGet, isMessage, useCluster, waitFor } from '../lib/harness.mjs';

const cluster = useCluster({ servers: 2, rooms: ['metrics'] });

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
];

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

// Parses Prometheus text; throws on a line that is not in the format.
function parseMetrics(text) {
  const types = new Map();
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
      if (m && m[1] === 'TYPE') {
        assert.match(m[3], /^(counter|gauge|histogram|summary|untyped)$/, line);
        types.set(m[2], m[3]);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[3]) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < m[3].length) {
        const l = LABEL.exec(m[3]);
        assert.ok(l, `bad labels in ${JSON.stringify(line)}`);
        labels[l[1]] = l[2];
      }
    }
    const value = Number(m[4].replace(/^\+Inf$/, 'Infinity').replace(/^-Inf$/, '-Infinity'));
    assert.ok(m[4] === 'NaN' || !Number.isNaN(value), `bad value in ${JSON.stringify(line)}`);
    samples.push({ name: m[1], labels, value });
  }
  return { types, samples };
}

async function metrics(node) {
  const res = await node.get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  return parseMetrics(res.body);
}

// Sum of the samples of the metrics of that type whose name matches re and
// whose labels pass keep. Names are not in the contract: match loosely.
const total = (m, type, re, keep = () => true) =>
  m.samples
    .filter((s) => m.types.get(s.name) === type && re.test(s.name) && keep(s.labels))
    .reduce((a, s) => a + s.value, 0);
const openSockets = (m) => total(m, 'gauge', /connection/i);

test('healthz and readyz answer 200 while Redis answers', async () => {
  for (const node of cluster.nodes) {
    assert.equal((await node.get('/healthz')).status, 200);
    assert.equal((await node.get('/readyz')).status, 200);
  }
});

test('the web client is served at / with the Content-Security-Policy', async () => {
  const node = cluster.nodes[0];
  const index = await node.get('/');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(index.body, /passerelle-test-marker/);
  const header = index.headers.get('content-security-policy') ?? '';
  const csp = header
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  // The agreed directives, each exactly; more directives may only restrict.
  for (const d of CSP) assert.ok(csp.includes(d), `CSP lacks "${d}": ${header}`);
  const names = csp.map((d) => d.split(' ')[0]);
  assert.equal(new Set(names).size, names.length, `a directive is repeated: ${header}`);
  assert.doesNotMatch(header, /unsafe-|\*/, `CSP loosened: ${header}`);
  const script = await node.get('/app.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /^(text|application)\/javascript/);
  assert.match(script.body, /passerelle-test-script/);
  const css = await node.get('/style.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  assert.equal((await node.get('/no-such-file.js')).status, 404);
});

test('both listeners serve the shared web core at /core, with the same CSP', async () => {
  const node = cluster.nodes[0];
  const csp = (await node.get('/')).headers.get('content-security-policy');
  const admin = (p) => httpGet(`http://127.0.0.1:${node.adminPort}${p}`);
  for (const res of [await node.get('/core/shared.js'), await admin('/core/shared.js')]) {
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^(text|application)\/javascript/);
    assert.match(res.body, /passerelle-test-core/);
    assert.equal(res.headers.get('content-security-policy'), csp);
  }
  // The admin listener serves the console and the core, not the participant client.
  assert.equal((await admin('/')).status, 200);
  assert.equal((await admin('/app.js')).status, 404);
  assert.equal((await admin('/core/no-such-file.js')).status, 404);
});

// A raw request, so that the path reaches the server as written.
function rawGet(port, path) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port }, () =>
      sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    sock.setTimeout(5000, () => sock.destroy(new Error('no answer')));
    sock.on('data', (d) => {
      data += d;
      if (data.length > 1 << 20) sock.destroy();
    });
    sock.on('close', () => resolve(data));
    sock.on('error', reject);
  });
}

test('no file outside the web folder is served', async () => {
  const { port } = cluster.nodes[0];
  for (const path of [
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc/passwd',
    '//etc/passwd',
  ]) {
    const answer = await rawGet(port, path);
    assert.doesNotMatch(answer, /root:.*:0:0:/, `${path} served /etc/passwd`);
  }
});

test('/metrics is Prometheus text, and its counters move', async () => {
  const node = cluster.nodes[0];
  const before = await metrics(node);
  const histograms = [...before.types].filter(([name, type]) => type === 'histogram' && /redis/i.test(name));
  assert.ok(histograms.length > 0, 'no Redis round-trip histogram');
  for (const [name] of histograms) {
    assert.ok(
      before.samples.some((s) => s.name === `${name}_bucket` && s.labels.le === '+Inf'),
      `${name} has no +Inf bucket`,
    );
    assert.ok(
      before.samples.some((s) => s.name === `${name}_count`),
      `${name} has no _count`,
    );
  }

  const a = await cluster.user(0);
  const b = await cluster.user(0);
  for (const p of [a, b]) await p.client.ok('join', { room: 'metrics' });
  const said = await a.client.ok('say', { room: 'metrics', text: 'counted' });
  await b.client.next(isMessage('metrics', said.message.id));
  await a.client.fail('join', {}, 'bad_request');

  const after = await metrics(node);
  const connections = openSockets(after);
  assert.ok(connections >= 2, `connections ${connections} with two sockets open`);
  for (const [what, re] of [
    ['messages in', /message/i],
    ['deliveries out', /deliver/i],
  ])
    assert.ok(total(after, 'counter', re) > total(before, 'counter', re), `${what} did not move`);
  const errors = (m) => total(m, 'counter', /error/i, (l) => Object.values(l).includes('bad_request'));
  assert.ok(errors(after) > errors(before), 'no error counter with a bad_request label moved');
  const rtts = (m) =>
    m.samples
      .filter((s) => /redis/i.test(s.name) && s.name.endsWith('_count'))
      .reduce((x, s) => x + s.value, 0);
  assert.ok(rtts(after) > rtts(before), 'the Redis round-trip histogram did not count');
});

test('metrics of one node count only its own connections', async () => {
  const [n1, n2] = cluster.nodes;
  const base = openSockets(await metrics(n2));
  const opened = [await cluster.client(0), await cluster.client(0), await cluster.client(0)];
  assert.equal(opened.length, 3);
  await waitFor('node 1 to count the sockets', async () => openSockets(await metrics(n1)) >= 3);
  assert.equal(openSockets(await metrics(n2)), base);
});
