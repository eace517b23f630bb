/**
 * WORKERS > 1: Node's cluster module runs that many server processes on one port. The primary
 * listens and routes each connection with @socket.io/sticky: a request carrying an Engine.IO `sid`
 * goes to the worker that holds that session (HTTP long-polling needs every request of a session on
 * one process), anything else to the worker with the fewest sessions. Workers share MySQL and Redis
 * like separate machines would; the primary holds no chat state and opens no store.
 */
import cluster, { type Worker } from 'node:cluster';
import type { SendHandle } from 'node:child_process';
import http from 'node:http';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import type { Logger } from 'pino';
import type { Config } from './config';
import { listen } from './listen';
import { aggregateWorkers } from './metrics/cluster-metrics';
import { serveMetricsPort } from './metrics';
import type { ChatServer } from './realtime/types';

/** A worker that exits sooner than this after its start counts as a failed start. */
const QUICK_EXIT_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** Workers get their own graceful shutdown deadline; this one is the primary's, a little longer. */
const SHUTDOWN_DEADLINE_MS = 12_000;

type ReadyMessage = { type: 'chat:ready' };

const isReady = (message: unknown): message is ReadyMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'chat:ready'; // checked to be an object

/**
 * The primary: forks `config.workers` workers, listens once they are all up, replaces a worker
 * that dies (backing off when it keeps dying young), and on SIGTERM/SIGINT stops accepting, asks
 * every worker to shut down gracefully and exits when they have.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const httpServer = http.createServer();
  setupMaster(httpServer, { loadBalancingMethod: 'least-connection' });
  // Request chunks cross IPC as Buffers; the default JSON serialization would turn them into objects.
  cluster.setupPrimary({ serialization: 'advanced' });

  let stopping = false;
  let quickExits = 0;
  const startedAt = new Map<number, number>();

  const fork = (): Promise<Worker> => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (!isReady(message)) return;
        worker.off('exit', onExit);
        worker.off('message', onMessage);
        resolve(worker);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`worker ${worker.process.pid} exited with ${code} while starting`));
      worker.on('message', onMessage);
      worker.once('exit', onExit);
    });
  };

  await Promise.all(Array.from({ length: config.workers }, fork)).catch((error: unknown) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    throw error;
  });

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) return;
    quickExits = lived < QUICK_EXIT_MS ? quickExits + 1 : 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** quickExits);
    logger.error({ pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker died; starting another');
    // Its users go offline through the other workers' presence sweep; the new one starts fresh.
    setTimeout(() => {
      if (!stopping) fork().catch((error: unknown) => logger.error({ err: error }, 'replacement worker failed to start'));
    }, delay).unref();
  });

  // Metrics are the workers' own, summed here: a scrape sees the whole cluster whichever way it comes.
  const readMetrics = config.metrics.enabled ? aggregateWorkers() : undefined;
  const metricsServer =
    readMetrics && config.metrics.port !== undefined
      ? await serveMetricsPort({ token: config.metrics.token, read: readMetrics }, config.metrics.port)
      : undefined;

  await listen(httpServer, config.port, config.host);
  logger.info(
    { port: config.port, host: config.host ?? 'all interfaces', workers: config.workers },
    `chat listening on port ${config.port} with ${config.workers} workers`,
  );

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down the workers');
    setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    httpServer.close();
    metricsServer?.close();
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(0);
    let running = workers.length;
    for (const worker of workers) {
      worker.once('exit', () => {
        running -= 1;
        if (running === 0) process.exit(0);
      });
      worker.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * In a worker, before anything asynchronous: the primary may hand over connections (and their
 * first bytes) while this worker is still connecting to its stores. They are held, and replayed to
 * @socket.io/sticky's handler once the Socket.IO server exists. Returns the function that does that.
 */
export function holdConnectionsUntilReady(): (io: ChatServer) => void {
  const held: [unknown, SendHandle][] = [];
  const hold = (message: unknown, handle: SendHandle) => held.push([message, handle]);
  process.on('message', hold);
  return (io) => {
    setupWorker(io);
    process.off('message', hold);
    for (const [message, handle] of held.splice(0)) process.emit('message', message, handle);
    process.send?.({ type: 'chat:ready' } satisfies ReadyMessage);
  };
}
