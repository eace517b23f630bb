/**
 * The load generator as a pool of worker processes (bench/worker.ts), so that one process's
 * event loop is not the limit. Commands go over IPC; each worker's own CPU is reported back.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { prioritize } from './processes';
import type { Command, Reply, Results } from './protocol';

const WORKER = path.resolve(import.meta.dirname, '../worker.ts');

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class Generator {
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

  static start(count: number): Generator {
    const workers = Array.from({ length: count }, () =>
      fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    for (const worker of workers) prioritize(worker.pid);
    return new Generator(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((worker) => worker.pid ?? 0);
  }

  call<C extends Command>(index: number, command: C): Promise<Results[C['type']]> {
    const worker = this.workers[index];
    if (!worker) throw new RangeError(`no generator worker ${index}`);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.send({ id, command });
    });
  }

  /** The same kind of command to every worker, built per worker. */
  all<C extends Command>(build: (index: number) => C): Promise<Results[C['type']][]> {
    return Promise.all(this.workers.map((_, index) => this.call(index, build(index))));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((_, index) => this.call(index, { type: 'close' })));
    for (const worker of this.workers) worker.disconnect();
  }
}
