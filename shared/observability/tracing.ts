// X-Ray tracing, on or off per stage (`tracing` in config/stages/*.yml): the invocation, its DynamoDB and SES calls
// and its upstream fetch calls as subsegments, written by shared/observability/xray.ts.
// The switches are build-time constants (esbuild `define`), so code behind a false one is dead and not bundled:
//   process.env.TRACING_ENABLED  the stage traces (Lambda's own segment): the trace id goes on the log line.
//   process.env.TRACING_CALLS    this function also calls something downstream (its route has `data` or `iam`;
//                                set per function by config/esbuild-plugins.cjs): only then is the writer bundled.
//                                Functions that call nothing (health, docs, factorial) get Lambda's own segment alone.
/* eslint-disable @typescript-eslint/no-require-imports -- required lazily so that functions without tracing never load it */
import { lambdaTraceHeader } from '#shared/observability/trace-header';
import type * as Xray from '#shared/observability/xray';

export type { Outcome, Subsegment } from '#shared/observability/xray';

const writer = (): typeof Xray => require('#shared/observability/xray') as typeof Xray;

/** Opens the invocation's subsegment; call first thing in a handler. */
export function startInvocationTrace(): void {
  if (process.env.TRACING_CALLS === 'true') writer().startInvocation();
}

/** Ends the invocation's subsegment with the handler's outcome (its status, and the error of a failure). */
export function endInvocationTrace(outcome: Xray.Outcome): void {
  if (process.env.TRACING_CALLS === 'true') writer().endInvocation(outcome);
}

/** A subsegment for one call downstream, or undefined when it is not traced. */
export function traceCall(name: string, fields: Record<string, unknown>): Xray.Subsegment | undefined {
  if (process.env.TRACING_CALLS === 'true') return writer().startSubsegment(name, fields);
  return undefined;
}

/** The AWS SDK client, instrumented so that each call is a subsegment when tracing is on. */
export function traced<Client>(client: Client): Client {
  if (process.env.TRACING_CALLS === 'true') return writer().captureAwsClient(client);
  return client;
}

/** The X-Ray trace id of the current invocation, for the log line, when tracing is on. */
export function currentTraceId(): string | undefined {
  if (process.env.TRACING_ENABLED === 'true') return /Root=([^;]+)/.exec(lambdaTraceHeader() ?? '')?.[1];
  return undefined;
}
