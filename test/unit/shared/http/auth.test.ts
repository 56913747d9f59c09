// Bearer JWT checks, in process, with tokens of the test stage (HS256 pinned).
import { SignJWT } from 'jose';
import { authenticate } from '#shared/http/auth';
import { ForbiddenError, UnauthorizedError } from '#shared/http/errors';
import { testSettings } from '../../../stage';
import { badTokens, tokenWithScope } from '../../../helpers/tokens';

describe('authenticate', () => {
  it('accepts a valid token with the scope and returns its subject and scopes', async () => {
    const token = await tokenWithScope('assets:write events:write');
    await expect(authenticate(`Bearer ${token}`, 'events:write')).resolves.toEqual({
      subject: 'test-user',
      scopes: ['assets:write', 'events:write'],
    });
  });

  it('accepts the scheme name in any case', async () => {
    const token = await tokenWithScope('events:write');
    await expect(authenticate(`bearer ${token}`, 'events:write')).resolves.toMatchObject({ scopes: ['events:write'] });
  });

  it('refuses a missing header with 401 "Not authenticated"', async () => {
    await expect(authenticate(undefined, 'events:write')).rejects.toEqual(new UnauthorizedError('Not authenticated'));
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token'])('refuses the header "%s" with 401', async (header) => {
    await expect(authenticate(header, 'events:write')).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a valid token without the scope with 403', async () => {
    const token = await tokenWithScope('assets:write');
    await expect(authenticate(`Bearer ${token}`, 'events:write')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('does not treat a scope that merely contains the needed one as the needed one', async () => {
    const token = await tokenWithScope('events:write-not');
    await expect(authenticate(`Bearer ${token}`, 'events:write')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses every bad token with 401', async () => {
    for (const [name, token] of Object.entries(await badTokens('events:write'))) {
      await expect(authenticate(`Bearer ${token}`, 'events:write').catch((error: unknown) => [name, error])).resolves.toEqual([
        name,
        expect.any(UnauthorizedError),
      ]);
    }
  });
});

describe('authenticate a token it has verified before', () => {
  const env = testSettings.environment;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ scope: 'events:write', sub: 'test-user', iss: env.AUTH_ISSUER, aud: env.AUTH_AUDIENCE, ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(env.AUTH_HS256_SECRET));
  // jose checks HS256 signatures with WebCrypto: each call of subtle.verify is one signature check.
  const signatureChecks = () => jest.spyOn(globalThis.crypto.subtle, 'verify');
  /** Moves the clock (Date, as jose and the kept tokens read it) to `ms`; timers keep running for real. */
  const clockAt = (ms: number) =>
    jest.useFakeTimers({
      now: ms,
      doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('checks its signature once: the same token again is answered from what the first check found', async () => {
    const token = await sign({ exp: nowSeconds() + 600, jti: 'checked-once' });
    const checks = signatureChecks();
    for (let i = 0; i < 3; i += 1) {
      await expect(authenticate(`Bearer ${token}`, 'events:write')).resolves.toEqual({ subject: 'test-user', scopes: ['events:write'] });
    }
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('still checks its scope on every request', async () => {
    const token = await sign({ exp: nowSeconds() + 600, jti: 'scope-each-time' });
    await authenticate(`Bearer ${token}`, 'events:write');
    await expect(authenticate(`Bearer ${token}`, 'assets:write')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses it once it has expired, beyond the same 5 s tolerance as the first check', async () => {
    const exp = nowSeconds() + 60;
    const token = await sign({ exp, jti: 'expires' });
    await authenticate(`Bearer ${token}`, 'events:write');
    clockAt((exp + 4) * 1000);
    await expect(authenticate(`Bearer ${token}`, 'events:write')).resolves.toMatchObject({ subject: 'test-user' });
    clockAt((exp + 6) * 1000);
    await expect(authenticate(`Bearer ${token}`, 'events:write')).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('checks its signature again after 5 minutes, however long the token lives', async () => {
    const token = await sign({ exp: nowSeconds() + 3600, jti: 'kept-5-minutes' });
    await authenticate(`Bearer ${token}`, 'events:write');
    const later = Date.now() + 5 * 60_000 + 1000;
    const checks = signatureChecks();
    clockAt(later);
    await expect(authenticate(`Bearer ${token}`, 'events:write')).resolves.toMatchObject({ subject: 'test-user' });
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('never answers another token from a verified one: the same claims under another signature are refused', async () => {
    const token = await sign({ exp: nowSeconds() + 600, jti: 'original' });
    await authenticate(`Bearer ${token}`, 'events:write');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    await expect(authenticate(`Bearer ${forged}`, 'events:write')).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
