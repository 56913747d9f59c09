// `npm run bench` (full, writes bench/results/latest.json and the tables into BENCHMARKS.md) and
// `npm run bench -- --quick` (few repetitions, small sizes; writes bench/results/quick.json only; run by
// test/bench/bench.test.ts so that the benchmark cannot rot). See BENCHMARKS.md for what each section measures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchFunctions, root } from './lib/catalog';
import { deployedFunctions, DEPLOYED_STAGE } from './lib/deployed';
import { BENCH_STAGE } from './lib/environment';
import { Harness } from './lib/harness';
import { checkTargets, markdown, type Results } from './lib/report';
import { runMain, withBenchServers } from './lib/main';
import { measureBundles } from './sections/bundles';
import { measureColdStarts } from './sections/cold-start';
import { measureEventsScale } from './sections/events-scale';
import { measureFactorial } from './sections/factorial';
import { measureHttp } from './sections/http';
import { measureWarm } from './sections/warm';

const FULL_PLAN = {
  coldSamples: 15,
  coldWarmupRound: true,
  // Below the assets service's 98 subscribers per topic: the bare replay of createSubscription leaves its
  // subscriber behind (its id is the real handler's, already deleted), one per iteration.
  warmIterations: 80,
  stackIterations: 2000,
  scaleSizes: [10_000, 100_000],
  scaleRuns: 30,
  factorialSizes: [1_000, 10_000, 100_000],
  factorialRuns: (n: number) => (n >= 100_000 ? 7 : 30),
  http: { connections: 8, durationSeconds: 5 },
};
const PLANS = {
  full: FULL_PLAN,
  // Every measurement of the full run, each once or a few times: what `npm test` runs (test/bench/bench.test.ts).
  quick: {
    ...FULL_PLAN,
    coldSamples: 1, coldWarmupRound: false, warmIterations: 10, stackIterations: 50,
    scaleSizes: [200, 1_000], scaleRuns: 3, factorialRuns: () => 2, http: { connections: 4, durationSeconds: 1 },
  },
};

const MARK_START = '<!-- bench:start (written by npm run bench; edit outside the markers) -->';
const MARK_END = '<!-- bench:end -->';

const progress = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function writeBenchmarksMd(tables: string): void {
  const file = path.join(root, 'BENCHMARKS.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${MARK_START}\n${MARK_END}\n`;
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  if (start < 0 || end < start) throw new Error(`BENCHMARKS.md has lost its markers; put back ${MARK_START} and ${MARK_END}`);
  fs.writeFileSync(file, `${current.slice(0, start + MARK_START.length)}\n${tables}\n${current.slice(end)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const mode = values.quick ? 'quick' : 'full';
  const plan = PLANS[mode];
  const buildDir = path.join(root, 'bench', '.build');
  await withBenchServers(buildDir, progress, async ({ environment, xray, xrayAddress }) => {
    const functions = await benchFunctions(BENCH_STAGE);
    const harness = new Harness(functions, path.join(buildDir, BENCH_STAGE));
    progress(`${functions.length} functions: ${functions.map((fn) => fn.name).join(', ')}`);

    progress('1/6 bundle sizes');
    const bundles = await measureBundles(functions, ['local', 'prod'], path.join(buildDir, 'size'));
    // The full run measures the prod stage as packaged; the quick one builds it with the same options (faster).
    const packaging = mode === 'full' ? 'packaged' : 'built';
    progress(`the ${DEPLOYED_STAGE} stage's functions (${packaging === 'packaged' ? 'sls package' : 'esbuild, as packaged'})`);
    const deployed = await deployedFunctions(functions, path.join(buildDir, DEPLOYED_STAGE), packaging, xrayAddress);
    progress('2/6 cold starts');
    const coldStart = await measureColdStarts(functions, harness, deployed, plan.coldSamples, () => xray.datagrams, plan.coldWarmupRound);
    progress('3/6 warm latency');
    const warm = await measureWarm(functions, harness, deployed, plan.warmIterations, plan.stackIterations);
    progress('4/6 event store at scale');
    const eventsScale = await measureEventsScale(plan.scaleSizes, plan.scaleRuns, harness.unique());
    progress('5/6 factorial against python');
    const factorial = await measureFactorial(harness, plan.factorialSizes, plan.factorialRuns);
    progress('6/6 HTTP through sls offline');
    const inProcess = (name: string) => warm.find((figure) => figure.function === name)?.handler.median;
    const http = await measureHttp(environment.baseUrl, functions, harness, plan.http, inProcess);

    const command = values.quick ? 'npm run bench -- --quick' : 'npm run bench';
    const partial = {
      meta: {
        date: new Date().toISOString(),
        mode,
        node: process.version,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
        command,
        stage: BENCH_STAGE,
      },
      bundles,
      coldStart,
      warm,
      eventsScale,
      factorial,
      http,
    } satisfies Omit<Results, 'targets'>;
    const results: Results = { ...partial, targets: checkTargets(partial) };
    const tables = markdown(results);
    const resultsDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, `${mode === 'full' ? 'latest' : 'quick'}.json`), `${JSON.stringify(results, null, 2)}\n`);
    if (mode === 'full') writeBenchmarksMd(tables);
    process.stdout.write(`${tables}\n`);
  });
}

runMain(main);
