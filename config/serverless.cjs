// The entry serverless.yml reads (`${file(./config/serverless.cjs)}`): the typed builder in config/settings.ts,
// loaded through tsx, since the framework can only require JavaScript. Scripts and tests import settings.ts.
'use strict';

const { require: requireTs } = require('tsx/cjs/api');

const { settingsFor } = requireTs('./settings.ts', __filename);

module.exports = async ({ resolveVariable }) => settingsFor(await resolveVariable('sls:stage'));
module.exports.settingsFor = settingsFor;
