// Tokens for the test stage: good ones, and every kind of bad one an attacker or a broken client sends.
import { SignJWT, generateKeyPair } from 'jose';
import { signLocalToken } from '../../scripts/local-token';
import { TEST_STAGE, testSettings } from '../stage';

const env = testSettings.environment;
const secret = new TextEncoder().encode(env.AUTH_HS256_SECRET);

/** A valid token of the test stage carrying `scope` (space-separated scopes). */
export const tokenWithScope = (scope: string) => signLocalToken({ stage: TEST_STAGE, scope, subject: 'test-user' });

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Tokens that must all be refused with 401, by name. `scope` is what they claim to carry. */
export async function badTokens(scope: string): Promise<Record<string, string>> {
  const claims = { scope, sub: 'attacker', iss: env.AUTH_ISSUER, aud: env.AUTH_AUDIENCE };
  const sign = (overrides: Record<string, unknown>, key: Uint8Array = secret) =>
    new SignJWT({ ...claims, ...overrides }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const { privateKey } = await generateKeyPair('RS256');
  return {
    'malformed token': 'not-a-jwt',
    'alg none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: now() + 600 })}.`,
    'signed with another key': await sign({ exp: now() + 600 }, new TextEncoder().encode('another-secret-of-sufficient-length-123456')),
    'signed with RS256 instead of the pinned HS256': await new SignJWT({ ...claims, exp: now() + 600 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey),
    expired: await sign({ exp: now() - 600 }),
    'without expiry': await sign({}),
    'not yet valid': await sign({ exp: now() + 3600, nbf: now() + 600 }),
    'wrong issuer': await sign({ exp: now() + 600, iss: 'https://evil.example.com' }),
    'wrong audience': await sign({ exp: now() + 600, aud: 'another-api' }),
    'tampered payload': await (async () => {
      const [header, , signature] = (await sign({ exp: now() + 600, scope: 'nothing' })).split('.');
      return `${header}.${base64url({ ...claims, exp: now() + 600 })}.${signature}`;
    })(),
  };
}
