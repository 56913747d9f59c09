// X-Ray subsegments, written as segment documents to the X-Ray daemon's UDP port (the format:
// docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html; the daemon's protocol: a JSON header
// line, then the document, one per datagram). Lambda opens each invocation's segment itself and names it in the
// trace header (_X_AMZN_TRACE_ID): every subsegment here is sent on its own as soon as it ends, with that segment or
// the invocation's subsegment as its parent, as the X-Ray SDK sends them in Lambda.
//
// Why not the X-Ray SDK (through Powertools Tracer): it keeps the current segment in cls-hooked, an async hook on
// every promise and socket of the process, which costs about a quarter of the DynamoDB client's own CPU on every call,
// and about 11 ms of load at cold start (BENCHMARKS.md). An execution environment runs one invocation at a time, so
// the invocation being traced is a module variable here, and what the SDK's context propagation buys a server that
// handles many requests at once is not needed.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { lambdaTraceHeader } from '#shared/observability/trace-header';

/** How a traced piece of work ended: an HTTP status where there is one, the error where it failed. */
export interface Outcome {
  status?: number;
  error?: { name?: string; message?: string };
}

interface Open {
  name: string;
  id: string;
  traceId: string;
  parentId: string;
  startTime: number;
  fields: Record<string, unknown>;
}

/** An open subsegment: end it once, with how its work ended and what it learnt (`aws`, `http` fields). */
export interface Subsegment {
  /** The trace header to pass downstream, so that the callee's segment joins this trace under this subsegment. */
  readonly header: string;
  end(outcome?: Outcome, fields?: Record<string, unknown>): void;
}

const SERVICE = 'serverless-api';
const DAEMON_HEADER = '{"format":"json","version":1}\n';

let invocation: Open | undefined;
let coldStart = true;

/** Epoch seconds, to the microsecond (X-Ray's time format). */
const now = (): number => (performance.timeOrigin + performance.now()) / 1000;
const newId = (): string => randomBytes(8).toString('hex');

interface TraceHeader {
  root: string;
  parent: string;
  sampled: boolean;
}

/** The invocation's trace header, parsed. */
function traceHeader(): TraceHeader | undefined {
  const value = lambdaTraceHeader();
  if (!value) return undefined;
  const parts = new Map(value.split(';').map((part) => part.split('=', 2) as [string, string]));
  const root = parts.get('Root');
  const parent = parts.get('Parent');
  return root && parent ? { root, parent, sampled: parts.get('Sampled') === '1' } : undefined;
}

/** Opens the invocation's subsegment (`## <handler>`, annotated with the cold start), when Lambda samples it. */
export function startInvocation(): void {
  const header = traceHeader();
  const cold = coldStart;
  coldStart = false;
  invocation = header?.sampled
    ? open(`## ${process.env._HANDLER ?? 'handler'}`, header.root, header.parent, { annotations: { ColdStart: cold, Service: SERVICE } })
    : undefined;
}

/** Ends and sends the invocation's subsegment. */
export function endInvocation(outcome: Outcome): void {
  if (invocation) send(close(invocation, outcome, {}));
  invocation = undefined;
}

/** A subsegment of the invocation for one call downstream, or undefined when the invocation is not traced. */
export function startSubsegment(name: string, fields: Record<string, unknown>): Subsegment | undefined {
  if (!invocation) return undefined;
  const segment = open(name, invocation.traceId, invocation.id, fields);
  let ended = false;
  return {
    header: `Root=${segment.traceId};Parent=${segment.id};Sampled=1`,
    end: (outcome = {}, more = {}) => {
      if (ended) return;
      ended = true;
      send(close(segment, outcome, more));
    },
  };
}

function open(name: string, traceId: string, parentId: string, fields: Record<string, unknown>): Open {
  return { name, id: newId(), traceId, parentId, startTime: now(), fields };
}

/** The subsegment's document: X-Ray's flags from the status (429 throttle, 4xx error, 5xx fault), or fault for an error without one. */
function close(segment: Open, { status, error }: Outcome, fields: Record<string, unknown>): Record<string, unknown> {
  const document: Record<string, unknown> = {
    type: 'subsegment',
    name: segment.name,
    id: segment.id,
    trace_id: segment.traceId,
    parent_id: segment.parentId,
    start_time: segment.startTime,
    end_time: now(),
    ...segment.fields,
    ...fields,
  };
  const throttled = status === 429 || /Throttl|TooManyRequests|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(error?.name ?? '');
  if (throttled) document.throttle = true;
  if (status !== undefined && status >= 500) document.fault = true;
  else if (throttled || (status !== undefined && status >= 400)) document.error = true;
  else if (error) document.fault = true;
  if (error && (document.fault || document.error)) {
    document.cause = { exceptions: [{ id: newId(), type: error.name ?? 'Error', message: error.message ?? '' }] };
  }
  return document;
}

// One socket per execution environment, connected to the daemon at the first send; datagrams sent before it is
// connected wait (a few at most), so that none is lost to the cold start. Errors are dropped: a trace must never
// fail a request.
const MAX_WAITING = 64;
let socket: dgram.Socket | undefined;
let connected = false;
const waiting: Buffer[] = [];

function send(document: Record<string, unknown>): void {
  const datagram = Buffer.from(DAEMON_HEADER + JSON.stringify(document));
  if (connected) {
    socket!.send(datagram, ignore);
    return;
  }
  if (waiting.length < MAX_WAITING) waiting.push(datagram);
  if (socket) return;
  const { host, port } = daemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS);
  socket = dgram.createSocket({ type: 'udp4', lookup: resolve }).unref();
  socket.on('error', ignore);
  socket.connect(port, host, () => {
    connected = true;
    for (const queued of waiting.splice(0)) socket!.send(queued, ignore);
  });
}

const ignore = (): void => undefined;

// Lambda names the daemon by IP (169.254.79.129:2000): an IP is answered here, so that the first datagram of a cold
// start does not load the resolver (node:dns and its c-ares channel, about a millisecond). A name is looked up.
const resolve: dgram.SocketOptions['lookup'] = (host, options, callback) => {
  const family = isIP(host);
  if (family) process.nextTick(callback, null, host, family);
  else void import('node:dns').then((dns) => dns.lookup(host, options, callback), (error: Error) => callback(error as NodeJS.ErrnoException, '', 0));
};

/** `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or `tcp:host:port udp:host:port`; the daemon's default is 127.0.0.1:2000. */
export function daemonAddress(value: string | undefined): { host: string; port: number } {
  const udp = value?.split(/\s+/).find((part) => part.startsWith('udp:'))?.slice(4) ?? value?.trim();
  const colon = udp?.lastIndexOf(':') ?? -1;
  if (!udp || colon < 0) return { host: '127.0.0.1', port: 2000 };
  return { host: udp.slice(0, colon), port: Number(udp.slice(colon + 1)) };
}

interface AwsMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}
interface AwsCall {
  input?: Record<string, unknown>;
  request?: unknown;
}
type AwsNext = (call: AwsCall) => Promise<{ output?: { $metadata?: AwsMetadata } }>;
interface AwsClient {
  middlewareStack: {
    add(middleware: (next: AwsNext, context: { clientName?: string; commandName?: string }) => AwsNext, options: { step: 'build'; name: string }): void;
  };
}

/**
 * An AWS SDK v3 client whose every call is a subsegment (namespace `aws`, named after the service, as the X-Ray
 * console draws them): the operation, the region, the request id, the retries, the tables it names; and the trace
 * header passed on. On the build step, as the X-Ray SDK puts it: one subsegment per call, its retries inside.
 */
export function captureAwsClient<Client>(client: Client): Client {
  (client as AwsClient).middlewareStack.add(
    (next, context) => async (call) => {
      const segment = startSubsegment((context.clientName ?? 'AWS').replace(/Client$/, ''), { namespace: 'aws' });
      if (!segment) return next(call);
      const headers = (call.request as { headers?: Record<string, string> } | undefined)?.headers;
      if (headers) headers['X-Amzn-Trace-Id'] = segment.header;
      const aws = (metadata: AwsMetadata | undefined) => ({
        operation: (context.commandName ?? '').replace(/Command$/, ''),
        region: process.env.AWS_REGION,
        request_id: metadata?.requestId,
        retries: Math.max(0, (metadata?.attempts ?? 1) - 1),
        ...tablesOf(call.input ?? {}),
      });
      try {
        const result = await next(call);
        const metadata = result.output?.$metadata;
        segment.end({ status: metadata?.httpStatusCode }, { aws: aws(metadata), http: { response: { status: metadata?.httpStatusCode } } });
        return result;
      } catch (error) {
        const metadata = (error as { $metadata?: AwsMetadata }).$metadata;
        const status = metadata?.httpStatusCode;
        segment.end({ status, error: error as Error }, { aws: aws(metadata), ...(status ? { http: { response: { status } } } : {}) });
        throw error;
      }
    },
    { step: 'build', name: 'xraySubsegment' },
  );
  return client;
}

/** The DynamoDB tables a call names: `table_name` for one (and its index), `table_names` for a batch or a transaction. */
function tablesOf(input: Record<string, unknown>): Record<string, unknown> {
  if (typeof input.TableName === 'string') return { table_name: input.TableName, ...(input.IndexName ? { index_name: input.IndexName } : {}) };
  const names = new Set<string>();
  if (input.RequestItems && typeof input.RequestItems === 'object') for (const name of Object.keys(input.RequestItems)) names.add(name);
  if (Array.isArray(input.TransactItems)) {
    for (const item of input.TransactItems as Record<string, { TableName?: string }>[]) {
      for (const action of Object.values(item)) if (action?.TableName) names.add(action.TableName);
    }
  }
  return names.size ? { table_names: [...names] } : {};
}
