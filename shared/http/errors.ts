// Typed errors that the domain throws and the handler factory turns into the contract's JSON:
// {"error": "<one sentence a person can act on>", "details"?: [{field, message}]}.

/** One problem of a request: where, and what. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed; `details` names the fields. */
export class ValidationError extends ApiError {
  constructor(message: string, details?: FieldProblem[]) {
    super(400, message, details);
  }
}

/** 401: no or bad credentials. */
export class UnauthorizedError extends ApiError {
  constructor(message = 'Not authenticated') {
    super(401, message, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

/** 403: good credentials without the scope the route needs. */
export class ForbiddenError extends ApiError {
  constructor(scope: string) {
    super(403, `This request needs a token with the scope "${scope}"`);
  }
}

/** 404: no such resource. */
export class NotFoundError extends ApiError {
  constructor(message = 'Not found') {
    super(404, message);
  }
}

/** 409: the request conflicts with what is stored. */
export class ConflictError extends ApiError {
  constructor(message: string, details?: FieldProblem[]) {
    super(409, message, details);
  }
}

/** 413: the body is larger than this API accepts. */
export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, `The request body is larger than the limit of ${limitBytes} bytes`);
  }
}

/** 415: a body that is not JSON where JSON is required. */
export class UnsupportedMediaTypeError extends ApiError {
  constructor() {
    super(415, 'Send the request body as JSON with the header Content-Type: application/json');
  }
}

/** 502: an upstream service answered badly or not at all. */
export class UpstreamError extends ApiError {
  constructor(message: string) {
    super(502, message);
  }
}

/** 503: a dependency is unavailable for now; retry after the given seconds. */
export class UnavailableError extends ApiError {
  constructor(message: string, retryAfterSeconds = 1) {
    super(503, message, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}
