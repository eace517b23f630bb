/**
 * Metrics with WORKERS > 1 (node:cluster): a scrape must see the whole cluster, not whichever
 * worker the primary's sticky routing picked. prom-client's AggregatorRegistry sums the workers'
 * registries over IPC in the primary; a worker asked for /metrics on the main port asks the primary
 * for that sum. Without node:cluster (separate processes or machines) each process answers its own.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsText } from '../http/metrics-routes';

const REQUEST = 'chat:metrics-request';
const REPLY = 'chat:metrics-reply';
const TIMEOUT_MS = 5000;

type Request = { type: typeof REQUEST; id: number };
type Reply = { type: typeof REPLY; id: number; body?: string; error?: string };

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type; // checked to be an object
}

/** In the primary: answers workers' requests, and returns the reader for a METRICS_PORT it serves itself. */
export function aggregateWorkers(): () => Promise<MetricsText> {
  const aggregator = new AggregatorRegistry();
  const read = async (): Promise<MetricsText> => ({
    contentType: aggregator.contentType,
    body: await aggregator.clusterMetrics(),
  });
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<Request>(message, REQUEST)) return;
    read().then(
      ({ body }) => worker.send({ type: REPLY, id: message.id, body } satisfies Reply),
      (error: unknown) => worker.send({ type: REPLY, id: message.id, error: String(error) } satisfies Reply),
    );
  });
  return read;
}

/** In a worker: offers `registry` to the primary's aggregation; the reader asks the primary for the cluster's sum. */
export function workerMetrics(registry: Registry): () => Promise<MetricsText> {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // installs the worker's listener for the primary's requests
  let nextId = 0;
  const pending = new Map<number, (reply: Reply) => void>();
  process.on('message', (message: unknown) => {
    if (isMessage<Reply>(message, REPLY)) pending.get(message.id)?.(message);
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => settle({ type: REPLY, id, error: 'the primary did not answer' }), TIMEOUT_MS);
      function settle(reply: Reply) {
        clearTimeout(timer);
        pending.delete(id);
        if (reply.body === undefined) reject(new Error(`cluster metrics: ${reply.error ?? 'no answer'}`));
        else resolve({ contentType: registry.contentType, body: reply.body });
      }
      pending.set(id, settle);
      process.send?.({ type: REQUEST, id } satisfies Request);
    });
}
