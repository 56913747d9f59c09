// X-Ray tracing through Powertools Tracer, on or off per stage (`tracing` in config/stages/*.yml).
// The switch is a build-time constant: serverless.yml has esbuild `define` process.env.TRACING_ENABLED
// as "true" or "false", so in a stage without tracing this code is dead and the tracer is not even bundled.
// With tracing on: a segment per invocation (Middy middleware), DynamoDB calls as subsegments
// (captureAWSv3Client), upstream fetch calls as subsegments (the tracer instruments fetch), and the
// trace id on the request's log line.
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
  if (process.env.TRACING_ENABLED === 'true') {
    const { captureLambdaHandler } = require('@aws-lambda-powertools/tracer/middleware') as typeof import('@aws-lambda-powertools/tracer/middleware');
    return captureLambdaHandler(instance());
  }
  return undefined;
}

/** The AWS SDK client, instrumented so that each call is a subsegment when tracing is on. */
export function traced<Client>(client: Client): Client {
  if (process.env.TRACING_ENABLED === 'true') return instance().captureAWSv3Client(client);
  return client;
}

/** The X-Ray trace id of the current invocation, for the log line, when tracing is on. */
export function currentTraceId(): string | undefined {
  if (process.env.TRACING_ENABLED === 'true') return /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1];
  return undefined;
}
