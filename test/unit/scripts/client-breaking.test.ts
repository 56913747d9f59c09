// npm run client:breaking: what breaks a client generated from one document when the API follows another.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { breakingChanges } from '../../../scripts/client-breaking';

const root = path.resolve(__dirname, '..', '..', '..');
const committedFile = path.join(root, 'client', 'openapi.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const committed: Doc = JSON.parse(fs.readFileSync(committedFile, 'utf8'));
/** The committed document, changed by `edit`. */
const changed = (edit: (document: Doc) => void): Doc => {
  const document = structuredClone(committed);
  edit(document);
  return document;
};
const jsonSchema = (holder: Doc) => holder.content['application/json'].schema;

describe('breakingChanges', () => {
  it('finds none between a document and itself', () => {
    expect(breakingChanges(committed, structuredClone(committed))).toEqual([]);
  });

  it('finds none in additive changes: a new route, method, optional parameter, optional body field, response field or answer', () => {
    const additive = changed((document) => {
      document.paths['/widgets'] = { get: { operationId: 'listWidgets', responses: { 200: { description: 'Widgets' } } } };
      document.paths['/users/{userId}'].put = { operationId: 'replaceUser', responses: { 200: { description: 'Replaced' } } };
      document.paths['/users'].get.parameters.push({ name: 'prefix', in: 'query', required: false, schema: { type: 'string' } });
      jsonSchema(document.paths['/users'].post.requestBody).properties.email = { type: 'string' };
      jsonSchema(document.paths['/users/{userId}'].get.responses['200']).properties.createdAt = { type: 'string' };
      document.paths['/users/{userId}'].get.responses['410'] = { description: 'Gone' };
    });
    expect(breakingChanges(committed, additive)).toEqual([]);
  });

  it('reports a removed route and a removed method', () => {
    const broken = changed((document) => {
      delete document.paths['/api/v1/factorial'];
      delete document.paths['/users/{userId}'].delete;
    });
    expect(breakingChanges(committed, broken)).toEqual(['GET /api/v1/factorial was removed', 'DELETE /users/{userId} was removed']);
  });

  it('reports a renamed response field, a nested one and a list item one', () => {
    const broken = changed((document) => {
      const user = jsonSchema(document.paths['/users/{userId}'].get.responses['200']);
      user.properties.fullName = user.properties.name;
      delete user.properties.name;
      user.required = ['userId', 'fullName'];
      const users = jsonSchema(document.paths['/users'].get.responses['200']);
      delete users.properties.users.items.properties.userId;
    });
    expect(breakingChanges(committed, broken)).toEqual([
      'GET /users: 200 body.users[].userId was removed (or renamed)',
      'GET /users/{userId}: 200 body.name was removed (or renamed)',
    ]);
  });

  it('reports a new required query parameter, path parameter and body field', () => {
    const broken = changed((document) => {
      document.paths['/users'].get.parameters.push({ name: 'tenant', in: 'query', required: true, schema: { type: 'string' } });
      document.paths['/users'].get.parameters.find((parameter: Doc) => parameter.name === 'limit').required = true;
      jsonSchema(document.paths['/users'].post.requestBody).properties.email = { type: 'string' };
      jsonSchema(document.paths['/users'].post.requestBody).required.push('email');
    });
    expect(breakingChanges(committed, broken)).toEqual([
      'GET /users: query parameter limit is now required',
      'GET /users: query parameter tenant is a new required parameter',
      'POST /users: body.email is a new required field',
    ]);
  });

  it('reports a response field that may now be missing or of another type, and a request value no longer accepted', () => {
    const broken = changed((document) => {
      const user = jsonSchema(document.paths['/users/{userId}'].get.responses['200']);
      user.required = ['userId'];
      user.properties.userId = { anyOf: [{ type: 'string' }, { type: 'null' }] };
      document.paths['/pokemon/{nameOrId}'].get.parameters.find((parameter: Doc) => parameter.name === 'output_format').schema.enum = ['json'];
    });
    expect(breakingChanges(committed, broken)).toEqual([
      'GET /users/{userId}: 200 body.userId can now be of type null',
      'GET /users/{userId}: 200 body.name is no longer always present',
      'GET /pokemon/{nameOrId}: query parameter output_format no longer accepts "text"',
    ]);
  });
});

describe('npm run client:breaking', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/client-breaking.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-breaking-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, document: Doc) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(document));
    return file;
  };

  it('fails (exit 1) on a deliberately broken document, naming each break', () => {
    const broken = write('broken.json', changed((document) => {
      delete document.paths['/health'];
      delete jsonSchema(document.paths['/api/v1/factorial'].get.responses['200']).properties.factorial;
    }));
    const result = run('--base', committedFile, '--current', broken);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('2 breaking change(s)');
    expect(result.stdout).toContain('GET /health was removed');
    expect(result.stdout).toContain('GET /api/v1/factorial: 200 body.factorial was removed (or renamed)');
  }, 60_000);

  it.each<[string, (document: Doc) => void, string]>([
    [
      'a new required body field',
      (document) => {
        jsonSchema(document.paths['/users'].post.requestBody).properties.email = { type: 'string' };
        jsonSchema(document.paths['/users'].post.requestBody).required.push('email');
      },
      'POST /users: body.email is a new required field',
    ],
    [
      'a new required query parameter',
      (document) => document.paths['/users'].get.parameters.push({ name: 'tenant', in: 'query', required: true, schema: { type: 'string' } }),
      'GET /users: query parameter tenant is a new required parameter',
    ],
    [
      'a renamed response field',
      (document) => {
        const user = jsonSchema(document.paths['/users/{userId}'].get.responses['200']);
        user.properties.fullName = user.properties.name;
        delete user.properties.name;
        user.required = user.required.map((name: string) => (name === 'name' ? 'fullName' : name));
      },
      'GET /users/{userId}: 200 body.name was removed (or renamed)',
    ],
  ])('fails (exit 1) on %s, naming it', (_change, edit, reported) => {
    const result = run('--base', committedFile, '--current', write('broken.json', changed(edit)));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('1 breaking change(s)');
    expect(result.stdout).toContain(reported);
  }, 60_000);

  it('passes (exit 0) on an unchanged document and on an additive change', () => {
    expect(run('--base', committedFile, '--current', write('same.json', committed)).status).toBe(0);
    const additive = write('additive.json', changed((document) => {
      document.paths['/widgets'] = { get: { operationId: 'listWidgets', responses: { 200: { description: 'Widgets' } } } };
    }));
    expect(run('--base', committedFile, '--current', additive).status).toBe(0);
  }, 60_000);

  it('reads the base from git with --base-ref; a commit before the client has nothing to break; an unknown one is an error', () => {
    expect(run('--base-ref', 'HEAD', '--current', committedFile).status).toBe(0);
    const firstCommit = spawnSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    expect(run('--base-ref', firstCommit, '--current', committedFile).status).toBe(0);
    expect(run('--base-ref', 'no-such-ref', '--current', committedFile).status).toBe(2);
  }, 60_000);
});
