// Local-stage helpers around serverless-dynamodb, for `sls offline start`:
//   - before DynamoDB Local starts: fail with one clear line if Java is missing;
//   - after the tables are created: turn on TTL where a table declares it (the plugin's
//     migration drops TimeToLiveSpecification) and load the demo data through the domain code.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

class LocalDynamoDb {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.hooks = {
      'before:offline:start:init': () => this.checkJava(),
      'offline:start:init': () => this.prepareTables(),
    };
  }

  get settings() {
    return require('../config/serverless.cjs').settingsFor(this.serverless.service.provider.stage);
  }

  checkJava() {
    if (!this.settings.isLocal || this.settings.dynamodbLocal.noStart) return;
    const java = spawnSync('java', ['-version'], { encoding: 'utf8', env: process.env });
    if (java.error || java.status !== 0) {
      throw new this.serverless.classes.Error(
        'DynamoDB Local needs Java 17 or later: install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) and run again.',
      );
    }
  }

  async prepareTables() {
    if (!this.settings.isLocal) return;
    const script = path.join(__dirname, '..', 'scripts', 'prepare-local-tables.ts');
    const args = [require.resolve('tsx/cli'), script, '--stage', this.settings.stage];
    if (this.settings.seed) args.push('--seed');
    const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
    if (result.status !== 0) throw new this.serverless.classes.Error('Preparing the local tables failed (see above).');
  }
}

module.exports = LocalDynamoDb;
