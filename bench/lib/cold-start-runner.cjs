// One cold start, in a fresh node process: load a function's bundle, serve one API Gateway v2 event,
// print what it took as one JSON line on fd 3 (stdout is the function's own: its log lines), exit.
// Used by bench/sections/cold-start.ts.
//   node cold-start-runner.cjs <bundle.js> <export name>   (the event as JSON in BENCH_EVENT)
'use strict';

require('./lambda-runtime.cjs'); // what the Lambda runtime has loaded before any handler
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
const { lambdaContext } = require('./lambda-context.cjs');

const startedAt = performance.now(); // ms since this process started: node's own boot
const cpuAtStart = process.cpuUsage();
const [bundle, exportName] = process.argv.slice(2);
const event = JSON.parse(process.env.BENCH_EVENT);
const context = lambdaContext(event);

const handler = require(bundle)[exportName];
const loadedAt = performance.now();
Promise.resolve(handler(event, context)).then(
  (response) => {
    const answeredAt = performance.now();
    const cpu = process.cpuUsage(cpuAtStart);
    const line = JSON.stringify({
      bootMs: startedAt,
      loadMs: loadedAt - startedAt,
      invokeMs: answeredAt - loadedAt,
      // CPU time of loading and the first invocation: far less sensitive than wall time to other processes.
      cpuMs: (cpu.user + cpu.system) / 1000,
      statusCode: response.statusCode,
      body: response.body,
    });
    fs.writeSync(3, `${line}\n`);
    process.exit(0);
  },
  (error) => {
    fs.writeSync(3, `${JSON.stringify({ error: String(error && error.stack) })}\n`);
    process.exit(1);
  },
);
