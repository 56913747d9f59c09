// esbuild plugins for serverless-esbuild (`custom.esbuild.plugins`), which bundles each function on its own
// with one set of options: this gives each function's bundle its own build-time switches.
//   process.env.TRACING_CALLS  "true" only in the bundles of functions that call something downstream (their
//   route has `data` or `iam`) in a stage that traces: only those bundle the X-Ray SDK (Powertools Tracer), for
//   their calls' subsegments. The others (health, docs, factorial...) still get Lambda's own trace and the
//   trace id on their log line (process.env.TRACING_ENABLED, stage-wide), without the SDK's load at cold start.
'use strict';

const path = require('node:path');

/** `tracedHandlers`: the handler source files (relative to the project) whose bundles trace their calls. */
function perFunctionSwitches(tracedHandlers, root = process.cwd()) {
  const traced = new Set(tracedHandlers);
  return {
    name: 'per-function-switches',
    setup(build) {
      const entries = build.initialOptions.entryPoints;
      const entry = Array.isArray(entries) && entries.length === 1 && typeof entries[0] === 'string' ? entries[0] : undefined;
      if (!entry) return;
      const relative = path.relative(build.initialOptions.absWorkingDir ?? root, path.resolve(root, entry)).split(path.sep).join('/');
      build.initialOptions.define = { ...build.initialOptions.define, 'process.env.TRACING_CALLS': JSON.stringify(String(traced.has(relative))) };
    },
  };
}

module.exports = (serverless) => [perFunctionSwitches(serverless.service.custom.settings.tracedHandlers, serverless.config.servicePath)];
module.exports.perFunctionSwitches = perFunctionSwitches;
