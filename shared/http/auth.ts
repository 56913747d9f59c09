// Bearer JWT authentication: signature, exp, nbf, issuer and audience checked by `jose`, with the
// algorithm pinned by the stage config (HS256 with a per-stage secret, or RS256/ES256 against a JWKS
// URL such as a Cognito user pool's). Scopes come from the space-separated `scope` claim.
// The audience is read from `aud` by default; Cognito access tokens carry the app client in `client_id`
// instead (and no `aud`), so a stage can name that claim (`auth.audienceClaim`).
// Protected routes build their handler with `authenticatedHandler`, so that only their bundles
// carry jose, and jose is loaded on the first authenticated request only.
// A warm instance checks each token's signature once: the claims of a verified token are kept by its text, as
// API Gateway's Lambda authorizers cache their answer per token (300 s by default). A kept token still meets exp and
// nbf on every request, and is kept at most 5 minutes, less than jose keeps a fetched key set (10 minutes), so no
// token is accepted after a key leaves the set for longer than jose alone would accept it.
import { config } from '#shared/config/index';
import { httpHandler, type HttpLambda } from '#shared/http/handler';
import { ForbiddenError, UnauthorizedError, UnavailableError } from '#shared/http/errors';
import type { AuthContext, Reply, RouteInput, RouteSpec } from '#shared/http/route';

type Claims = { sub?: string; scope?: unknown; exp?: number; nbf?: number; [claim: string]: unknown };
type Verify = (token: string) => Promise<Claims>;

/** The key set could not be fetched or read: our failure (503), not a bad token (401). */
class KeySetUnavailable extends Error {}

// A promise, so that concurrent first requests share one verifier (and one key-set fetch).
let verifier: Promise<Verify> | undefined;

const CLOCK_TOLERANCE_SECONDS = 5;
const KEEP_VERIFIED_MS = 5 * 60_000;
const MAX_VERIFIED = 1000;

/** Verified tokens by their text, oldest first (a Map keeps insertion order). */
const verified = new Map<string, { claims: Claims; from: number; until: number }>();

/** The claims of a token verified before, while its exp and nbf and the keeping period still allow it. */
function verifiedBefore(token: string, now: number): Claims | undefined {
  const entry = verified.get(token);
  if (!entry) return undefined;
  if (now >= entry.from && now < entry.until) return entry.claims;
  if (now >= entry.until) verified.delete(token);
  return undefined;
}

function keepVerified(token: string, claims: Claims, now: number): void {
  // jose accepted it, so exp is there (a required claim); the bounds are jose's own, tolerance included.
  const until = Math.min(now + KEEP_VERIFIED_MS, ((claims.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000);
  const from = claims.nbf === undefined ? 0 : (claims.nbf - CLOCK_TOLERANCE_SECONDS) * 1000;
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, { claims, from, until });
}

async function createVerifier(): Promise<Verify> {
  const { jwtVerify, createRemoteJWKSet } = await import('#shared/http/jose-verify');
  const { algorithm, issuer, audience, audienceClaim, hs256Secret, jwksUrl } = config().auth;
  // `exp` is required: jose only checks it when present, and a token without one would never expire.
  const options = {
    algorithms: [algorithm],
    issuer,
    ...(audienceClaim === 'aud' ? { audience } : {}),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', ...(audienceClaim === 'aud' ? [] : [audienceClaim])],
  };
  if (algorithm === 'HS256') {
    if (!hs256Secret) throw new Error('HS256 authentication needs AUTH_HS256_SECRET');
    const secret = new TextEncoder().encode(hs256Secret);
    return async (token) => (await jwtVerify(token, secret, options)).payload;
  }
  if (!jwksUrl) throw new Error(`${algorithm} authentication needs AUTH_JWKS_URL`);
  // Module scope: the key set (and its fetched keys) outlives this request, so warm invocations reuse it.
  const remoteKeys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
  const keys: typeof remoteKeys = Object.assign(async (...args: Parameters<typeof remoteKeys>) => {
    try {
      return await remoteKeys(...args);
    } catch (error) {
      // The token names no key of the set, or an algorithm no key has: the token's fault.
      if (tokenKeyErrors.includes((error as { code?: string }).code ?? '')) throw error;
      throw new KeySetUnavailable('The token keys could not be fetched', { cause: error });
    }
  }, remoteKeys);
  return async (token) => (await jwtVerify(token, keys, options)).payload;
}

const tokenKeyErrors = ['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'ERR_JOSE_NOT_SUPPORTED'];

export async function authenticate(header: string | undefined, scope: string): Promise<AuthContext> {
  if (!header) throw new UnauthorizedError();
  // The scheme name is case-insensitive (RFC 9110 11.1); the token is base64url parts and dots.
  const match = /^Bearer +([A-Za-z0-9_.-]+)$/i.exec(header.trim());
  if (!match) throw new UnauthorizedError('Send the token as "Authorization: Bearer <JWT>"');
  const token = match[1]!;
  let claims = verifiedBefore(token, Date.now());
  if (!claims) {
    verifier ??= createVerifier();
    const verify = await verifier;
    try {
      claims = await verify(token);
    } catch (error) {
      if (error instanceof KeySetUnavailable) throw new UnavailableError('The token keys could not be fetched; retry shortly', 5);
      throw new UnauthorizedError('The token is invalid, expired or not meant for this API');
    }
    keepVerified(token, claims, Date.now());
  }
  const { audience, audienceClaim } = config().auth;
  if (audienceClaim !== 'aud' && claims[audienceClaim] !== audience) {
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
