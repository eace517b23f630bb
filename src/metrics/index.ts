/**
 * Builds the metrics of one process: the no-op port when metrics are off (prom-client is never
 * loaded into the hot path then), prom-client otherwise; and serves them on METRICS_PORT.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import express from 'express';
import { NO_METRICS, type Metrics } from '../chat/metrics';
import type { Config } from '../config';
import { metricsRoutes, type MetricsEndpoint, type MetricsText } from '../http/metrics-routes';
import { listen } from '../listen';
import { workerMetrics } from './cluster-metrics';
import { createPrometheusMetrics } from './prometheus-metrics';

export type MetricsSetup = {
  metrics: Metrics;
  /** Set when metrics are on: where /metrics is served and what it answers. */
  endpoint?: MetricsEndpoint & { port: number | undefined };
};

export function createMetrics(config: Config['metrics']): MetricsSetup {
  if (!config.enabled) return { metrics: NO_METRICS };
  const metrics = createPrometheusMetrics();
  const own = async (): Promise<MetricsText> => ({
    contentType: metrics.registry.contentType,
    body: await metrics.registry.metrics(),
  });
  const read = cluster.isWorker ? workerMetrics(metrics.registry) : own;
  return { metrics, endpoint: { token: config.token, port: config.port, read } };
}

/** Serves GET /metrics alone on 127.0.0.1:port; resolves once listening. */
export async function serveMetricsPort(endpoint: MetricsEndpoint, port: number): Promise<http.Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoutes(endpoint));
  const server = http.createServer(app);
  await listen(server, port, '127.0.0.1');
  return server;
}
