// The invocation's X-Ray trace header, as Lambda gives it: the runtime's per-invocation store where it has one,
// else the variable it sets for each invocation. Read by the log line (its trace id) and the X-Ray writer alike.
type Runtime = { awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } } };

export function lambdaTraceHeader(): string | undefined {
  return (globalThis as Runtime).awslambda?.InvokeStore?.getXRayTraceId?.() ?? process.env._X_AMZN_TRACE_ID;
}
