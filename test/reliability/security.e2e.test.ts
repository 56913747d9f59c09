// Security over real HTTP through the run's sls offline: security headers on every route's response,
// CORS as the stage configures it, and every JWT attack case against every route that declares `auth`.
// Routes come from the stage's functions and the route specs, so new ones are covered as they land.
// (That the packaged template carries each stage's CORS origins is checked in test/delivery/templates.test.ts.)
import { functionCatalogue, loadFunctions, type LoadedFunction } from '../helpers/functions';
import { expectContractError, request, type HttpAnswer } from '../helpers/http';
import { badTokens, tokenWithScope } from '../helpers/tokens';
import { testSettings } from '../stage';

const { functions } = loadFunctions();
const corsOrigins: string[] = testSettings.stageConfig.http.corsOrigins;
const protectedRoutes = functions.filter((fn) => fn.route?.auth);
const label = (fn: LoadedFunction) => `${fn.method} ${fn.path}`;

/** A concrete request for a function: path parameters filled in, a JSON body where one is expected. */
function sample(fn: LoadedFunction): { path: string; init: RequestInit } {
  const path = fn.method === '*' ? '/no-such-route' : fn.path.replace(/\{[^}]+\}/g, (name) => (/id\}$/i.test(name) ? '1' : /date/.test(name) ? '2020-01-01' : /asset\}/.test(name) ? 'index.css' : 'charizard'));
  const method = fn.method === '*' ? 'GET' : fn.method;
  const init: RequestInit = { method };
  if (method === 'POST' || method === 'PUT') {
    init.body = '{}';
    init.headers = { 'content-type': 'application/json' };
  }
  return { path, init };
}

const SECURITY_HEADERS: [string, RegExp][] = [
  ['strict-transport-security', /max-age=\d+/],
  ['x-content-type-options', /^nosniff$/],
  ['x-frame-options', /^(DENY|SAMEORIGIN)$/i],
  ['referrer-policy', /.+/],
  ['content-security-policy', /.+/],
  ['x-request-id', /.+/],
];

describe('security headers', () => {
  it('are checked on every function of the stage', () => {
    expect(functions.length).toBe(functionCatalogue().length);
  });

  it.each(functions.map((fn) => [fn.name, label(fn), fn] as [string, string, LoadedFunction]))(
    '%s (%s) answers with every security header',
    async (_name, _label, fn) => {
      const { path, init } = sample(fn);
      const answer = await request(path, init);
      const missing = SECURITY_HEADERS.filter(([name, pattern]) => !pattern.test(answer.headers.get(name) ?? '')).map(([name]) => name);
      expect({ status: answer.status, missing }).toEqual({ status: answer.status, missing: [] });
      expect(answer.headers.get('x-powered-by')).toBeNull();
    },
  );
});

describe('CORS', () => {
  const origin = corsOrigins.includes('*') ? 'https://any.example.com' : corsOrigins[0]!;

  it('answers a request from an allowed origin with its Access-Control-Allow-Origin', async () => {
    const answer = await request('/health', { headers: { origin } });
    expect(answer.status).toBe(200);
    expect([origin, '*']).toContain(answer.headers.get('access-control-allow-origin'));
  });

  it('answers a preflight for a protected write with the methods and the Authorization header allowed', async () => {
    const answer = await request('/events', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(answer.status).toBeLessThan(300);
    expect([origin, '*']).toContain(answer.headers.get('access-control-allow-origin'));
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('takes its origins from the stage config', () => {
    expect(testSettings.environment).toBeDefined();
    expect((testSettings as unknown as { httpApi: { cors: { allowedOrigins: string[] } } }).httpApi.cors.allowedOrigins).toEqual(corsOrigins);
  });
});

describe('JWT attack cases against every protected route', () => {
  it('covers every route that declares auth', () => {
    expect(protectedRoutes.length).toBeGreaterThan(0);
  });

  const expect401 = (answer: HttpAnswer) => {
    expectContractError(answer, 401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  };

  it.each(protectedRoutes.map((fn) => [label(fn), fn] as [string, LoadedFunction]))(
    '%s refuses every bad token with 401, no token with 401, a token without the scope with 403',
    async (_label, fn) => {
      const scope = fn.route!.auth!.scope;
      const { path, init } = sample(fn);
      const withAuth = (authorization?: string) =>
        request(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(authorization ? { authorization } : {}) } });
      const cases = await badTokens(scope);
      const tried: string[] = [];
      for (const [name, token] of Object.entries(cases)) {
        const answer = await withAuth(`Bearer ${token}`);
        tried.push(name);
        expect({ name, status: answer.status }).toEqual({ name, status: 401 });
        expect401(answer);
      }
      const good = await tokenWithScope(scope);
      for (const [name, header] of [
        ['no token', undefined],
        ['Basic credentials', 'Basic YWRtaW46YWRtaW4='],
        ['token without the Bearer scheme', good],
        ['empty bearer', 'Bearer '],
      ] as [string, string | undefined][]) {
        const answer = await withAuth(header);
        tried.push(name);
        expect({ name, status: answer.status }).toEqual({ name, status: 401 });
        expect401(answer);
      }
      const noAnswer = await withAuth();
      expect(noAnswer.body).toEqual({ error: 'Not authenticated' });
      const forbidden = await withAuth(`Bearer ${await tokenWithScope('profile:read')}`);
      tried.push('good token without the scope');
      expectContractError(forbidden, 403);
      expect(tried.length).toBe(Object.keys(cases).length + 5);
    },
  );
});
