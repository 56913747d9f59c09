// Real HTTP against the `sls offline` that global setup started.
import { baseUrl } from '../stage';

export interface HttpAnswer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: T;
}

export async function request<T = any>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<HttpAnswer<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await fetch(`${baseUrl}${path}`, {
    redirect: 'manual',
    ...rest,
    headers,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    signal: rest.signal ?? AbortSignal.timeout(25_000),
  });
  const text = await response.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    body = undefined as T;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** The contract's error shape: {"error": "<sentence>", "details"?: [{field, message}]}. */
export function expectContractError(answer: HttpAnswer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(typeof answer.body?.error).toBe('string');
  expect(answer.body.error.length).toBeGreaterThan(0);
  for (const key of Object.keys(answer.body)) expect(['error', 'details']).toContain(key);
  expect(answer.text).not.toMatch(/at .+\.(ts|js):\d+|\[object Object\]/);
  expect(answer.headers.get('x-request-id')).toBeTruthy();
}
