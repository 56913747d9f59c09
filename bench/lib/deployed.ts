// The prod stage's functions as they are deployed, to run on this machine: each function's bundle as packaged
// (full run: `scripts/package-stage.cjs --stage prod`, the zip unpacked into a folder of its own, as Lambda
// unpacks it into /var/task; quick run: the same esbuild options and source maps, built directly, since
// packaging takes a minute) and its own environment from the template (NODE_OPTIONS included), with the
// variables a Lambda runtime sets. Only the data plane is swapped for the local one: DynamoDB Local and the
// bench stage's table names, the bench stage's token settings (prod verifies Cognito tokens through its JWKS
// URL, unreachable here) and the upstream stand-in. X-Ray's UDP goes to a local sink (`XraySink`).
import { build } from 'esbuild';
import JSZip from 'jszip';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { packageStages } from '../../scripts/package-stage.cjs';
import { stageSettings } from '../../scripts/local-settings';
import { deployBuildOptions } from '../sections/bundles';
import { root, type BenchFunction } from './catalog';

export const DEPLOYED_STAGE = 'prod';

export interface Deployed {
  /** The handler's bundle, absolute. */
  bundle: string;
  /** The function's unpacked package: Lambda's /var/task. */
  taskRoot: string;
  /** The function's whole process environment. */
  env: Record<string, string>;
}

/** Variables of the bench stage that stand in for prod's data plane, where the function has the variable. */
const DATA_PLANE = /^(DYNAMODB_ENDPOINT|[A-Z_]+_TABLE|AUTH_[A-Z0-9_]+|POKEAPI_URL|SHAKESPEARE_URL)$/;

/** What the Lambda runtime sets for every function (the SDK itself comes from the runtime: NODE_PATH). */
export function lambdaRuntimeEnv(name: string, taskRoot: string, handler: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: `serverless-api-${DEPLOYED_STAGE}-${name}`,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: handler,
    _X_AMZN_TRACE_ID: 'Root=1-67000000-000000000000000000000001;Parent=53995c3f42cd8ad8;Sampled=1',
    NODE_PATH: path.join(root, 'node_modules'),
  };
}

/** The environment of a deployed function here: its template environment, the data plane swapped. */
function environmentOf(fn: BenchFunction, template: Record<string, string>, taskRoot: string, xrayAddress: string): Record<string, string> {
  const bench = process.env as Record<string, string>;
  const env: Record<string, string> = { ...template };
  for (const key of Object.keys(bench)) {
    if (DATA_PLANE.test(key) && (key in template || (key === 'DYNAMODB_ENDPOINT' && 'DYNAMODB_MAX_ATTEMPTS' in template) || (key.startsWith('AUTH_') && 'AUTH_ALGORITHM' in template))) {
      env[key] = bench[key]!;
    }
  }
  if (!('AUTH_HS256_SECRET' in bench)) delete env.AUTH_HS256_SECRET;
  if ('AUTH_ALGORITHM' in env && !bench.AUTH_JWKS_URL) delete env.AUTH_JWKS_URL;
  return {
    PATH: bench.PATH ?? '',
    HOME: bench.HOME ?? '/tmp',
    AWS_REGION: bench.AWS_REGION ?? 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...lambdaRuntimeEnv(fn.name, taskRoot, fn.handler),
    AWS_XRAY_DAEMON_ADDRESS: xrayAddress,
    ...env,
  };
}

interface TemplateFunction {
  Type: string;
  Properties: { Handler: string; Code: { S3Key: string }; Environment?: { Variables?: Record<string, string> } };
}

/** The prod build of every function, ready to run here. */
export async function deployedFunctions(functions: BenchFunction[], dir: string, mode: 'packaged' | 'built', xrayAddress: string): Promise<Map<string, Deployed>> {
  const deployed = new Map<string, Deployed>();
  if (mode === 'packaged') {
    const [packageDir] = await packageStages([DEPLOYED_STAGE], path.join(dir, 'package'));
    const template = JSON.parse(fs.readFileSync(path.join(packageDir!, 'cloudformation-template-update-stack.json'), 'utf8')) as {
      Resources: Record<string, TemplateFunction>;
    };
    const byHandler = new Map(
      Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::Lambda::Function')
        .map((resource) => [resource.Properties.Handler, resource.Properties]),
    );
    for (const fn of functions) {
      const properties = byHandler.get(fn.handler);
      if (!properties) throw new Error(`${fn.name}: not in the ${DEPLOYED_STAGE} template`);
      const taskRoot = path.join(dir, 'task', fn.name);
      const zip = await JSZip.loadAsync(fs.readFileSync(path.join(packageDir!, path.basename(properties.Code.S3Key))));
      for (const [name, entry] of Object.entries(zip.files)) {
        if (entry.dir) continue;
        fs.mkdirSync(path.dirname(path.join(taskRoot, name)), { recursive: true });
        fs.writeFileSync(path.join(taskRoot, name), await entry.async('nodebuffer'));
      }
      const bundle = path.join(taskRoot, fn.handler.slice(0, fn.handler.lastIndexOf('.')) + '.js');
      deployed.set(fn.name, { bundle, taskRoot, env: environmentOf(fn, properties.Environment?.Variables ?? {}, taskRoot, xrayAddress) });
    }
    return deployed;
  }
  const settings = stageSettings(DEPLOYED_STAGE);
  for (const fn of functions) {
    const taskRoot = path.join(dir, 'task', fn.name);
    const bundle = path.join(taskRoot, fn.handler.slice(0, fn.handler.lastIndexOf('.')) + '.js');
    await build({ ...deployBuildOptions(DEPLOYED_STAGE), sourcemap: 'linked', entryPoints: [fn.sourceFile], outfile: bundle });
    // The files the function reads at run time go beside its bundle, as packaging puts them (the docs' assets).
    for (const file of settings.functions[fn.name]!.package?.patterns ?? []) {
      fs.mkdirSync(path.dirname(path.join(taskRoot, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(taskRoot, file));
    }
    const template = { ...settings.providerEnvironment, ...settings.functions[fn.name]!.environment };
    deployed.set(fn.name, { bundle, taskRoot, env: environmentOf(fn, template, taskRoot, xrayAddress) });
  }
  return deployed;
}

/** A UDP socket standing in for the X-Ray daemon: counts the segment documents the functions send. */
export class XraySink {
  datagrams = 0;
  private readonly socket = dgram.createSocket('udp4');
  async start(): Promise<string> {
    this.socket.on('message', () => (this.datagrams += 1));
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return `127.0.0.1:${this.socket.address().port}`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
