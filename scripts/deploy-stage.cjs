// `npm run deploy -- --stage <stage>`: deploys the package that `npm run package` built for the stage,
// `sls deploy --stage X --package dist/X`, so that what is deployed is exactly what was tested and archived.
// Needs the AWS credentials of the stage's account (config/stages/X.yml `account`) in the environment.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { deployedStage } = require('./deployed-stage.cjs');

const root = path.resolve(__dirname, '..');
let stage;
try {
  stage = deployedStage(process.argv.slice(2), 'npm run deploy -- --stage <stage>');
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const packageDir = path.join('dist', stage);
if (!fs.existsSync(path.join(root, packageDir, 'cloudformation-template-update-stack.json'))) {
  console.error(`No package in ${packageDir}: run \`npm run package -- --stage ${stage}\` first (the pipeline archives it).`);
  process.exit(2);
}
const slsBin = path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js');
const result = spawnSync(process.execPath, [slsBin, 'deploy', '--stage', stage, '--package', packageDir], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status ?? 1);
