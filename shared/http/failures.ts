// What the client is told for whatever a handler threw: a typed error is the contract's answer; a database
// failure a retry may cure is a 503 with Retry-After; anything else a 500 that says only that it failed.
import {
  ApiError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldProblem,
} from '#shared/http/errors';

/** What a database failure (or any error of the AWS SDK) may carry. */
interface ClientError {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Errors of the AWS SDK and DynamoDB that a retry may cure: the service's own faults, throttling, timeouts. */
const TRANSIENT_ERRORS = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  // Another write to the same item was in flight.
  'TransactionConflictException',
  'TransactionInProgressException',
  'ReplicatedWriteConflictException',
]);
/** Network failures on the way to the database: refused, reset, timed out, unreachable. */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Failures of the database client that a retry may cure: timeouts, refused or reset connections, throttling,
 * the service's internal errors. Anything else the database says (AccessDenied: a missing IAM action;
 * ResourceNotFound: a missing table; ValidationException: a request of our own making) is our fault and
 * no retry cures it: that is a 500, not a 503 that tells clients to retry forever.
 */
export function isDatabaseUnavailable(error: ClientError): boolean {
  if (TRANSIENT_ERRORS.has(error.name ?? '') || TRANSIENT_CODES.has(error.code ?? '') || error.$retryable !== undefined) return true;
  if (error.$metadata === undefined || error.name === 'CredentialsProviderError') return false;
  const status = error.$metadata.httpStatusCode;
  // The SDK gave up without any answer from the database: the connection failed. (Such an error may reach us
  // without its `code`: the SDK re-wraps an error it does not recognise as an Error, as under jest.)
  if (status === undefined) return true;
  return error.$fault === 'server' || status >= 500;
}

export function describeError(
  error: unknown,
  requestId: string,
): { status: number; body: { error: string; details?: FieldProblem[] }; headers: Record<string, string> } {
  if (error instanceof ApiError) {
    const body = error.details ? { error: error.message, details: error.details } : { error: error.message };
    return { status: error.status, body, headers: error.headers };
  }
  const httpError = error as ClientError & { statusCode?: number };
  // Errors raised by Middy's own middlewares (the body parser).
  if (httpError?.statusCode === 415) return describeError(new UnsupportedMediaTypeError(), requestId);
  if (httpError?.statusCode === 422) {
    return describeError(new ValidationError('The request body is not valid JSON'), requestId);
  }
  if (httpError && isDatabaseUnavailable(httpError)) {
    return describeError(
      new UnavailableError(`The database is unavailable; retry shortly (request id ${requestId})`, 1),
      requestId,
    );
  }
  return { status: 500, body: { error: `The request failed (request id ${requestId})` }, headers: {} };
}
