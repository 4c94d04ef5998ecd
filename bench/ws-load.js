// Load for bench/ws-bench. Usage:
//   node ws-load.js rtt  <url> <connections> <messages per connection> <message bytes>
//     each connection sends a message and waits for its echo, again and again; prints one JSON
//     line with the round-trip p50/p99 (ms) and messages/s over all connections
//   node ws-load.js hold <url> <sockets>
//     opens that many sockets, waits for each greeting, prints {"held": n}, keeps them open
//     until stdin closes
const WebSocket = require('ws');

const [mode, url, a, b, c] = process.argv.slice(2);

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('message', () => resolve(ws)); // the greeting
    ws.once('error', reject);
  });
}

async function rtt(connections, messages, bytes) {
  const payload = 'x'.repeat(bytes);
  const sockets = await Promise.all(Array.from({ length: connections }, open));
  const samples = [];
  const started = process.hrtime.bigint();
  await Promise.all(sockets.map((ws) => new Promise((resolve) => {
    let left = messages;
    let sent;
    ws.on('message', () => {
      samples.push(Number(process.hrtime.bigint() - sent) / 1e6);
      if (--left === 0) return resolve();
      sent = process.hrtime.bigint();
      ws.send(payload);
    });
    sent = process.hrtime.bigint();
    ws.send(payload);
  })));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sockets.forEach((ws) => ws.close());
  samples.sort((x, y) => x - y);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  console.log(JSON.stringify({ messages: samples.length, per_second: Math.round(samples.length / seconds),
    p50_ms: +at(0.5).toFixed(3), p99_ms: +at(0.99).toFixed(3) }));
}

async function hold(count) {
  const sockets = [];
  for (let i = 0; i < count; i += 50) {
    sockets.push(...await Promise.all(Array.from({ length: Math.min(50, count - i) }, open)));
  }
  console.log(JSON.stringify({ held: sockets.length }));
  process.stdin.resume();
  process.stdin.on('end', () => { sockets.forEach((ws) => ws.terminate()); process.exit(0); });
}

(mode === 'rtt' ? rtt(Number(a), Number(b), Number(c)) : hold(Number(a)))
  .catch((e) => { console.error(String(e)); process.exit(1); });
