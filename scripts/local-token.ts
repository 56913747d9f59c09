// Signs a token the way a local stage verifies it (issuer, audience and secret from its YAML).
// Deployed stages verify against their identity provider's JWKS and have no secret here.
import { SignJWT } from 'jose';
import { stageSettings } from './local-settings';

export interface LocalTokenOptions {
  stage: string;
  scope: string;
  subject?: string;
  /** A jose time span such as "1h", or seconds since the epoch. */
  expiresIn?: string | number;
}

export async function signLocalToken({ stage, scope, subject = 'local-developer', expiresIn = '1h' }: LocalTokenOptions): Promise<string> {
  const { environment } = stageSettings(stage);
  if (environment.AUTH_ALGORITHM !== 'HS256' || !environment.AUTH_HS256_SECRET) {
    throw new Error(`Stage "${stage}" verifies tokens from its identity provider; get a token there.`);
  }
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(environment.AUTH_ISSUER!)
    .setAudience(environment.AUTH_AUDIENCE!)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(environment.AUTH_HS256_SECRET));
}
