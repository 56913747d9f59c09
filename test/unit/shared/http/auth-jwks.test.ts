// Bearer JWT checks as deployed stages run them: RS256/ES256 against a JWKS URL (a Cognito user pool's in
// prod). The key server is a real HTTP server on 127.0.0.1; each test loads config and auth afresh in an
// isolated module registry, since config() reads the environment once. (Errors from that registry are
// other classes than the ones this file would import: the tests compare statuses.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

type Auth = typeof import('#shared/http/auth');

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TESTPOOL';
const AUDIENCE = 'serverless-api-jwks-test';

interface KeyServer {
  url: string;
  requests: () => number;
  setStatus: (status: number) => void;
  close: () => Promise<void>;
}

async function startKeyServer(keys: JWK[]): Promise<KeyServer> {
  let requests = 0;
  let status = 200;
  const server = http.createServer((request, response) => {
    requests += 1;
    if (request.url !== '/.well-known/jwks.json' || status !== 200) {
      response.writeHead(request.url === '/.well-known/jwks.json' ? status : 404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    setStatus: (next) => {
      status = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** config and auth as a fresh cold start with this environment would load them. */
function coldStart(env: Record<string, string | undefined>): Auth {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  let auth: Auth | undefined;
  jest.isolateModules(() => {
    auth = require('#shared/http/auth') as Auth; // eslint-disable-line @typescript-eslint/no-require-imports
  });
  return auth!;
}

const sign = (key: CryptoKey, alg: string, kid: string, claims: Record<string, unknown> = {}) =>
  new SignJWT({ scope: 'assets:write', ...claims })
    .setProtectedHeader({ alg, kid })
    .setSubject('cognito-user')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);

describe.each(['RS256', 'ES256'] as const)('authenticate with %s against a JWKS URL', (alg) => {
  const savedEnv = { ...process.env };
  let signingKey: CryptoKey;
  let server: KeyServer;
  let auth: Auth;

  beforeAll(async () => {
    const pair = await generateKeyPair(alg);
    signingKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg, use: 'sig' };
    const otherJwk = { ...(await exportJWK((await generateKeyPair(alg)).publicKey)), kid: 'key-2', alg, use: 'sig' };
    server = await startKeyServer([publicJwk, otherJwk]);
  });
  afterAll(() => server.close());

  beforeEach(() => {
    server.setStatus(200);
    auth = coldStart({
      AUTH_ALGORITHM: alg,
      AUTH_JWKS_URL: server.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_HS256_SECRET: undefined,
    });
  });
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('accepts a token signed with a key of the set and returns its subject and scopes', async () => {
    const token = await sign(signingKey, alg, 'key-1', { scope: 'assets:write events:write' });
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).resolves.toEqual({
      subject: 'cognito-user',
      scopes: ['assets:write', 'events:write'],
    });
  });

  it('fetches the key set once and reuses it across invocations', async () => {
    const before = server.requests();
    for (let i = 0; i < 5; i += 1) {
      const token = await sign(signingKey, alg, 'key-1', { jti: `request-${i}` });
      await auth.authenticate(`Bearer ${token}`, 'assets:write');
    }
    expect(server.requests() - before).toBe(1);
  });

  it('shares one key-set fetch between concurrent first requests', async () => {
    const before = server.requests();
    const token = await sign(signingKey, alg, 'key-1');
    await Promise.all(Array.from({ length: 5 }, () => auth.authenticate(`Bearer ${token}`, 'assets:write')));
    expect(server.requests() - before).toBe(1);
  });

  it('refuses a token signed with a key outside the set, under a known kid, with 401', async () => {
    const { privateKey } = await generateKeyPair(alg);
    const token = await sign(privateKey, alg, 'key-1');
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token whose kid is not in the set with 401', async () => {
    const token = await sign(signingKey, alg, 'no-such-key');
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 401 });
  });

  it('refuses an HS256 token keyed with the public JWK (algorithm confusion) with 401', async () => {
    const publicJwk = JSON.stringify((await fetchKeys(server.url))[0]);
    const token = await new SignJWT({ scope: 'assets:write' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(publicJwk));
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token without an expiry with 401', async () => {
    const token = await new SignJWT({ scope: 'assets:write' })
      .setProtectedHeader({ alg, kid: 'key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(signingKey);
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a good token without the scope with 403', async () => {
    const token = await sign(signingKey, alg, 'key-1', { scope: 'events:write' });
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 403 });
  });

  it('answers 503, not 401, when the key set cannot be fetched', async () => {
    server.setStatus(500);
    const token = await sign(signingKey, alg, 'key-1');
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
  });
});

describe('authenticate Cognito access tokens (audience in client_id, no aud)', () => {
  const savedEnv = { ...process.env };
  const CLIENT_ID = '4q2c6t0example0client0id';
  let signingKey: CryptoKey;
  let server: KeyServer;
  let auth: Auth;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    server = await startKeyServer([{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }]);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    auth = coldStart({
      AUTH_ALGORITHM: 'RS256',
      AUTH_JWKS_URL: server.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: CLIENT_ID,
      AUTH_AUDIENCE_CLAIM: 'client_id',
      AUTH_HS256_SECRET: undefined,
    });
  });
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  /** The shape of a Cognito access token: client_id and token_use, no aud. */
  const accessToken = (claims: Record<string, unknown>) =>
    new SignJWT({ scope: 'assets:write', token_use: 'access', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('cognito-user')
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(signingKey);

  it('accepts an access token of the configured app client', async () => {
    const token = await accessToken({ client_id: CLIENT_ID });
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).resolves.toEqual({ subject: 'cognito-user', scopes: ['assets:write'] });
  });

  it('refuses an access token of another app client with 401', async () => {
    const token = await accessToken({ client_id: 'another-client' });
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token that names the client only in aud with 401', async () => {
    const token = await accessToken({ aud: CLIENT_ID });
    await expect(auth.authenticate(`Bearer ${token}`, 'assets:write')).rejects.toMatchObject({ status: 401 });
  });
});

async function fetchKeys(url: string): Promise<JWK[]> {
  const response = await fetch(url);
  return ((await response.json()) as { keys: JWK[] }).keys;
}
