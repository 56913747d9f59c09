// The committed client (client/) is what `npm run client` generates from the route specs now.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
// What scripts/client.ts generates (it loads openapi-typescript, whose dependencies are ESM only: run it, not import it).
const GENERATED_FILES = ['openapi.json', 'schema.d.ts'];

describe('npm run client', () => {
  it('generates exactly the committed client/openapi.json and client/schema.d.ts', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-'));
    try {
      const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/client.ts', '--out', outDir], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const stale = GENERATED_FILES.filter(
        (file) => fs.readFileSync(path.join(outDir, file), 'utf8') !== fs.readFileSync(path.join(root, 'client', file), 'utf8'),
      );
      if (stale.length > 0) throw new Error(`client/${stale.join(' and client/')} ${stale.length === 1 ? 'is' : 'are'} out of date with the route specs: run npm run client`);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('gives the client no dependency on our code: only openapi-fetch at run time', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'client', 'package.json'), 'utf8'));
    const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ 'openapi-fetch': ours.devDependencies['openapi-fetch'] });
    const index = fs.readFileSync(path.join(root, 'client', 'index.ts'), 'utf8');
    const imports = [...index.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(new Set(imports)).toEqual(new Set(['openapi-fetch', './schema']));
  });
});
