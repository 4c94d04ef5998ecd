// A stand-in dtable-server speaking socket.io 4, as SeaTable's does: clients connect with
// /socket.io/?dtable_uuid=<uuid>, then emit join-room. Usage: node server.js <node_id> <port>
const http = require('http');
const { Server } = require('socket.io');

const [nodeId, port] = process.argv.slice(2);
const httpServer = http.createServer((req, res) => {
  // Everything that is not socket.io (health checks, /ping/) gets a small JSON answer.
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ node_id: nodeId }));
});
const io = new Server(httpServer, { pingInterval: 5000, pingTimeout: 10000 });

io.on('connection', (socket) => {
  const uuid = socket.handshake.query.dtable_uuid;
  socket.emit('hello', { node_id: nodeId, dtable_uuid: uuid, transport: socket.conn.transport.name });
  socket.on('join-room', (room, ack) => {
    socket.join(room);
    ack({ node_id: nodeId, room });
  });
  socket.on('update', (room, payload) => {
    // To the others in the room, as dtable-server relays operations to a base's collaborators.
    socket.to(room).emit('update', { node_id: nodeId, payload });
  });
  socket.on('echo', (payload, ack) => ack({ node_id: nodeId, payload, transport: socket.conn.transport.name }));
});

httpServer.listen(Number(port), '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', node_id: nodeId, port })));
