// The `--stage <stage>` of the scripts that act on a deployed stack (deploy, rollback): a stage of
// config/stages that is deployed, not one of those that run on this machine.
'use strict';

/** The deployed stage that `--stage` names; otherwise an Error whose message says what to type instead. */
function deployedStage(argv, usage) {
  const index = argv.indexOf('--stage');
  const stage = index === -1 ? undefined : argv[index + 1];
  if (!stage || stage.startsWith('-')) throw new Error(`Usage: ${usage}`);
  const { settingsFor } = require('../config/serverless.cjs');
  if (settingsFor(stage).isLocal) {
    throw new Error(`Stage "${stage}" runs on this machine (npm start / npm test); it is not deployed.`);
  }
  return stage;
}

module.exports = { deployedStage };
