// Handlers in process, and the valid request of each route ready to send (see examples.ts).
// A handler is loaded from its deployment bundle (built like serverless-esbuild builds it, for the bench
// stage): the code that runs is the code that ships, each function with its own module instances (its own
// config and DynamoDB client, as in its own Lambda). It also sidesteps Middy being ESM-only under tsx.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { apiGatewayEvent, invoke, lambdaContext, type InvokeResult } from '../../test/helpers/lambda';
import { signLocalToken } from '../../scripts/local-token';
import type { BenchFunction } from './catalog';
import { eventInput, exampleFor, type ExampleContext, type ExampleRequest } from './examples';
import { BENCH_STAGE } from './environment';
import { bundleEntry } from '../sections/bundles';

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<{ statusCode?: number; body?: string }>;

export interface PreparedSample {
  event: APIGatewayProxyEventV2;
  /** Untimed clean-up once the answer is known. */
  after(response: { statusCode: number; body: unknown }): Promise<void>;
}

export class Harness {
  private readonly handlers = new Map<string, Handler>();
  private readonly bundles = new Map<string, Promise<string>>();
  private readonly fixtures = new Map<string, Promise<unknown>>();
  private readonly tokens = new Map<string, Promise<string>>();
  private counter = 0;
  private readonly runId = randomBytes(3).toString('hex');

  constructor(
    readonly functions: BenchFunction[],
    private readonly bundleDir: string,
  ) {}

  /** The function's deployment bundle for the bench stage (built once), as a file path. */
  bundle(fn: Pick<BenchFunction, 'name' | 'sourceFile'>): Promise<string> {
    if (!this.bundles.has(fn.name)) {
      const file = path.join(this.bundleDir, `${fn.name}.js`);
      this.bundles.set(fn.name, bundleEntry(fn.sourceFile, file, BENCH_STAGE).then(() => file));
    }
    return this.bundles.get(fn.name)!;
  }

  /** The function's exported handler, loaded from its bundle. */
  async handler(fn: BenchFunction): Promise<Handler> {
    if (!this.handlers.has(fn.name)) {
      const module = createRequire(__filename)(await this.bundle(fn)) as Record<string, Handler>;
      const handler = module[fn.exportName];
      if (typeof handler !== 'function') throw new Error(`${fn.handler}: no exported function "${fn.exportName}"`);
      this.handlers.set(fn.name, handler);
    }
    return this.handlers.get(fn.name)!;
  }

  byOperation(operationId: string): BenchFunction {
    const fn = this.functions.find((candidate) => candidate.route?.operationId === operationId);
    if (!fn) throw new Error(`No function serves operation ${operationId} in stage ${BENCH_STAGE}`);
    return fn;
  }

  /** A token unique to this run and sample: letters and digits only. */
  unique(): string {
    this.counter += 1;
    return `${this.runId}x${this.counter}`;
  }

  private context(unique: string): ExampleContext {
    return {
      unique,
      made: {},
      bearer: async (scope) => {
        if (!this.tokens.has(scope)) this.tokens.set(scope, signLocalToken({ stage: BENCH_STAGE, scope, subject: 'bench', expiresIn: '2h' }));
        return { authorization: `Bearer ${await this.tokens.get(scope)!}` };
      },
      invoke: (operationId, request) => this.invokeOperation(operationId, request),
      once: <T>(key: string, make: () => Promise<T>) => {
        if (!this.fixtures.has(key)) this.fixtures.set(key, make());
        return this.fixtures.get(key) as Promise<T>;
      },
    };
  }

  async invokeOperation(operationId: string, request: ExampleRequest): Promise<InvokeResult> {
    const fn = this.byOperation(operationId);
    const result = await invoke(await this.handler(fn), eventInput(fn.route, request));
    if (result.statusCode >= 400) {
      throw new Error(`Preparing a sample: ${operationId} answered ${result.statusCode} ${result.rawBody ?? ''}`);
    }
    return result;
  }

  /** The next sample's event for a function, with whatever it needs already in the database. */
  async prepare(fn: BenchFunction, unique = this.unique()): Promise<PreparedSample> {
    if (!fn.route) throw new Error(`${fn.name}: no route module describes ${fn.routeKey}`);
    const example = exampleFor(fn.route);
    const ctx = this.context(unique);
    const event = apiGatewayEvent(eventInput(fn.route, await example.request(ctx)));
    return { event, after: async (response) => example.after?.(ctx, response) };
  }

  /** Runs one prepared sample through the handler in process, untimed; the answer's status and parsed body. */
  async run(fn: BenchFunction, sample: PreparedSample): Promise<{ statusCode: number; body: unknown }> {
    const response = await (await this.handler(fn))(sample.event, lambdaContext());
    return { statusCode: response.statusCode ?? 200, body: parseBody(response.body) };
  }
}

export function parseBody(body: string | undefined): unknown {
  try {
    return body === undefined ? undefined : JSON.parse(body);
  } catch {
    return body;
  }
}
