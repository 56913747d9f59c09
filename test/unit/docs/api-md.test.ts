// docs/API.md is the contract in prose; the OpenAPI document is the precise one. Both must name the same routes:
// a route added to the specs without a word in docs/API.md, or a route the page still promises after it is gone,
// fails here. The document is the committed one (client/openapi.json), which client.test.ts keeps equal to
// what the route specs generate.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const page = fs.readFileSync(path.join(root, 'docs', 'API.md'), 'utf8');
const document = JSON.parse(fs.readFileSync(path.join(root, 'client', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
// The catch-all answers every other path with 404; the page says so in words ("Any other path -> 404").
const CATCH_ALL = '/{proxy+}';

/** `GET /users/{userId}`, `GET|PUT|DELETE /api/v1/assets/{id}`, ... as written in the page (query strings cut). */
function routesInPage(text: string): string[] {
  const routes = [...text.matchAll(/\b((?:GET|PUT|POST|DELETE|PATCH)(?:\|(?:GET|PUT|POST|DELETE|PATCH))*) (\/[^\s`?]*)/g)];
  return routes.flatMap(([, methods, route]) => methods!.split('|').map((method) => `${method} ${route}`));
}

function routesInDocument(): string[] {
  return Object.entries(document.paths)
    .filter(([route]) => route !== CATCH_ALL)
    .flatMap(([route, operations]) => Object.keys(operations).filter((key) => METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${route}`));
}

describe('docs/API.md', () => {
  it('names every route of the OpenAPI document, with its method', () => {
    const named = new Set(routesInPage(page));
    expect(routesInDocument().filter((route) => !named.has(route))).toEqual([]);
  });

  it('names no route that the OpenAPI document does not have', () => {
    const documented = new Set(routesInDocument());
    expect([...new Set(routesInPage(page))].filter((route) => !documented.has(route))).toEqual([]);
  });

  it('says that any other path is a 404', () => {
    expect(document.paths[CATCH_ALL]).toBeDefined();
    expect(page).toMatch(/Any other path -> 404/);
  });
});
