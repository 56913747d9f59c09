// What an operator gets from every request through the handler factory: one EMF document with the
// route's metrics, and one log line carrying the request id (and the trace id when tracing is on).
import type { HttpLambda } from '#shared/http/handler';
import { invoke } from '../../../helpers/lambda';

interface Captured {
  lines: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Loads the factorial handler in a fresh module registry with the given environment, capturing stdout. */
async function runFactorial(env: Record<string, string>, query: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const captured: Captured = { lines: [] };
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    captured.lines.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line)));
    return true;
  });
  try {
    let handler: HttpLambda | undefined;
    jest.isolateModules(() => {
      handler = require('../../../../functions/factorial/get-factorial').handler; // eslint-disable-line @typescript-eslint/no-require-imports
    });
    const result = await invoke(handler!, { path: '/api/v1/factorial', query });
    return { result, ...captured };
  } finally {
    spy.mockRestore();
    process.env = saved;
  }
}

const emfDocuments = (lines: Captured['lines']) => lines.filter((line) => line._aws?.CloudWatchMetrics);
const requestLines = (lines: Captured['lines']) => lines.filter((line) => line.msg === 'request');

describe('metrics', () => {
  it('emit one EMF document per request with the route, its status class and its latency', async () => {
    const { result, lines } = await runFactorial({ METRICS_ENABLED: 'true', METRICS_NAMESPACE: 'TestNamespace' }, { number: '5' });
    expect(result.statusCode).toBe(200);
    const documents = emfDocuments(lines);
    expect(documents).toHaveLength(1);
    const document = documents[0]!;
    const [directive] = document._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('TestNamespace');
    expect(directive.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'stage', 'route']));
    expect(directive.Metrics.map((metric: { Name: string }) => metric.Name)).toEqual(
      expect.arrayContaining(['Requests', '2xx', '4xx', '5xx', 'Latency']),
    );
    expect(document).toMatchObject({ route: 'GET /api/v1/factorial', stage: 'test', service: 'serverless-api', Requests: 1 });
    expect(document['2xx']).toBe(1);
    expect(document['4xx']).toBe(0);
    expect(document['5xx']).toBe(0);
    expect(document.Latency).toBeGreaterThanOrEqual(0);
  });

  it('count a rejected request as 4xx', async () => {
    const { result, lines } = await runFactorial({ METRICS_ENABLED: 'true' }, { number: '-1' });
    expect(result.statusCode).toBe(400);
    const document = emfDocuments(lines)[0]!;
    expect(document['4xx']).toBe(1);
    expect(document['2xx']).toBe(0);
  });

  it('emit nothing when the stage turns metrics off', async () => {
    const { lines } = await runFactorial({ METRICS_ENABLED: 'false', LOG_LEVEL: 'info' }, { number: '5' });
    expect(emfDocuments(lines)).toHaveLength(0);
    expect(requestLines(lines)).toHaveLength(1);
  });
});

describe('the request log line', () => {
  it('carries the request id that the response carries', async () => {
    const { result, lines } = await runFactorial({ LOG_LEVEL: 'info' }, { number: '5' });
    const line = requestLines(lines)[0]!;
    expect(line.requestId).toBe(result.headers['X-Request-Id']);
    expect(line.traceId).toBeUndefined();
  });

  it('carries the X-Ray trace id when tracing is on', async () => {
    const { lines } = await runFactorial(
      { LOG_LEVEL: 'info', TRACING_ENABLED: 'true', _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' },
      { number: '5' },
    );
    expect(requestLines(lines)[0]!.traceId).toBe('1-5759e988-bd862e3fe1be46a994272793');
  });
});
