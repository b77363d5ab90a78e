// A quick check of the benchmark's servers: each one is started as the
// benchmark starts it, three clients (spread over its processes) join one
// room, one of them says a message, and every member, the sender included,
// must receive it; no socket may have permessage-deflate. Then the server is
// stopped. Exits non-zero on a failure.
// Needs `make deps-bench` (the Socket.IO peer's packages, the mirror server).
//
// usage: node bench/peers/check.mjs [passerelle,socketio,mirror]
import WebSocket from 'ws';
import { connect } from '../../tests/lib/client.mjs';
import { within } from '../lib/util.mjs';
import { NAMES, START } from './peers.mjs';

const MEMBERS = 3;
const ROOM = `${NAMES.roomPrefix}0`;
const WAIT_MS = 5000;

// No server may compress: each socket offers permessage-deflate (ws does by
// default) and must be answered without it.
function uncompressed(ws, name) {
  if (ws.extensions) throw new Error(`${name} negotiated ${ws.extensions}`);
}

// A plain ws socket whose text frames are kept until first() takes one.
function open(url, protocols) {
  const ws = new WebSocket(url, protocols);
  ws.frames = [];
  ws.waiters = [];
  ws.on('message', (data) => {
    const text = data.toString();
    ws.frames.push(text);
    for (const w of ws.waiters.filter((x) => x.pred(text))) w.resolve(text);
  });
  ws.on('error', () => {});
  return within(WAIT_MS, `open ${url}`, new Promise((resolve) => ws.once('open', () => resolve(ws))));
}

function first(ws, pred, what) {
  const seen = ws.frames.find(pred);
  if (seen) return Promise.resolve(seen);
  return within(WAIT_MS, what, new Promise((resolve) => ws.waiters.push({ pred, resolve })));
}

// Passerelle: sign in as seeded accounts 0..MEMBERS-1, join, say.
async function checkPasserelle(peer) {
  const clients = [];
  for (let i = 0; i < MEMBERS; i++) {
    const c = await connect(`${peer.urls[i % peer.urls.length]}/ws`, { origin: null });
    clients.push(c);
    uncompressed(c.ws, 'passerelle');
    await c.ok('login', { email: `${NAMES.prefix}${i}@bench.invalid`, password: NAMES.password });
    await c.ok('join', { room: ROOM });
  }
  const text = 'check passerelle';
  await clients[0].ok('say', { room: ROOM, text });
  const got = await Promise.all(
    clients.map((c) => c.next((m) => m.type === 'message' && m.room === ROOM, WAIT_MS)),
  );
  for (const c of clients) c.ws.terminate();
  return got.filter((m) => m.message?.text === text).length;
}

// Socket.IO: the Engine.IO and Socket.IO framing the load generator speaks.
async function socketioMember(url) {
  const ws = await open(`${url}/socket.io/?EIO=4&transport=websocket`, []);
  uncompressed(ws, 'socketio');
  ws.on('message', (data) => {
    if (data.toString() === '2') ws.send('3'); // Engine.IO ping
  });
  await first(ws, (f) => f.startsWith('0{'), 'engine.io open');
  ws.send('40');
  await first(ws, (f) => f.startsWith('40'), 'socket.io connect');
  ws.send(`420${JSON.stringify(['join', ROOM])}`);
  await first(ws, (f) => f.startsWith('430'), 'join ack');
  return ws;
}

async function checkSocketio(peer) {
  const members = [];
  for (let i = 0; i < MEMBERS; i++) members.push(await socketioMember(peer.urls[i % peer.urls.length]));
  const text = 'check socketio';
  members[0].send(`42${JSON.stringify(['say', { room: ROOM, text }])}`);
  const isIt = (f) => f.startsWith('42["message"') && JSON.parse(f.slice(2))[1].text === text;
  const got = await Promise.all(members.map((ws) => first(ws, isIt, 'socket.io message')));
  for (const ws of members) ws.terminate();
  return got.length;
}

async function checkMirror(peer) {
  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    members.push(await open(`${peer.urls[0]}/?mirror=${ROOM}`, ['lws-mirror-protocol']));
    uncompressed(members[i], 'mirror');
  }
  const text = 'check mirror';
  members[0].send(text);
  const got = await Promise.all(members.map((ws) => first(ws, (f) => f === text, 'mirrored frame')));
  for (const ws of members) ws.terminate();
  return got.length;
}

const CHECKS = {
  passerelle: [() => START.passerelle({ nodes: 2, rooms: 1, people: MEMBERS }), checkPasserelle],
  socketio: [() => START.socketio({ processes: 2 }), checkSocketio],
  mirror: [() => START.mirror(), checkMirror],
};

async function checkOne(name) {
  const [start, check] = CHECKS[name];
  const t = Date.now();
  const peer = await start();
  try {
    const got = await check(peer);
    if (got !== MEMBERS) throw new Error(`${got} of ${MEMBERS} members received the message`);
    const where = `${peer.pids.length} process(es)${peer.redisPid ? ' + redis' : ''}`;
    console.log(`ok   ${name}: ${got} of ${MEMBERS} members received it (${where}, ${Date.now() - t} ms)`);
  } catch (err) {
    console.error(`FAIL ${name}: ${err.message}\n${peer.output().join('\n')}`);
    return false;
  } finally {
    await peer.stop();
  }
  return true;
}

const names = (process.argv[2] ?? Object.keys(CHECKS).join(',')).split(',');
let ok = true;
for (const name of names) {
  if (!CHECKS[name]) throw new Error(`unknown server ${name} (one of ${Object.keys(CHECKS)})`);
  try {
    ok = (await checkOne(name)) && ok;
  } catch (err) {
    console.error(`FAIL ${name}: ${err.message}`);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
