// The cold-start floor of a DynamoDB function, in a fresh node process: load the AWS SDK's DynamoDB client
// (as the runtime ships it), create it configured as shared/dynamo/client.ts configures ours, make the same
// calls the function makes for one request, print what it took as one JSON line on fd 3, exit.
//   node bare-cold-runner.cjs   (the calls in BENCH_COMMANDS: v8-serialized, base64; the client's bounds and
//   endpoint in the function's DYNAMODB_* variables)
'use strict';

require('./lambda-runtime.cjs'); // what the Lambda runtime has loaded before any handler
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
const v8 = require('node:v8');
const { Buffer } = require('node:buffer');

const startedAt = performance.now();
const cpuAtStart = process.cpuUsage();
const commands = v8.deserialize(Buffer.from(process.env.BENCH_COMMANDS, 'base64'));
const report = (line) => {
  fs.writeSync(3, `${JSON.stringify(line)}\n`);
  process.exit(line.error ? 1 : 0);
};

const run = async () => {
  const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
  const documents = require('@aws-sdk/lib-dynamodb');
  const low = require('@aws-sdk/client-dynamodb');
  const env = process.env;
  const client = documents.DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: env.DYNAMODB_ENDPOINT,
      maxAttempts: Number(env.DYNAMODB_MAX_ATTEMPTS || 3),
      requestHandler: {
        connectionTimeout: Number(env.DYNAMODB_CONNECTION_TIMEOUT_MS || 500),
        requestTimeout: Number(env.DYNAMODB_REQUEST_TIMEOUT_MS || 1000),
        throwOnRequestTimeout: true,
      },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const loadedAt = performance.now();
  let last = {};
  for (const { name, input } of commands) {
    const Command = documents[name] ?? low[name];
    try {
      last = await client.send(new Command(input));
    } catch (error) {
      last = { error: error.name }; // a replayed write may meet a condition that no longer holds
    }
  }
  const body = JSON.stringify(last.Item ?? last.Items ?? last.Attributes ?? {});
  const cpu = process.cpuUsage(cpuAtStart);
  return { bootMs: startedAt, loadMs: loadedAt - startedAt, invokeMs: performance.now() - loadedAt, cpuMs: (cpu.user + cpu.system) / 1000, statusCode: 200, body };
};

run().then(report, (error) => report({ error: String(error && error.stack) }));
