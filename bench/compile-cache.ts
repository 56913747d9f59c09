// Can Node's module compile cache (NODE_COMPILE_CACHE, Node 22.1+) take cost out of a cold start in Lambda?
// `npm run bench:compile-cache` (Linux, as root: it needs `unshare -m` for mount namespaces) answers it in
// Lambda's own layout, simulated: each sample is a fresh process in a mount namespace of its own where the
// function's package is mounted read-only at /var/task (as Lambda unpacks it) and the AWS SDK read-only at
// /var/runtime/node_modules (the runtime's copy; NODE_PATH points there, as in Lambda). Variants, round-robin:
//   deployed             the prod bundle as deployed today (SDK external), no cache;
//   + packaged cache     the same, with a cache made at package time in /var/task/.node-compile-cache by one
//                        run of the function, with the SDK at another path: in Lambda the runtime's SDK is not
//                        the one we package with, so only our bundle's own entry can hit;
//   SDK bundled          the prod bundle with the SDK inside it, no cache;
//   SDK bundled + cache  the same with its packaged cache: everything that loads is ours, so all of it can hit;
//   /tmp cache           NODE_COMPILE_CACHE in /tmp, empty as in every new Lambda instance: the cost of writing it;
//   no namespace         the deployed bundle where it was built, as the main benchmark runs it: a control, showing
//                        that the simulated layout itself changes nothing.
// The figures are the in-process ones (load + first invocation, wall and CPU): the namespace's own set-up is
// outside them. Results: bench/results/compile-cache.json, and a table on stdout (BENCHMARKS.md says what follows).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { benchFunctions, root, type BenchFunction } from './lib/catalog';
import { deployedFunctions, DEPLOYED_STAGE, type Deployed } from './lib/deployed';
import { BENCH_STAGE } from './lib/environment';
import { Harness } from './lib/harness';
import { ratio, round } from './lib/stats';
import { runMain, withBenchServers } from './lib/main';
import { deployBuildOptions } from './sections/bundles';
import { coldStart, coldStartRunner, figures, sampleNode, type Sample, type Spawnable } from './sections/cold-start';

const FUNCTIONS = ['getUser', 'postEvents', 'health'];
const TASK = '/var/task';
const RUNTIME_MODULES = '/var/runtime/node_modules';
/** Where the SDK is when the cache is made: not where the runtime's is, as in Lambda. */
const PACKAGE_TIME_MODULES = '/opt/package-time/node_modules';
const CACHE = `${TASK}/.node-compile-cache`;

type Variant = 'deployed' | 'deployed + packaged cache' | 'SDK bundled' | 'SDK bundled + packaged cache' | 'deployed + /tmp cache' | 'deployed, no namespace';
const VARIANTS: Variant[] = [
  'deployed',
  'deployed + packaged cache',
  'SDK bundled',
  'SDK bundled + packaged cache',
  'deployed + /tmp cache',
  'deployed, no namespace',
];

interface Build {
  taskRoot: string;
  /** The bundle's path inside /var/task. */
  bundle: string;
  env: Record<string, string>;
}

const progress = (message: string) => process.stderr.write(`[compile-cache ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * A fresh node in a mount namespace of its own: `taskRoot` at /var/task (read-only unless `writable`), the
 * repository's node_modules at `modulesAt` (read-only), then the cold-start runner on the bundle.
 */
function inLambdaLayout(fn: BenchFunction, built: Build, options: { writable?: boolean; modulesAt?: string; env?: Record<string, string> } = {}): Spawnable {
  const modulesAt = options.modulesAt ?? RUNTIME_MODULES;
  const readOnly = (target: string) => `mount -o remount,bind,ro ${target}`;
  const mounts = [
    `mount --bind ${built.taskRoot} ${TASK}`,
    ...(options.writable ? [] : [readOnly(TASK)]),
    `mount --bind ${path.join(root, 'node_modules')} ${modulesAt}`,
    readOnly(modulesAt),
  ].join(' && ');
  return {
    command: 'unshare',
    args: ['-m', 'sh', '-c', `${mounts} && exec "$0" "$@"`, sampleNode(), coldStartRunner, built.bundle, fn.exportName],
    env: { ...built.env, LAMBDA_TASK_ROOT: TASK, NODE_PATH: modulesAt, ...options.env },
    cwd: '/',
  };
}

/** The prod bundle with the AWS SDK inside it, in a task folder of its own. */
async function withSdkBundled(fn: BenchFunction, deployed: Deployed, dir: string): Promise<Build> {
  const taskRoot = path.join(dir, fn.name);
  const relative = path.relative(deployed.taskRoot, deployed.bundle);
  await build({ ...deployBuildOptions(DEPLOYED_STAGE), external: [], sourcemap: 'linked', entryPoints: [fn.sourceFile], outfile: path.join(taskRoot, relative) });
  return { taskRoot, bundle: path.join(TASK, relative), env: deployed.env };
}

function copyTask(fn: BenchFunction, deployed: Deployed, dir: string): Build {
  const taskRoot = path.join(dir, fn.name);
  fs.cpSync(deployed.taskRoot, taskRoot, { recursive: true });
  return { taskRoot, bundle: path.join(TASK, path.relative(deployed.taskRoot, deployed.bundle)), env: deployed.env };
}

interface VariantFigures {
  variant: Variant;
  initAndFirstInvoke: { median: number; p99: number };
  initCpu: { median: number; p99: number };
  /** Medians over `deployed`'s: below 1 is faster. */
  ratioToDeployed: { init: number; initCpu: number };
  statuses: number[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { samples: { type: 'string', default: '15' } } });
  const samples = Number(values.samples);
  if (os.platform() !== 'linux' || process.getuid?.() !== 0) throw new Error('Run as root on Linux: each sample mounts /var/task read-only in a mount namespace (unshare -m).');
  for (const dir of [TASK, RUNTIME_MODULES, PACKAGE_TIME_MODULES]) fs.mkdirSync(dir, { recursive: true });
  const buildDir = path.join(root, 'bench', '.build', 'compile-cache');
  await withBenchServers(buildDir, progress, async ({ xrayAddress }) => {
    const all = await benchFunctions(BENCH_STAGE);
    const functions = all.filter((fn) => FUNCTIONS.includes(fn.name));
    // Every function in the harness: the examples make their fixtures through other routes (a user to get).
    const harness = new Harness(all, path.join(buildDir, BENCH_STAGE));
    progress(`building ${functions.map((fn) => fn.name).join(', ')} for ${DEPLOYED_STAGE}, with and without the SDK inside`);
    const deployed = await deployedFunctions(functions, path.join(buildDir, DEPLOYED_STAGE), 'built', xrayAddress);

    const builds = new Map<string, Record<'deployed' | 'cached' | 'sdk' | 'sdkCached', Build>>();
    for (const fn of functions) {
      const prod = deployed.get(fn.name)!;
      const sdkCached = await withSdkBundled(fn, prod, path.join(buildDir, 'sdk-cached'));
      builds.set(fn.name, {
        deployed: copyTask(fn, prod, path.join(buildDir, 'deployed')),
        cached: copyTask(fn, prod, path.join(buildDir, 'cached')),
        sdk: await withSdkBundled(fn, prod, path.join(buildDir, 'sdk')),
        sdkCached,
      });
    }

    progress('making the packaged caches: one run of each function, /var/task writable, the SDK elsewhere');
    const cacheDirs: string[] = [];
    for (const fn of functions) {
      for (const built of [builds.get(fn.name)!.cached, builds.get(fn.name)!.sdkCached]) {
        const prepared = await harness.prepare(fn);
        const sample = await coldStart(inLambdaLayout(fn, built, { writable: true, modulesAt: PACKAGE_TIME_MODULES, env: { NODE_COMPILE_CACHE: CACHE } }), prepared.event);
        await prepared.after({ statusCode: sample.statusCode, body: sample.body });
        cacheDirs.push(...fs.readdirSync(path.join(built.taskRoot, '.node-compile-cache')));
      }
    }

    const spawnable = (fn: BenchFunction, variant: Variant): Spawnable => {
      const set = builds.get(fn.name)!;
      switch (variant) {
        case 'deployed':
          return inLambdaLayout(fn, set.deployed);
        case 'deployed + packaged cache':
          return inLambdaLayout(fn, set.cached, { env: { NODE_COMPILE_CACHE: CACHE } });
        case 'SDK bundled':
          return inLambdaLayout(fn, set.sdk);
        case 'SDK bundled + packaged cache':
          return inLambdaLayout(fn, set.sdkCached, { env: { NODE_COMPILE_CACHE: CACHE } });
        case 'deployed, no namespace': {
          const prod = deployed.get(fn.name)!;
          return { args: [coldStartRunner, prod.bundle, fn.exportName], env: prod.env, cwd: prod.taskRoot };
        }
        case 'deployed + /tmp cache':
          return inLambdaLayout(fn, set.deployed, { env: { NODE_COMPILE_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-tmp-cache-')) } });
      }
    };

    progress(`${samples} samples of ${VARIANTS.length} variants of ${functions.length} functions, round-robin`);
    const collected = new Map(functions.map((fn) => [fn.name, new Map(VARIANTS.map((variant) => [variant, [] as Sample[]]))]));
    for (let round = -1; round < samples; round++) {
      for (const fn of functions) {
        const turn = (round + 1) % VARIANTS.length;
        for (const variant of [...VARIANTS.slice(turn), ...VARIANTS.slice(0, turn)]) {
          const prepared = await harness.prepare(fn);
          const sample = await coldStart(spawnable(fn, variant), prepared.event);
          await prepared.after({ statusCode: sample.statusCode, body: sample.body });
          if (round >= 0) collected.get(fn.name)!.get(variant)!.push(sample);
        }
      }
    }

    const results = functions.map((fn) => {
      const lists = collected.get(fn.name)!;
      const base = figures(lists.get('deployed')!);
      return {
        function: fn.name,
        variants: VARIANTS.map((variant): VariantFigures => {
          const list = lists.get(variant)!;
          const own = figures(list);
          return {
            variant,
            initAndFirstInvoke: { median: own.initAndFirstInvoke.median, p99: own.initAndFirstInvoke.p99 },
            initCpu: { median: own.initCpu.median, p99: own.initCpu.p99 },
            ratioToDeployed: { init: ratio(own.initAndFirstInvoke.median, base.initAndFirstInvoke.median), initCpu: ratio(own.initCpu.median, base.initCpu.median) },
            statuses: [...new Set(list.map((sample) => sample.statusCode))],
          };
        }),
      };
    });
    const node = execFileSync(sampleNode(), ['-v'], { encoding: 'utf8' }).trim();
    const output = {
      meta: { date: new Date().toISOString(), node, samples, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, command: 'npm run bench:compile-cache' },
      cacheDirectories: [...new Set(cacheDirs)],
      results,
    };
    fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench', 'results', 'compile-cache.json'), `${JSON.stringify(output, null, 2)}\n`);
    const lines = [
      `${samples} cold starts per variant, ${node}, ${output.meta.cores} cores; cache directories: ${output.cacheDirectories.join(', ')}`,
      '',
      '| function | variant | init + 1st median / p99 ms | CPU median ms | ratio to deployed (init / CPU) | statuses |',
      '| --- | --- | --- | --- | --- | --- |',
      ...results.flatMap(({ function: name, variants }) =>
        variants.map(
          (v) =>
            `| ${name} | ${v.variant} | ${round(v.initAndFirstInvoke.median, 1)} / ${round(v.initAndFirstInvoke.p99, 1)} | ${round(v.initCpu.median, 1)} | ${v.ratioToDeployed.init} / ${v.ratioToDeployed.initCpu} | ${v.statuses.join(', ')} |`,
        ),
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

runMain(main);
