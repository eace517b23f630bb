/**
 * Composition root: configuration → stores → Engine and accounts → createApp → listen. Handles
 * SIGTERM/SIGINT with a graceful shutdown: stop accepting, close the sockets' transports (never a
 * Socket.IO disconnect, so every client reconnects by itself), hand their presence over, store the
 * messages already accepted, close the database pool and Redis. With WORKERS > 1 this
 * process becomes the cluster's primary (src/cluster.ts) and each worker runs the same composition
 * without listening: the primary hands it connections.
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { config as loadDotenv } from 'dotenv';
import { pino, type Logger } from 'pino';
import { assemble } from './assemble';
import { holdConnectionsUntilReady, runPrimary } from './cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { listen } from './listen';
import { createMetrics, serveMetricsPort } from './metrics';
import { createStores } from './store';

const SHUTDOWN_DEADLINE_MS = 10_000;
/** How often each process removes the uploads never posted (any process may; they do not clash). */
const ATTACHMENT_SWEEP_MS = 15 * 60 * 1000;

function readConfig(): Config {
  loadDotenv({ quiet: true });
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  exitOnUnhandledErrors(logger);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, logger);
  // Synchronously, before the first await: connections may arrive while the stores open.
  const whenReady = cluster.isWorker ? holdConnectionsUntilReady() : undefined;
  await runServer(config, logger, whenReady);
}

/**
 * A rejection nobody handled or an exception nobody caught leaves the process in an unknown state:
 * log it (fatal) and exit non-zero, so the supervisor (or the cluster primary) starts a clean one.
 */
function exitOnUnhandledErrors(logger: Logger): void {
  const die = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, `${kind}; exiting`);
    logger.flush?.();
    process.exit(1);
  };
  process.on('unhandledRejection', die('unhandled promise rejection'));
  process.on('uncaughtException', die('uncaught exception'));
}

async function runServer(config: Config, logger: Logger, whenReady: ReturnType<typeof holdConnectionsUntilReady> | undefined) {
  const processId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { metrics, endpoint } = createMetrics(config.metrics);
  const stores = await createStores({
    metrics,
    mysqlUrl: config.mysqlUrl,
    redisUrl: config.redisUrl,
    dataDir: config.dataDir,
    redisPrefix: config.redisPrefix,
    processId,
    logger,
    mysqlWriteLanes: config.mysqlWriteLanes,
  });
  // With METRICS_PORT, /metrics is served there only (by the primary when there are workers).
  const { engine, attachments, app } = assemble(config, logger, stores, {
    metrics,
    metricsEndpoint: endpoint?.port === undefined ? endpoint : undefined,
  });
  // Uploads never posted are removed after a day; the timer is unref'd and stopped at shutdown.
  const stopSweeper = attachments.startSweeper({ intervalMs: ATTACHMENT_SWEEP_MS });
  // Shared presence (Redis): beat, and sweep the users of processes that died without a word.
  if (stores.redis) await engine.startHeartbeat({ intervalMs: config.heartbeatMs, deadAfterMs: config.deadAfterMs });

  const mode = `${config.mysqlUrl ? 'MySQL' : 'SQLite'} + ${config.redisUrl ? 'Redis' : 'in-process stores'}`;
  if (whenReady) {
    whenReady(app.realtime.io);
    logger.info({ processId, mode }, 'worker ready');
  } else {
    await listen(app.httpServer, config.port, config.host);
    logger.info(
      { port: config.port, host: config.host ?? 'all interfaces', mode, processId },
      `chat listening on port ${config.port}`,
    );
  }

  const metricsServer = endpoint?.port !== undefined && !whenReady ? await serveMetricsPort(endpoint, endpoint.port) : undefined;
  if (metricsServer) logger.info({ address: metricsServer.address() }, 'metrics served on 127.0.0.1 only');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    stopSweeper();
    metricsServer?.close();
    await app.close();
    await engine.close();
    await stores.close();
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A worker whose primary is gone has nobody to hand it connections.
  if (whenReady) process.on('disconnect', () => void shutdown('primary gone'));
}

main().catch((error: unknown) => {
  console.error('chat failed to start:', error);
  process.exit(1);
});
