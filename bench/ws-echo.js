// A WebSocket dtable-server stand-in for bench/ws-bench: greets with {"node_id", "dtable_uuid"},
// then echoes every message. Usage: node ws-echo.js <node_id> <port>
const http = require('http');
const { WebSocketServer } = require('ws');

const [nodeId, port] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ node_id: nodeId }));
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (socket, req) => {
  const uuid = new URL(req.url, 'http://x').searchParams.get('dtable_uuid');
  socket.send(JSON.stringify({ node_id: nodeId, dtable_uuid: uuid }));
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.listen(Number(port), '127.0.0.1');
