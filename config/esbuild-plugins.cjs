// esbuild plugins for serverless-esbuild (`custom.esbuild.plugins`), which bundles each function on its own
// with one set of options: this gives each function's bundle its own build-time switches.
//   process.env.TRACING_CALLS  "true" only in the bundles of functions that call something downstream (their
//   route has `data` or `iam`) in a stage that traces: only those bundle the X-Ray writer (shared/observability/xray.ts),
//   for their calls' subsegments. The others (health, docs, factorial...) still get Lambda's own trace and the
//   trace id on their log line (process.env.TRACING_ENABLED, stage-wide), without the writer.
//   PACKAGED_OPENAPI_DOCUMENT  in the deployed stages, the OpenAPI document's function gets the document itself,
//   built now (see functions/platform/open-api-document.ts).
'use strict';

const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { buildSync } = require('esbuild');

/** The entry (a handler source file, relative to the project) of a one-function build, as serverless-esbuild makes them. */
function entryOf(build, root) {
  const entries = build.initialOptions.entryPoints;
  const entry = Array.isArray(entries) && entries.length === 1 && typeof entries[0] === 'string' ? entries[0] : undefined;
  return entry && path.relative(build.initialOptions.absWorkingDir ?? root, path.resolve(root, entry)).split(path.sep).join('/');
}

/** `tracedHandlers`: the handler source files (relative to the project) whose bundles trace their calls. */
function perFunctionSwitches(tracedHandlers, root = process.cwd()) {
  const traced = new Set(tracedHandlers);
  return {
    name: 'per-function-switches',
    setup(build) {
      const entry = entryOf(build, root);
      if (!entry) return;
      build.initialOptions.define = { ...build.initialOptions.define, 'process.env.TRACING_CALLS': JSON.stringify(String(traced.has(entry))) };
    },
  };
}

// What the function does at cold start when its document is not packaged, as a program that prints the document.
const printDocument = `
import { config } from '#shared/config/index';
import { openApiDocument } from '#shared/openapi/document';
process.stdout.write(JSON.stringify(openApiDocument(config())));
`;

/** The document the function would build with `environment`: built in a fresh Node process that has only that environment. */
async function documentText(environment, root) {
  const program = buildSync({
    stdin: { contents: printDocument, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'silent',
  }).outputFiles[0].text;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', program], {
    cwd: root,
    env: { PATH: process.env.PATH, ...environment },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** `packaged` (settings.packagedDocument): the document function's handler file and environment, in stages that package it. */
function packagedDocument(packaged, root = process.cwd()) {
  return {
    name: 'packaged-openapi-document',
    async setup(build) {
      if (!packaged || entryOf(build, root) !== packaged.handler) return;
      const text = await documentText(packaged.environment, root);
      build.initialOptions.define = { ...build.initialOptions.define, PACKAGED_OPENAPI_DOCUMENT: JSON.stringify(text) };
    },
  };
}

module.exports = (serverless) => {
  const { settings } = serverless.service.custom;
  const root = serverless.config.servicePath;
  return [perFunctionSwitches(settings.tracedHandlers, root), packagedDocument(settings.packagedDocument, root)];
};
module.exports.perFunctionSwitches = perFunctionSwitches;
module.exports.packagedDocument = packagedDocument;
