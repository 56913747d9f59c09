// How each stage's bundles are built (config/settings.ts `build`, read by serverless.yml custom.esbuild): the local
// stages unminified with names kept, for the debugger (npm run start:debug) and readable stacks; every deployed
// stage minified.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { settingsFor } from '../../../config/settings';
import { listYaml } from '../../../config/stages';

const root = path.resolve(__dirname, '..', '..', '..');
const stages = listYaml('stages');
const localStages = stages.filter((stage) => settingsFor(stage).isLocal);
const deployedStages = stages.filter((stage) => !settingsFor(stage).isLocal);

describe('the bundles of a stage', () => {
  it('are built locally for the local and test stages only, and deployed for dev, staging and prod at least', () => {
    expect(localStages.sort()).toEqual(['local', 'test']);
    expect(deployedStages).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
  });

  it.each(localStages)('are unminified with names kept in the %s stage', (stage) => {
    expect(settingsFor(stage).build).toEqual({ minify: false, keepNames: true });
  });

  it.each(deployedStages)('are minified in the deployed %s stage', (stage) => {
    expect(settingsFor(stage).build).toEqual({ minify: true, keepNames: false });
  });

  it("are built with the stage's settings: serverless-esbuild reads minify and keepNames from them", () => {
    const serverless = parse(fs.readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as { custom: { esbuild: Record<string, unknown> } };
    expect(serverless.custom.esbuild).toMatchObject({
      minify: '${self:custom.settings.build.minify}',
      keepNames: '${self:custom.settings.build.keepNames}',
    });
  });
});
