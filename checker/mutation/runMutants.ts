// Checks a spec's mutants: each is written next to the original (so its relative imports resolve),
// checked in a child process (checker/mutation/worker.ts) with a time and a state bound, and deleted.
// The original is checked first, in the same way: it must pass, and its counts and set of states tell
// an equivalent mutant (one whose reachable states are exactly the original's) from a survivor.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSpec, instantiate, parseParams } from '../loadSpec.ts';
import { SpecError } from '../SpecError.ts';
import type { ParamValue } from '../../spec/defineSpec.ts';
import { generateMutants } from './generateMutants.ts';
import type { Mutant, MutantOutcome, MutationOperator } from './Mutant.ts';
import { unifiedDiff } from './unifiedDiff.ts';
import type { WorkReply, WorkRequest } from './worker.ts';

/** What to mutate and how hard to try. */
export interface MutateRequest {
  readonly variant?: string;
  readonly paramPairs?: readonly string[];
  readonly operators?: readonly MutationOperator[];
  /** Child processes checking mutants at once (default: 2, or 1 on a one-core machine). */
  readonly jobs?: number;
  /** Per-mutant time bound (default: 20 s plus 10 times the original's check). */
  readonly timeoutMs?: number;
  /** Per-mutant state bound (default: 10 times the original's distinct states, at least 10,000). */
  readonly maxStates?: number;
  /** Called after each mutant. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The outcome of `mutate`. */
export interface MutationReport {
  readonly file: string;
  readonly spec: string;
  readonly variant?: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly original: { readonly distinctStates: number; readonly generatedStates: number; readonly ms: number };
  readonly bounds: { readonly timeoutMs: number; readonly maxStates: number };
  /** Each mutant with its outcome and its unified diff against the original. */
  readonly mutants: readonly { readonly mutant: Mutant; readonly outcome: MutantOutcome; readonly diff: string }[];
  /** caught / (caught + survived + timeout): equivalent and invalid mutants are left out. */
  readonly score: number;
  readonly ms: number;
}

/** Mutates `file` and checks every mutant. Spec and input errors come back as SpecErrors. */
export async function mutate(file: string, request: MutateRequest = {}): Promise<MutationReport | SpecError> {
  const t0 = performance.now();
  const path = resolve(file);
  let params: Record<string, ParamValue>;
  let specName: string;
  let variant: string | undefined;
  try {
    const spec = await importSpec(path);
    const loaded = instantiate(spec, path, parseParams(spec, request.paramPairs ?? []), request.variant);
    params = { ...loaded.params };
    delete params['variant'];
    variant = loaded.variant;
    specName = spec.name;
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  const text = readFileSync(path, 'utf8');
  const mutants = generateMutants(text, { variant, operators: request.operators });
  const pool = new WorkerPool(Math.max(1, request.jobs ?? Math.min(2, availableParallelism())));
  try {
    const base: Omit<WorkRequest, 'file' | 'maxStates'> = { variant, params };
    const original = await pool.run({ ...base, file: path }, 10 * 60_000);
    if (original === 'timeout' || original.result !== 'ok') {
      const why =
        original === 'timeout' || original.result === 'incomplete'
          ? 'is not checked to the end in 10 minutes'
          : original.result === 'violation'
            ? `violates ${original.property}`
            : `fails: ${original.message}`;
      return new SpecError('USAGE', `${file}${variant ? ` (variant ${variant})` : ''} ${why}: mutate a spec variant that passes`, {
        hint: 'pick a variant with --variant, usually the fixed one',
      });
    }
    const timeoutMs = request.timeoutMs ?? 20_000 + 10 * original.ms;
    const maxStates = request.maxStates ?? Math.max(10_000, 10 * original.distinctStates);
    const stem = join(dirname(path), `.${basename(path, '.ts')}.mutant-${process.pid}`);
    let done = 0;
    const results = await Promise.all(
      mutants.map(async (mutant) => {
        const mutantFile = `${stem}-${mutant.id}.ts`;
        const outcome = await pool.schedule(async () => {
          writeFileSync(mutantFile, mutant.text);
          try {
            const reply = await pool.run({ ...base, file: mutantFile, maxStates }, timeoutMs);
            return outcomeOf(reply, original, timeoutMs);
          } finally {
            rmSync(mutantFile, { force: true });
          }
        });
        request.onProgress?.(++done, mutants.length);
        return { mutant, outcome, diff: unifiedDiff(file, text, mutant.text) };
      }),
    );
    const count = (s: MutantOutcome['status']) => results.filter((r) => r.outcome.status === s).length;
    const scored = count('caught') + count('survived') + count('timeout');
    return {
      file,
      spec: specName,
      ...(variant !== undefined ? { variant } : {}),
      params,
      original: { distinctStates: original.distinctStates, generatedStates: original.generatedStates, ms: original.ms },
      bounds: { timeoutMs, maxStates },
      mutants: results,
      score: scored ? count('caught') / scored : 1,
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    pool.close();
  }
}

function outcomeOf(reply: WorkReply | 'timeout', original: Extract<WorkReply, { result: 'ok' }>, timeoutMs: number): MutantOutcome {
  if (reply === 'timeout') return { status: 'timeout', bound: 'time', ms: timeoutMs };
  switch (reply.result) {
    case 'violation':
      return { status: 'caught', kind: reply.kind, property: reply.property, traceLength: reply.traceLength, distinctStates: reply.distinctStates, ms: reply.ms };
    case 'incomplete':
      return { status: 'timeout', bound: 'states', ms: reply.ms };
    case 'error':
      return { status: 'invalid', code: reply.code as Extract<MutantOutcome, { status: 'invalid' }>['code'], message: reply.message, ms: reply.ms };
    case 'ok':
      return reply.distinctStates === original.distinctStates && reply.generatedStates === original.generatedStates && reply.stateHash === original.stateHash
        ? { status: 'equivalent', distinctStates: reply.distinctStates, ms: reply.ms }
        : { status: 'survived', distinctStates: reply.distinctStates, generatedStates: reply.generatedStates, ms: reply.ms };
  }
}

/** Child processes, each checking one spec file at a time; one that times out is killed and replaced. */
class WorkerPool {
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #waiting: (() => void)[] = [];
  #slots: number;

  constructor(readonly size: number) {
    this.#slots = size;
  }

  /** Runs `task` when a slot is free. */
  async schedule<T>(task: () => Promise<T>): Promise<T> {
    if (this.#slots === 0) await new Promise<void>((r) => this.#waiting.push(r));
    else this.#slots--;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#slots++;
    }
  }

  /** Checks one file in an idle worker (or a new one); `timeout` when it takes longer than `ms`. */
  async run(req: WorkRequest, ms: number): Promise<WorkReply | 'timeout'> {
    const w = this.#idle.pop() ?? (await this.#spawn());
    const reply = await w.send(req, ms);
    if (reply === 'timeout' || reply === 'crash') {
      this.#kill(w);
      return reply === 'crash' ? { result: 'error', code: 'CRASH', message: 'the worker process died (out of memory?)', ms: 0 } : 'timeout';
    }
    this.#idle.push(w);
    return reply;
  }

  close(): void {
    for (const w of this.#all) this.#kill(w);
  }

  #kill(w: Worker): void {
    this.#all.delete(w);
    w.child.kill('SIGKILL');
  }

  async #spawn(): Promise<Worker> {
    const source = import.meta.url.endsWith('.ts');
    const entry = fileURLToPath(new URL(`./worker.${source ? 'ts' : 'js'}`, import.meta.url));
    // from the sources, the worker is TypeScript: tsx loads it (`--import tsx` resolves from the tool's folder)
    const root = fileURLToPath(new URL(source ? '../../' : '../../../', import.meta.url));
    const child = fork(entry, [], { cwd: root, execArgv: source ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const w = new Worker(child);
    this.#all.add(w);
    await w.ready;
    return w;
  }
}

class Worker {
  readonly ready: Promise<void>;
  #pending: ((r: WorkReply | 'timeout' | 'crash') => void) | null = null;

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((res, rej) => {
      child.once('message', () => res());
      child.once('exit', (code) => rej(new Error(`mutation worker exited with ${code} before it started`)));
    });
    child.on('message', (m: WorkReply | 'ready') => {
      if (m === 'ready') return;
      const p = this.#pending;
      this.#pending = null;
      p?.(m);
    });
    child.on('exit', () => {
      const p = this.#pending;
      this.#pending = null;
      p?.('crash');
    });
  }

  send(req: WorkRequest, ms: number): Promise<WorkReply | 'timeout' | 'crash'> {
    return new Promise((res) => {
      const timer = setTimeout(() => {
        this.#pending = null;
        res('timeout');
      }, ms);
      this.#pending = (r) => {
        clearTimeout(timer);
        res(r);
      };
      this.child.send(req);
    });
  }
}
