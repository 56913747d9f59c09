// client/ as its consumers get it: the files its package.json publishes (what a copy of the folder holds too), in a
// project of theirs, compiled by their TypeScript under each module setting a project commonly has.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'client', 'package.json'), 'utf8')) as {
  name: string;
  private?: boolean;
  types: string;
  files: string[];
  exports: Record<string, string>;
};

// A consumer's call: typed by the client (a wrong path or field would not compile).
const consumer = `
import { createApiClient, type ApiClient } from '${manifest.name}';
export async function userName(token: string): Promise<string | undefined> {
  const api: ApiClient = createApiClient({ baseUrl: 'https://api.example.com', token });
  const { data, error } = await api.GET('/users/{userId}', { params: { path: { userId: 'ada' } } });
  return error ? error.error : data.name;
}
`;

let project: string;
beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'client-consumer-'));
  const installed = path.join(project, 'node_modules', ...manifest.name.split('/'));
  fs.mkdirSync(installed, { recursive: true });
  for (const file of ['package.json', ...manifest.files]) fs.copyFileSync(path.join(root, 'client', file), path.join(installed, file));
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules', 'openapi-fetch')), path.join(project, 'node_modules', 'openapi-fetch'));
  fs.writeFileSync(path.join(project, 'consumer.ts'), consumer);
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

// The standard library's declarations, parsed once for every compilation (most of a compilation's time).
const host = ts.createCompilerHost({});
const parsed = new Map<string, ts.SourceFile | undefined>();
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, ...rest) => {
  if (!fileName.includes(`${path.sep}typescript${path.sep}lib${path.sep}`)) return getSourceFile(fileName, languageVersion, ...rest);
  if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile(fileName, languageVersion, ...rest));
  return parsed.get(fileName);
};

/** What tsc says about the consumer in a project whose package.json has `type`, under `options`. */
function compile(type: 'module' | 'commonjs', options: ts.CompilerOptions): string[] {
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  const program = ts.createProgram({
    rootNames: [path.join(project, 'consumer.ts')],
    // skipLibCheck, as most projects have it: the .d.ts files are not checked, the client's index.ts is.
    options: { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], ...options },
    host,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${path.relative(project, diagnostic.file.fileName)}: ` : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
}

describe('the client package', () => {
  it('can be published: not private, its types and entry are its TypeScript source, which it ships', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.types).toBe('index.ts');
    expect(manifest.exports['.']).toBe('./index.ts');
    expect(manifest.files).toEqual(expect.arrayContaining(['index.ts', 'schema.d.ts', 'openapi.json']));
  });

  it.each<[string, 'module' | 'commonjs', ts.CompilerOptions]>([
    ['an ES module project under nodenext', 'module', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
    ['a CommonJS project under nodenext', 'commonjs', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
    ['a bundled project (moduleResolution bundler)', 'module', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
    ['a CommonJS project under node10', 'commonjs', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
  ])('compiles in %s', (_project, type, options) => {
    expect(compile(type, options)).toEqual([]);
  }, 30_000);
});
