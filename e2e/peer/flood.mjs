// An independent flood peer for the benchmark: Node.js with the `ws` library, which frames and writes each
// message on its own (unlike the companion server's /flood, which writes 64 at a time). Listens on
// 127.0.0.1 only, on a free port it prints as "listening <port>", and stops when its stdin closes.
//
//   ws://127.0.0.1:<port>/flood?n=100000&size=100&rate=20000   (rate 0 or absent: as fast as the socket takes)
//
// Each message is text: its zero-padded sequence number, a space, then "x" up to `size` bytes. Unpaced, it
// waits whenever more than 1 MiB is buffered, so a slow reader slows the sender instead of filling memory.
import { WebSocketServer } from 'ws';

const MAX_N = 5_000_000;
const MAX_SIZE = 1 << 20;

function payload(seq, size) {
  const head = String(seq).padStart(8, '0') + ' ';
  return head.length >= size ? head : head + 'x'.repeat(size - head.length);
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

wss.on('connection', (ws, req) => {
  const q = new URL(req.url, 'http://x').searchParams;
  const n = Math.min(Number(q.get('n')) || 1000, MAX_N);
  const size = Math.min(Number(q.get('size')) || 100, MAX_SIZE);
  const rate = Number(q.get('rate')) || 0;
  const started = performance.now();
  let seq = 1;
  let stopped = false;
  ws.on('close', () => { stopped = true; });
  ws.on('error', () => { stopped = true; });
  const step = () => {
    if (stopped) return;
    if (rate > 0) {
      // Every message whose time has come, each sent (framed and written) on its own.
      const due = Math.min(n, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      while (seq <= due) ws.send(payload(seq++, size));
      if (seq <= n) setTimeout(step, 1);
    } else {
      // As fast as the socket takes them, one frame a send.
      while (seq <= n && ws.bufferedAmount < 1 << 20) ws.send(payload(seq++, size));
      if (seq <= n) setImmediate(step);
    }
  };
  step();
});

wss.on('listening', () => console.log(`listening ${wss.address().port}`));
process.stdin.on('end', () => { wss.close(); process.exit(0); });
process.stdin.resume();
