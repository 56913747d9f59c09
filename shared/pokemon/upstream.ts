// One HTTP call to an internet upstream, bounded: every attempt has a timeout (config
// pokemon.upstreamTimeoutMs), and only an idempotent GET that failed at the network level (refused,
// reset, DNS) is tried once more. A timeout is not retried (a second wait would outlast the client's
// patience), and neither is an answer with an error status: the caller decides what that means.
import { config } from '#shared/config/index';
import { traceCall } from '#shared/observability/tracing';

export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** The upstream gave no answer at all. */
export class NoAnswerError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable',
    readonly upstream: string,
    readonly timeoutMs: number,
  ) {
    super(reason === 'timeout' ? `${upstream} did not answer within ${timeoutMs} ms` : `${upstream} could not be reached`);
    this.name = 'NoAnswerError';
  }
}

const RETRY_PAUSE_MS = 100;

export async function callUpstream(
  upstream: string,
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
): Promise<UpstreamAnswer> {
  const timeoutMs = config().pokemon.upstreamTimeoutMs;
  const attempts = init.method === 'GET' ? 2 : 1;
  for (let attempt = 1; ; attempt++) {
    const request = { method: init.method, url };
    const trace = traceCall(new URL(url).host, { namespace: 'remote', http: { request } });
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      // Reading the body stays under the same timeout: a server that trickles its answer is cut off too.
      const body = await response.text();
      trace?.end({ status: response.status }, { http: { request, response: { status: response.status, content_length: Buffer.byteLength(body) } } });
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      trace?.end({ error: error as Error });
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new NoAnswerError('timeout', upstream, timeoutMs);
      if (attempt >= attempts) throw new NoAnswerError('unreachable', upstream, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}

/** The JSON value of an answer's body, or undefined when the body is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
