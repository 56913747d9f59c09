// Health, the root redirect and the 404 catch-all, over real HTTP.
import { expectContractError, request } from '../helpers/http';

describe('platform routes', () => {
  it('GET /health answers UP with the stage and the package version', async () => {
    const answer = await request('/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'UP', stage: 'test', version: process.env.SERVICE_VERSION });
  });

  it('gives every response a distinct X-Request-Id', async () => {
    const [first, second] = await Promise.all([request('/health'), request('/health')]);
    expect(first.headers.get('x-request-id')).toBeTruthy();
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('GET / redirects to /docs', async () => {
    const answer = await request('/');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/docs');
  });

  it('GET / labels its empty body as no JSON', async () => {
    const answer = await request('/');
    expect(answer.text).toBe('');
    expect(answer.headers.get('content-type')).not.toMatch(/json/);
  });

  it.each(['/nope', '/users-not-a-route/x/y', '/api/v2/factorial', '/%2e%2e/etc/passwd'])('answers the unknown path %s with 404 JSON', async (path) => {
    const answer = await request(path);
    expectContractError(answer, 404);
    expect(answer.body).toEqual({ error: 'Not found' });
  });

  it('answers an unknown path with 404 JSON for any method', async () => {
    const answer = await request('/nope', { method: 'DELETE' });
    expectContractError(answer, 404);
  });
});
