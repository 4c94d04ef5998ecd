// Two socket.io 4 clients for one base through the proxy, printing one JSON line per event for
// SocketIoEndToEndTest. Usage: node client.js <proxy_url> <dtable_uuid>
// After "ready" it waits for the test to move the bucket, then reports the reconnection.
const { io } = require('socket.io-client');

const [proxyUrl, uuid] = process.argv.slice(2);
const out = (event, data) => console.log(JSON.stringify({ event, ...data }));
const open = () => io(proxyUrl, {
  query: { dtable_uuid: uuid },
  transports: ['polling', 'websocket'],
  reconnectionDelay: 200,
  reconnectionDelayMax: 1000,
  timeout: 10000,
  forceNew: true, // two connections, not two namespaces on one
});

const a = open();
const b = open();
let phase = 'ready';
// The transport a connection opened with, read when the engine opens: by the time the server's
// greeting arrives the engine may already have upgraded.
let openTransport = null;
a.io.on('open', () => { openTransport = a.io.engine.transport.name; });

function connected(socket) {
  return socket.connected ? Promise.resolve() : new Promise((resolve) => socket.once('connect', resolve));
}

function upgraded(socket) {
  return new Promise((resolve) => {
    if (socket.io.engine.transport.name === 'websocket') return resolve();
    socket.io.engine.once('upgrade', () => resolve());
  });
}

async function session(label, hello, firstTransport) {
  await connected(b);
  await upgraded(a);
  await upgraded(b);
  const echo = await a.timeout(10000).emitWithAck('echo', { n: 1, label });
  await a.timeout(10000).emitWithAck('join-room', uuid);
  await b.timeout(10000).emitWithAck('join-room', uuid);
  const got = new Promise((resolve) => b.once('update', resolve));
  a.emit('update', uuid, { cell: 'A1', label });
  const update = await got;
  out(label, {
    hello_node: hello.node_id, hello_uuid: hello.dtable_uuid, first_transport: firstTransport,
    upgraded_to: a.io.engine.transport.name, echo_node: echo.node_id, echo_transport: echo.transport,
    room_update_node: update.node_id, room_update_payload: update.payload,
  });
}

// The server greets every (re)connection; the first greeting starts the checks, the one after
// the bucket moved repeats them.
a.on('hello', (hello) => {
  const label = phase;
  if (label === 'done') return;
  phase = label === 'ready' ? 'waiting' : 'done';
  const firstTransport = openTransport;
  session(label, hello, firstTransport).then(() => {
    if (label === 'ready') phase = 'reconnected'; else process.exit(0);
  }).catch((e) => { out('error', { message: String(e) }); process.exit(2); });
});
a.on('disconnect', (reason) => out('disconnect', { reason }));
a.on('connect_error', (e) => out('connect_error', { message: String(e && e.message) }));

setTimeout(() => { out('error', { message: 'timed out' }); process.exit(3); }, 120000);
