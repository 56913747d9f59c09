// One Node version everywhere: the one Lambda runs. Developers get it from .nvmrc, CI from .ci/run and the
// Jenkinsfile's tool, the bundle is built for it and package.json's engines names it as the lowest: under an older
// Node, npm warns (EBADENGINE) but installs anyway, since nothing sets engine-strict.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
const serverless = parse(read('serverless.yml')) as { provider: { runtime: string }; custom: { esbuild: { target: string } } };
const nvmrc = read('.nvmrc').trim();

describe('the Node version', () => {
  it('is one major version in .nvmrc', () => {
    expect(nvmrc).toMatch(/^\d+$/);
  });

  it('is the Lambda runtime of serverless.yml', () => {
    expect(serverless.provider.runtime).toBe(`nodejs${nvmrc}.x`);
  });

  it('is the esbuild target', () => {
    expect(serverless.custom.esbuild.target).toBe(`node${nvmrc}`);
  });

  it('is the lowest that package.json engines accept', () => {
    expect(packageJson.engines.node).toBe(`>=${nvmrc}`);
  });

  it('is the major of @types/node', () => {
    expect(packageJson.devDependencies['@types/node']).toMatch(new RegExp(`^${nvmrc}\\.`));
  });

  it('is the NodeJS tool the Jenkinsfile pins', () => {
    expect(read('Jenkinsfile')).toMatch(new RegExp(`tools \\{\\s*nodejs 'node-${nvmrc}'\\s*\\}`));
  });

  it('is what .ci/run installs, read from .nvmrc', () => {
    const ciRun = read('.ci/run');
    expect(ciRun).toContain('wanted=$(tr -d \' \\n\' < .nvmrc)');
    expect(ciRun).toContain('"node@$wanted"');
  });
});
