// A step that never returns (a `while` loop in an effect that never ends) blocks the search's thread, and with
// it the handlers of Ctrl-C and SIGTERM, which run only between steps. A watchdog thread sees that from
// outside: the Explorer writes which action instance it is running into `heartbeat`, and when the same one has
// run for a while without returning, the watchdog says so on stderr with the action's name, its line and
// how to stop the process. It cannot stop the step itself; it only ends the silence.
import { Worker } from 'node:worker_threads';

/** [expansions finished, the action instance running (-1: none)], written by the Explorer, read by the watchdog. */
export const heartbeat = new Int32Array(new SharedArrayBuffer(8));
heartbeat[1] = -1;

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { hb, names, afterMs, pid } = workerData;
let seen = -2, running = -2, since = Date.now(), warned = false;
setInterval(() => {
  const done = Atomics.load(hb, 0), now = Atomics.load(hb, 1);
  if (done !== seen || now !== running) { seen = done; running = now; since = Date.now(); warned = false; return; }
  if (warned || now < 0 || Date.now() - since < afterMs) return;
  warned = true;
  const s = Math.round((Date.now() - since) / 1000);
  try {
    writeSync(2, '\\ninterleave: action ' + names[now] + ' has run for ' + s + ' s on one state without returning (a loop that never ends?). ' +
      'The search stops only between steps, so Ctrl-C cannot stop it now: kill -9 ' + pid + '\\n');
  } catch {}
}, Math.min(1000, afterMs));
`;

/**
 * Starts the watchdog over these action instances (`name (file:line)` each, by instance index); it warns once a
 * single instance has run `afterMs` without returning (INTERLEAVE_STEP_WARN_MS sets it, for tests). Returns the
 * function that stops it.
 */
export function watchSteps(names: readonly string[], afterMs = Number(process.env['INTERLEAVE_STEP_WARN_MS'] ?? 10_000)): () => void {
  heartbeat[0] = 0;
  heartbeat[1] = -1;
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { hb: heartbeat, names, afterMs, pid: process.pid } });
  worker.unref();
  return () => void worker.terminate();
}
