// Bearer JWT authentication: signature, exp, nbf, issuer and audience checked by `jose`, with the
// algorithm pinned by the stage config (HS256 with a per-stage secret, or RS256/ES256 against a JWKS
// URL such as a Cognito user pool's). Scopes come from the space-separated `scope` claim.
// Protected routes build their handler with `authenticatedHandler`, so that only their bundles
// carry jose, and jose is loaded on the first authenticated request only.
import { config } from '#shared/config/index';
import { httpHandler, type HttpLambda } from '#shared/http/handler';
import { ForbiddenError, UnauthorizedError, UnavailableError } from '#shared/http/errors';
import type { AuthContext, Reply, RouteInput, RouteSpec } from '#shared/http/route';

type Verify = (token: string) => Promise<{ sub?: string; scope?: unknown }>;

let verify: Verify | undefined;

async function createVerifier(): Promise<Verify> {
  const { jwtVerify, createRemoteJWKSet } = await import('jose');
  const { algorithm, issuer, audience, hs256Secret, jwksUrl } = config().auth;
  const options = { algorithms: [algorithm], issuer, audience, clockTolerance: 5 };
  if (algorithm === 'HS256') {
    if (!hs256Secret) throw new Error('HS256 authentication needs AUTH_HS256_SECRET');
    const secret = new TextEncoder().encode(hs256Secret);
    return async (token) => (await jwtVerify(token, secret, options)).payload;
  }
  if (!jwksUrl) throw new Error(`${algorithm} authentication needs AUTH_JWKS_URL`);
  // Module scope: the key set (and its fetched keys) outlives this request, so warm invocations reuse it.
  const keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
  return async (token) => (await jwtVerify(token, keys, options)).payload;
}

/** Failures to fetch the key set are ours, not the caller's: they must not read as a bad token. */
const isKeySetUnavailable = (error: unknown) =>
  ['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC'].includes((error as { code?: string }).code ?? '') ||
  (error as Error).name === 'TypeError';

export async function authenticate(header: string | undefined, scope: string): Promise<AuthContext> {
  if (!header) throw new UnauthorizedError();
  const match = /^Bearer +([A-Za-z0-9_.-]+)$/.exec(header.trim());
  if (!match) throw new UnauthorizedError('Send the token as "Authorization: Bearer <JWT>"');
  verify ??= await createVerifier();
  let claims: Awaited<ReturnType<Verify>>;
  try {
    claims = await verify(match[1]!);
  } catch (error) {
    if (isKeySetUnavailable(error)) throw new UnavailableError('The token keys could not be fetched; retry shortly', 5);
    throw new UnauthorizedError('The token is invalid, expired or not meant for this API');
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  if (!scopes.includes(scope)) throw new ForbiddenError(scope);
  return { subject: claims.sub ?? '', scopes };
}

/** `httpHandler` for a route that declares `auth: { scope }`. */
export function authenticatedHandler<R extends RouteSpec & { auth: { scope: string } }>(
  route: R,
  handle: (input: RouteInput<R>) => Promise<Reply<R>> | Reply<R>,
): HttpLambda {
  return httpHandler(route, handle, { authenticate });
}
