// A warm function instance in a process of its own: loads one function's bundle with that function's own
// environment, then serves the events its parent sends (IPC, structured clone) one at a time, and answers
// with the handler's time measured here (no IPC in the figure). Used by bench/sections/warm.ts to compare
// the prod build with the local one, each as its own Lambda instance would run it.
//   fork('function-host.cjs', [bundle, exportName])  messages: { event } -> { ms, statusCode, body }
'use strict';

const { performance } = require('node:perf_hooks');
const { lambdaContext } = require('./lambda-context.cjs');

const [bundle, exportName] = process.argv.slice(2);
const handler = require(bundle)[exportName];
let invocation = 0;

process.on('message', async ({ event }) => {
  invocation += 1;
  const context = lambdaContext(event, process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench');
  // Lambda gives each invocation its own trace header.
  process.env._X_AMZN_TRACE_ID = `Root=1-${(0x67000000 + invocation).toString(16)}-${'0'.repeat(16)}${invocation.toString(16).padStart(8, '0')};Parent=53995c3f42cd8ad8;Sampled=1`;
  try {
    const start = performance.now();
    const response = await handler(event, context);
    const ms = performance.now() - start;
    process.send({ ms, statusCode: response.statusCode ?? 200, body: response.body });
  } catch (error) {
    process.send({ error: String(error && error.stack) });
  }
});
process.send({ ready: true });
