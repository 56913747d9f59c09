// The part of jose that auth.ts uses, loaded on a protected route's first request (`import()` in auth.ts). Named
// imports let the bundler drop the rest of jose (JWE, signing, key generation): 19 KB of it in a protected route's
// bundle instead of 62 KB, less to compile and less source map to read at cold start.
export { createRemoteJWKSet, jwtVerify } from 'jose';
