/**
 * The load generator as a pool of worker processes (bench/worker.ts, or another worker script with
 * its own commands), so that one process's event loop is not the limit. Commands go over IPC; each
 * worker's own CPU is reported back.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { prioritize } from './processes';
import type { Command, Reply, Results } from './protocol';

const WORKER = path.resolve(import.meta.dirname, '../worker.ts');

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * `C` is the worker's command union and `R` what each command type answers: bench/worker.ts's by
 * default, bench/capacity-worker.ts's for the capacity scenario.
 */
export class Generator<C extends { type: string } = Command, R extends Record<string, unknown> = Results> {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly workers: ChildProcess[]) {
    for (const worker of workers) {
      worker.on('message', (reply: Reply) => {
        const waiting = this.pending.get(reply.id);
        if (!waiting) return;
        this.pending.delete(reply.id);
        if (reply.error) waiting.reject(new Error(`generator worker: ${reply.error}`));
        else waiting.resolve(reply.result);
      });
      worker.on('exit', (code) => {
        for (const waiting of this.pending.values()) waiting.reject(new Error(`a generator worker exited (${code})`));
        this.pending.clear();
      });
    }
  }

  static start<C extends { type: string } = Command, R extends Record<string, unknown> = Results>(
    count: number,
    script = WORKER,
  ): Generator<C, R> {
    const workers = Array.from({ length: count }, () =>
      fork(script, [], {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    for (const worker of workers) prioritize(worker.pid);
    return new Generator<C, R>(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((worker) => worker.pid ?? 0);
  }

  call<K extends C>(index: number, command: K): Promise<R[K['type'] & keyof R]> {
    const worker = this.workers[index];
    if (!worker) throw new RangeError(`no generator worker ${index}`);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.send({ id, command });
    });
  }

  /** The same kind of command to every worker, built per worker. */
  all<K extends C>(build: (index: number) => K): Promise<R[K['type'] & keyof R][]> {
    return Promise.all(this.workers.map((_, index) => this.call(index, build(index))));
  }

  async close(): Promise<void> {
    // Every worker script answers `close` (it ends its sockets).
    await Promise.allSettled(this.workers.map((_, index) => this.call(index, { type: 'close' } as C)));
    for (const worker of this.workers) worker.disconnect();
  }
}
