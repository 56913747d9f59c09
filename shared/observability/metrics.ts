// Metrics in CloudWatch Embedded Metric Format (EMF): one EMF document per request, printed to stdout with the
// request's log line, turned into metrics by CloudWatch at no API cost. Off in the local stages (config
// `metrics.enabled`), where nothing reads them.
// Written here rather than through Powertools Metrics: what we publish is one document of a few counts per
// request, which the format makes a JSON line; the library cost 8 ms of cold start (its own and its shared
// runtime's load, an AsyncLocalStorage) and 0.1-0.2 ms per request (see BENCHMARKS.md).
// The format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
import { config } from '#shared/config/index';

type Unit = 'Count' | 'Milliseconds';

const SERVICE = 'serverless-api';
const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** What this request recorded so far, by metric name (a name recorded twice publishes both values). */
let recorded = new Map<string, { unit: Unit; values: number[] }>();

function record(name: string, unit: Unit, value: number): void {
  const metric = recorded.get(name);
  if (metric) metric.values.push(value);
  else recorded.set(name, { unit, values: [value] });
}

/** A domain count for the current request (events ingested, cache hits, ...), published with its request. */
export function countMetric(name: string, value = 1): void {
  if (config().metrics.enabled) record(name, 'Count', value);
}

/** The request's own metrics, then publish everything this request recorded as one EMF document. */
export function publishRequestMetrics(route: string, status: number, durationMs: number): void {
  const { enabled, namespace } = config().metrics;
  if (!enabled) return;
  const statusClass = `${Math.floor(status / 100)}xx`;
  record('Requests', 'Count', 1);
  for (const metricClass of STATUS_CLASSES) record(metricClass, 'Count', metricClass === statusClass ? 1 : 0);
  record('Latency', 'Milliseconds', durationMs);
  const metrics = recorded;
  recorded = new Map();
  process.stdout.write(`${JSON.stringify(emfDocument(namespace, { service: SERVICE, stage: config().stage, route }, metrics))}\n`);
}

function emfDocument(namespace: string, dimensions: Record<string, string>, metrics: typeof recorded) {
  const document: Record<string, unknown> = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [...metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...dimensions,
  };
  for (const [name, { values }] of metrics) document[name] = values.length === 1 ? values[0] : values;
  return document;
}
