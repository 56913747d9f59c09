// The EMF writer (shared/observability/metrics.ts): one document per request, domain counts in it, nothing carried
// over to the next request.
type Metrics = typeof import('#shared/observability/metrics');

function withMetrics(env: Record<string, string>, run: (metrics: Metrics) => void): Record<string, unknown>[] {
  const saved = { ...process.env };
  Object.assign(process.env, { STAGE: 'unit', SERVICE_VERSION: '1', ...env });
  const lines: Record<string, unknown>[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line)));
    return true;
  });
  try {
    jest.isolateModules(() => run(require('#shared/observability/metrics'))); // eslint-disable-line @typescript-eslint/no-require-imports
  } finally {
    spy.mockRestore();
    process.env = saved;
  }
  return lines;
}

describe('EMF metrics', () => {
  it('publish the domain counts of a request with its own metrics, each value under its name', () => {
    const [document, ...rest] = withMetrics({ METRICS_ENABLED: 'true', METRICS_NAMESPACE: 'Unit' }, (metrics) => {
      metrics.countMetric('EventsIngested', 3);
      metrics.countMetric('EventsIngested', 2);
      metrics.publishRequestMetrics('POST /events', 201, 12.5);
    });
    expect(rest).toHaveLength(0);
    const aws = document!._aws as { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
    expect(Math.abs(aws.Timestamp - Date.now())).toBeLessThan(60_000);
    expect(aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Unit',
        Dimensions: [['service', 'stage', 'route']],
        Metrics: [
          { Name: 'EventsIngested', Unit: 'Count' },
          { Name: 'Requests', Unit: 'Count' },
          { Name: '2xx', Unit: 'Count' },
          { Name: '3xx', Unit: 'Count' },
          { Name: '4xx', Unit: 'Count' },
          { Name: '5xx', Unit: 'Count' },
          { Name: 'Latency', Unit: 'Milliseconds' },
        ],
      },
    ]);
    expect(document).toMatchObject({ service: 'serverless-api', stage: 'unit', route: 'POST /events', EventsIngested: [3, 2], Requests: 1, '2xx': 1, '5xx': 0, Latency: 12.5 });
  });

  it('start each request empty: a count of one request is not published with the next', () => {
    const documents = withMetrics({ METRICS_ENABLED: 'true' }, (metrics) => {
      metrics.countMetric('PokemonCacheHit');
      metrics.publishRequestMetrics('GET /pokemon/{name}', 200, 1);
      metrics.publishRequestMetrics('GET /pokemon/{name}', 503, 2);
    });
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({ PokemonCacheHit: 1, '2xx': 1 });
    expect(documents[1]).not.toHaveProperty('PokemonCacheHit');
    expect(documents[1]).toMatchObject({ '5xx': 1, '2xx': 0, Requests: 1 });
  });

  it('write nothing, and keep nothing, when the stage turns metrics off', () => {
    const lines = withMetrics({ METRICS_ENABLED: 'false' }, (metrics) => {
      metrics.countMetric('EventsIngested', 3);
      metrics.publishRequestMetrics('POST /events', 201, 1);
    });
    expect(lines).toEqual([]);
  });
});
