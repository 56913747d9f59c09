// `npm run package -- --stage dev [--stage prod ...] | --all [--out dist]`
// Packages stages offline with `sls package --stage X --package <out>/X`: the CloudFormation template and one
// zip per function, ready for `sls deploy --stage X --package <out>/X`. No AWS credentials needed.
// Stages are packaged one after the other (serverless-esbuild passes every zip through the project's one
// .serverless/ folder, so two packagings at once would take each other's zips), each in its own esbuild
// work folder, so that packaging never removes the bundles a running `sls offline` serves from .esbuild/.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const slsBin = path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js');

const allStages = () =>
  fs
    .readdirSync(path.join(root, 'config', 'stages'))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => name.slice(0, -4))
    .sort();

function packageOne(stage, outDir) {
  const target = path.join(outDir, stage);
  fs.rmSync(target, { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [slsBin, 'package', '--stage', stage, '--package', target], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: path.join('.esbuild', `package-${stage}`) },
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(target);
      else reject(new Error(`sls package --stage ${stage} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Packages the stages into `<outDir>/<stage>/`; resolves with the folders, in the order given. */
async function packageStages(stages, outDir = path.join(root, 'dist')) {
  const folders = [];
  for (const stage of stages) folders.push(await packageOne(stage, outDir));
  return folders;
}

function parseArgs(argv) {
  const stages = [];
  let out = path.join(root, 'dist');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--stage') stages.push(argv[++i]);
    else if (argv[i] === '--all') stages.push(...allStages());
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else throw new Error(`Unknown argument ${argv[i]}. Usage: npm run package -- --stage <stage> [--stage ...] | --all [--out dist]`);
  }
  if (stages.length === 0 || stages.some((stage) => !stage)) {
    throw new Error(`Say which stage: --stage <${allStages().join('|')}> or --all`);
  }
  return { stages: [...new Set(stages)], out };
}

if (require.main === module) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const started = Date.now();
  packageStages(args.stages, args.out).then(
    (folders) => {
      for (const folder of folders) console.log(`packaged ${path.relative(root, folder) || folder}`);
      console.log(`${folders.length} stage(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}

module.exports = { packageStages, allStages };
