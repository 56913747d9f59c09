// Which database failures are a 503 (retry) and which a 500 (our fault): the errors as the AWS SDK builds them.
// The same against a real DynamoDB Local: test/integration/http/database-errors.test.ts.
import {
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { isDatabaseUnavailable } from '#shared/http/failures';
import { httpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/route';
import { invoke } from '../../../helpers/lambda';

const published: number[] = [];
jest.mock('#shared/observability/metrics', () => ({
  ...jest.requireActual('#shared/observability/metrics'),
  publishRequestMetrics: (_route: string, status: number) => published.push(status),
}));

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'aws-request-id', attempts: 1, totalRetryDelay: 0 });
const serviceError = (name: string, httpStatusCode: number, $fault: 'client' | 'server') =>
  new DynamoDBServiceException({ name, $fault, $metadata: metadata(httpStatusCode), message: `${name} from the service` });
const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, $metadata: { attempts: 3 } });
const timeout = () => Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError', $metadata: { attempts: 3 } });

const transient: [string, () => unknown][] = [
  ['a refused connection', () => networkError('ECONNREFUSED')],
  ['a reset connection', () => networkError('ECONNRESET')],
  ['a broken pipe', () => networkError('EPIPE')],
  ['a request timeout', timeout],
  ['provisioned throughput exceeded', () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: metadata(400) })],
  ['throttling', () => new ThrottlingException({ message: 'slow down', $metadata: metadata(400) })],
  ['the request limit exceeded', () => new RequestLimitExceeded({ message: 'slow down', $metadata: metadata(400) })],
  ['an internal server error', () => new InternalServerError({ message: 'oops', $metadata: metadata(500) })],
  ['a transaction conflict', () => new TransactionConflictException({ message: 'busy item', $metadata: metadata(400) })],
  ['an unmodelled 5xx of the service', () => serviceError('ServiceUnavailable', 503, 'server')],
  // What the SDK throws when the network error it got is not an Error of its realm (as under jest): no code, no answer.
  ['no answer at all, re-wrapped by the SDK', () => Object.assign(new Error('AWS SDK error wrapper for Error: socket hang up'), { $metadata: { attempts: 3 } })],
];

const permanent: [string, () => Error][] = [
  ['AccessDenied (a missing IAM action)', () => serviceError('AccessDeniedException', 400, 'client')],
  ['ResourceNotFound (a missing table)', () => new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: metadata(400) })],
  ['a ValidationException (a request of our own making)', () => serviceError('ValidationException', 400, 'client')],
  ['UnrecognizedClient (bad credentials)', () => serviceError('UnrecognizedClientException', 400, 'client')],
  ['no credentials to sign with', () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', $metadata: { attempts: 1 } })],
  ['an item the client cannot marshall (never sent)', () => new Error('Unsupported type passed: function')],
];

const route = defineRoute({
  service: 'test',
  operationId: 'databaseCall',
  method: 'GET',
  path: '/database-call',
  summary: 'fails as the database did',
  responses: { 200: { description: 'never' } },
});
const failingWith = (error: unknown) =>
  httpHandler(route, () => {
    throw error;
  });

let stdout: string[];
beforeEach(() => {
  stdout = [];
  published.length = 0;
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());
const logLine = () => JSON.parse(stdout.join('').trim().split('\n').at(-1)!);

describe('isDatabaseUnavailable', () => {
  it.each(transient)('is true for %s', (_case, error) => expect(isDatabaseUnavailable(error() as object)).toBe(true));
  it.each(permanent)('is false for %s', (_case, error) => expect(isDatabaseUnavailable(error())).toBe(false));
});

describe('a database failure through the handler factory', () => {
  it.each(transient)('answers %s with 503, Retry-After and the request id', async (_case, error) => {
    const result = await invoke(failingWith(error()), { path: '/database-call' });
    expect(result.statusCode).toBe(503);
    expect(result.headers['Retry-After']).toBe('1');
    expect(result.body).toEqual({ error: `The database is unavailable; retry shortly (request id ${result.headers['X-Request-Id']})` });
  });

  it.each(permanent)('answers %s with 500 and the request id, no Retry-After, and logs its name', async (_case, make) => {
    const error = make();
    const result = await invoke(failingWith(error), { path: '/database-call' });
    expect(result.statusCode).toBe(500);
    expect(result.headers['Retry-After']).toBeUndefined();
    const requestId = result.headers['X-Request-Id'];
    expect(result.body).toEqual({ error: `The request failed (request id ${requestId})` });
    expect(result.rawBody).not.toContain(error.name);
    expect(logLine()).toMatchObject({ level: 'error', requestId, status: 500, error: { name: error.name, message: error.message } });
    expect(published).toEqual([500]);
  });
});
