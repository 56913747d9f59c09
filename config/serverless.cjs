// The entry serverless.yml reads (`${file(./config/serverless.cjs)}`): the typed builder in config/settings.ts.
// The framework can only require JavaScript, so esbuild (already the project's bundler) compiles the builder and the
// route specs it reads into one CommonJS module in memory; packages stay external and load as usual. That is about
// twice as fast as a TypeScript require hook here. Scripts and tests import config/settings.ts directly.
'use strict';

const Module = require('node:module');
const path = require('node:path');
const { buildSync } = require('esbuild');

function requireTypeScript(entry) {
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const compiled = new Module(entry, module);
  compiled.filename = entry;
  compiled.paths = Module._nodeModulePaths(path.dirname(entry));
  compiled._compile(outputFiles[0].text, entry);
  return compiled.exports;
}

const { settingsFor } = requireTypeScript(path.join(__dirname, 'settings.ts'));

module.exports = async ({ resolveVariable }) => settingsFor(await resolveVariable('sls:stage'));
module.exports.settingsFor = settingsFor;
