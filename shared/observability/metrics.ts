// Metrics in CloudWatch Embedded Metric Format (EMF), through Powertools: one EMF document per request,
// printed to stdout with the request's log line, turned into metrics by CloudWatch at no API cost.
// Off in the local stages (config `metrics.enabled`), where nothing reads them.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from '#shared/config/index';

let metrics: Metrics | undefined;

function instance(): Metrics | undefined {
  if (!config().metrics.enabled) return undefined;
  metrics ??= new Metrics({
    namespace: config().metrics.namespace,
    serviceName: 'serverless-api',
    defaultDimensions: { stage: config().stage },
  });
  return metrics;
}

/** A domain count for the current request (events ingested, cache hits, ...), published with its request. */
export function countMetric(name: string, value = 1): void {
  instance()?.addMetric(name, MetricUnit.Count, value);
}

/** The request's own metrics, then publish everything this request recorded as one EMF document. */
export function publishRequestMetrics(route: string, status: number, durationMs: number): void {
  const current = instance();
  if (!current) return;
  const statusClass = `${Math.floor(status / 100)}xx`;
  current.addDimension('route', route);
  current.addMetric('Requests', MetricUnit.Count, 1);
  for (const metricClass of ['2xx', '3xx', '4xx', '5xx']) {
    current.addMetric(metricClass, MetricUnit.Count, metricClass === statusClass ? 1 : 0);
  }
  current.addMetric('Latency', MetricUnit.Milliseconds, durationMs);
  current.publishStoredMetrics();
}
