// Inputs of the paper design in docs/scale.md ("An exhaustive search over several machines"): how fast a
// fingerprint-partitioned search could hand candidates to their owners through an existing messaging system
// (NATS), and what a level barrier costs. A figure, not a test; not part of `npm run bench` (it needs a server).
// usage: apt-get install nats-server; nats-server -p 4222 &; npm i --no-save nats@2
//        node bench/handoffOverNats.mjs [record bytes, default 20] [batch bytes, default 65536] [candidates, default 2e7]
// A record is one candidate: the packed state (8 bytes for a 64-bit state), the parent's global id (8) and the
// successor's ordinal (2), padded: 20 bytes. The publisher encodes batches, a child process subscribes and reads
// every record; both report CPU ns per candidate. Then 2,000 request-replies give a barrier's round trip.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { connect } = await import('nats').catch(() => {
  console.error('needs the NATS client: npm i --no-save nats@2 (and a server: apt-get install nats-server; nats-server -p 4222)');
  process.exit(2);
});
const server = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const sub = process.argv[2] === '--subscriber';
const [rec, batchBytes, total] = (sub ? process.argv.slice(3) : process.argv.slice(2)).map(Number);
const record = rec || 20;
const perBatch = Math.floor((batchBytes || 65536) / record);
const n = total || 20_000_000;

if (sub) {
  const nc = await connect({ servers: server });
  const s = nc.subscribe('il.cand.1');
  await nc.flush();
  process.send('ready');
  let got = 0;
  let sum = 0;
  const c0 = process.cpuUsage();
  for await (const m of s) {
    const v = new DataView(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    for (let o = 0; o + record <= m.data.byteLength; o += record) sum = (sum + v.getUint32(o, true)) | 0; // decode
    got += m.data.byteLength / record;
    if (got >= n) break;
  }
  const c = process.cpuUsage(c0);
  process.send({ got, cpuNs: (c.user + c.system) * 1000, sum });
  await nc.close();
  process.exit(0);
}

const child = fork(new URL(import.meta.url).pathname, ['--subscriber', String(record), String(perBatch * record), String(n)]);
await new Promise((r) => child.once('message', r));
const nc = await connect({ servers: server });
const buf = new Uint8Array(perBatch * record);
const v = new DataView(buf.buffer);
const t0 = performance.now();
const c0 = process.cpuUsage();
let sent = 0;
while (sent < n) {
  for (let i = 0; i < perBatch; i++) v.setUint32(i * record, sent + i, true); // encode
  nc.publish('il.cand.1', buf);
  sent += perBatch;
  if ((sent / perBatch) % 64 === 0) await nc.flush();
}
await nc.flush();
const c = process.cpuUsage(c0);
const r = await new Promise((res) => child.once('message', res));
const ms = performance.now() - t0;

// a barrier: one request-reply through the server
const peer = await connect({ servers: server });
peer.subscribe('il.barrier', { callback: (_e, m) => m.respond(m.data) });
await peer.flush();
const rtt = [];
for (let i = 0; i < 2000; i++) {
  const t = performance.now();
  await nc.request('il.barrier', new Uint8Array(16), { timeout: 5000 });
  rtt.push(performance.now() - t);
}
rtt.sort((a, b) => a - b);
await peer.close();
await nc.close();
console.log(JSON.stringify({
  recordBytes: record,
  batchBytes: perBatch * record,
  candidatesPerSecond: Math.round((r.got / ms) * 1000),
  megabytesPerSecond: Math.round((r.got * record) / ms / 1000),
  publisherCpuNsPerCandidate: Math.round(((c.user + c.system) * 1000) / sent),
  subscriberCpuNsPerCandidate: Math.round(r.cpuNs / r.got),
  barrierRoundTripUs: { median: Math.round(rtt[1000] * 1000), p99: Math.round(rtt[1980] * 1000) },
  load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
}));
