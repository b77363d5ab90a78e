// The Socket.IO 4 peer of the fan-out benchmark: one process of a room chat
// made the way the Socket.IO documentation shows it, the Redis adapter
// carrying each emit to the other processes on the same Redis.
//   env PORT       where to listen (127.0.0.1)
//   env REDIS_URL  redis://127.0.0.1:P, shared by every process of the peer
// Prints `ready <port>` on stdout once it listens and the adapter is connected.
// Events: join(room, ack) -> ack({ok:true}); say({room, text}) -> every
// socket of the room (the sender's own included) gets
// message({room, text, from, ts}).
import http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

const MAX_TEXT = 4000; // characters, as Passerelle's say takes

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL;
if (!Number.isInteger(port) || port <= 0 || !redisUrl) {
  console.error('usage: PORT=P REDIS_URL=redis://host:port node server.js');
  process.exit(2);
}

async function adapter() {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err) => console.error(`redis: ${err.message}`));
  await Promise.all([pub.connect(), sub.connect()]);
  return createAdapter(pub, sub);
}

function onConnection(socket) {
  socket.on('join', (room, ack) => {
    if (typeof room !== 'string' || room.length === 0 || room.length > 64) {
      if (typeof ack === 'function') ack({ ok: false, error: 'bad room' });
      return;
    }
    socket.join(room);
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('say', (msg) => {
    const room = msg?.room;
    const text = msg?.text;
    if (typeof room !== 'string' || typeof text !== 'string' || text.length > MAX_TEXT) return;
    if (!socket.rooms.has(room)) return;
    io.to(room).emit('message', { room, text, from: socket.id, ts: Date.now() });
  });
}

const httpServer = http.createServer((req, res) => {
  res.writeHead(404).end();
});
// Websocket only and no compression: Passerelle offers neither polling nor
// permessage-deflate, so neither does its peer.
const io = new Server(httpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  adapter: await adapter(),
});
io.on('connection', onConnection);

httpServer.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));

function shutdown() {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
