// `npm run rollback -- --stage <stage> [--timestamp <ms>]`: returns a deployed stage to the deployment before
// its current one, with the framework's own rollback. Each `sls deploy` keeps its compiled CloudFormation
// template and its zips in the deployment bucket under a timestamp (the last five by default);
// `sls rollback --timestamp T` updates the stack with deployment T's template, which points at T's zips.
// This script reads those deployments from `sls deploy list`, takes the newest but one (the newest is the one
// the stage runs now), and rolls back to it. Run twice, it stays there: a rollback uploads no new deployment.
// `--timestamp` picks another deployment of the list. Needs the AWS credentials of the stage's account.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { deployedStage } = require('./deployed-stage.cjs');

const root = path.resolve(__dirname, '..');
const USAGE = 'npm run rollback -- --stage <stage> [--timestamp <ms from `sls deploy list`>]';
/** The file that makes a deployment one `sls rollback` can return to (osls: naming.getCompiledTemplateS3Suffix). */
const TEMPLATE = 'compiled-cloudformation-template.json';

/**
 * The deployments that `sls deploy list` printed, oldest first. It prints, per deployment:
 * `2026-12-01 20:00:00 UTC`, `Timestamp: 1764619200000`, `Files:`, then one `  - <file>` line per file.
 */
function deploymentsIn(listOutput) {
  const deployments = [];
  for (const line of listOutput.split('\n')) {
    const timestamp = /^Timestamp: (\d+)\s*$/.exec(line);
    const file = /^\s+- (.+?)\s*$/.exec(line);
    if (timestamp) deployments.push({ timestamp: timestamp[1], files: [] });
    else if (file && deployments.length > 0) deployments.at(-1).files.push(file[1]);
  }
  return deployments
    .filter((deployment) => deployment.files.includes(TEMPLATE))
    .sort((a, b) => Number(a.timestamp) - Number(b.timestamp));
}

const when = (timestamp) => new Date(Number(timestamp)).toISOString();

/** The deployment to return to: the one asked for, or the newest but one. Throws with a message for the operator. */
function rollbackTarget(deployments, requested) {
  if (requested !== undefined) {
    if (!deployments.some((deployment) => deployment.timestamp === requested)) {
      throw new Error(`No deployment with timestamp ${requested}; the stage has: ${deployments.map((d) => d.timestamp).join(', ') || 'none'}.`);
    }
    return requested;
  }
  if (deployments.length < 2) {
    throw new Error(`Nothing to roll back to: the deployment bucket holds ${deployments.length} deployment(s) of this stage.`);
  }
  return deployments.at(-2).timestamp;
}

/** Runs the framework's CLI in the project, with the same environment as `npm run deploy`. */
function runSls(args, { capture = false } = {}) {
  const slsBin = path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const result = spawnSync(process.execPath, [slsBin, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? '' };
}

/** Lists the stage's deployments and rolls back to the target; returns the exit status. */
function rollBack(stage, requestedTimestamp, sls = runSls, log = console) {
  const list = sls(['deploy', 'list', '--stage', stage], { capture: true });
  if (list.status !== 0) {
    log.error(list.stdout.trim()); // the framework prints its error on stdout
    log.error(`sls deploy list --stage ${stage} failed (exit ${list.status}): nothing rolled back.`);
    return list.status;
  }
  const deployments = deploymentsIn(list.stdout);
  let target;
  try {
    target = rollbackTarget(deployments, requestedTimestamp);
  } catch (error) {
    log.error(`${stage}: ${error.message}`);
    return 1;
  }
  const current = deployments.at(-1);
  log.log(`${stage}: newest deployment ${current.timestamp} (${when(current.timestamp)}); rolling back to ${target} (${when(target)})`);
  return sls(['rollback', '--stage', stage, '--timestamp', target]).status;
}

function optionValue(argv, name) {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  let stage;
  try {
    stage = deployedStage(argv, USAGE);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const timestamp = optionValue(argv, '--timestamp');
  if (argv.includes('--timestamp') && !/^\d+$/.test(timestamp ?? '')) {
    console.error(`Usage: ${USAGE}`);
    process.exit(2);
  }
  process.exit(rollBack(stage, timestamp));
}

module.exports = { deploymentsIn, rollbackTarget, rollBack };
