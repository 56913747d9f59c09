// X-Ray tracing through Powertools Tracer, on or off per stage (`tracing` in config/stages/*.yml).
// The switches are build-time constants (esbuild `define`), so code behind a false one is dead and not bundled:
//   process.env.TRACING_ENABLED  the stage traces (Lambda's own segment): the trace id goes on the log line.
//   process.env.TRACING_CALLS    this function also calls something downstream (its route has `data` or `iam`;
//                                set per function by config/esbuild-plugins.cjs): only then is the tracer bundled,
//                                with a subsegment per invocation (Middy middleware), DynamoDB calls as
//                                subsegments (captureAWSv3Client) and upstream fetch calls (the tracer
//                                instruments fetch). Functions that call nothing (health, docs, factorial) do
//                                not pay the X-Ray SDK's load and async hook at cold start for an empty trace.
/* eslint-disable @typescript-eslint/no-require-imports -- required lazily so that stages without tracing never load them */
import type middy from '@middy/core';
import type { Tracer } from '@aws-lambda-powertools/tracer';

let tracer: Tracer | undefined;

function instance(): Tracer {
  const { Tracer: TracerClass } = require('@aws-lambda-powertools/tracer') as typeof import('@aws-lambda-powertools/tracer');
  tracer ??= new TracerClass({ serviceName: 'serverless-api' });
  return tracer;
}

/** The Middy middleware that opens the invocation's segment, or nothing when tracing is off. */
export function tracingMiddleware(): middy.MiddlewareObj | undefined {
  if (process.env.TRACING_CALLS === 'true') {
    const { captureLambdaHandler } = require('@aws-lambda-powertools/tracer/middleware') as typeof import('@aws-lambda-powertools/tracer/middleware');
    return captureLambdaHandler(instance());
  }
  return undefined;
}

/** The AWS SDK client, instrumented so that each call is a subsegment when tracing is on. */
export function traced<Client>(client: Client): Client {
  if (process.env.TRACING_CALLS === 'true') return instance().captureAWSv3Client(client);
  return client;
}

/** The X-Ray trace id of the current invocation, for the log line, when tracing is on. */
export function currentTraceId(): string | undefined {
  if (process.env.TRACING_ENABLED === 'true') return /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1];
  return undefined;
}
