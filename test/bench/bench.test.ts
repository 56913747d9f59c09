// `npm run bench -- --quick` runs end to end and produces every section with figures, so that the
// benchmark cannot rot. No timing is asserted here: only that each figure exists and is a number.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stageSettings } from '../../scripts/local-settings';
import type { Results } from '../../bench/lib/report';

const root = path.resolve(__dirname, '..', '..');
const quickResults = path.join(root, 'bench', 'results', 'quick.json');
let results: Results;

const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const isSummary = (summary: { median: number; p99: number; samples: number }) =>
  isNumber(summary.median) && isNumber(summary.p99) && summary.samples > 0;

beforeAll(() => {
  fs.rmSync(quickResults, { force: true });
  // Its own sls offline and DynamoDB Local, on ports beside this test run's (see bench/lib/environment.ts).
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'bench/run.ts', '--quick'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 240_000,
  });
  results = JSON.parse(fs.readFileSync(quickResults, 'utf8'));
}, 250_000);

const httpFunctions = Object.entries(stageSettings('test').functions)
  .filter(([, fn]) => (fn.events ?? []).some((event) => (event as { httpApi?: unknown }).httpApi !== undefined))
  .map(([name]) => name);

describe('npm run bench -- --quick', () => {
  it('records the machine, Node version and date', () => {
    expect(results.meta.cores).toBeGreaterThan(0);
    expect(results.meta.cpu.length).toBeGreaterThan(0);
    expect(results.meta.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(results.meta.date))).toBe(false);
  });

  it('measures the bundle of every function of the stage, for local and prod', () => {
    for (const stage of ['local', 'prod']) {
      const measured = results.bundles.filter((figure) => figure.stage === stage);
      expect(measured.map((figure) => figure.function).sort()).toEqual([...httpFunctions].sort());
      for (const figure of measured) expect(figure.bytes).toBeGreaterThan(figure.gzipBytes);
    }
  });

  it('cold-starts every function with a valid request, with its ratio to the empty handler', () => {
    expect(isSummary(results.coldStart.empty.total)).toBe(true);
    expect(results.coldStart.functions.map((figure) => figure.function).sort()).toEqual([...httpFunctions].sort());
    for (const figure of results.coldStart.functions) {
      expect(isSummary(figure.total) && isSummary(figure.initCpu)).toBe(true);
      expect(isNumber(figure.ratioToEmpty.median)).toBe(true);
      expect({ function: figure.function, status: figure.status }).toEqual({ function: figure.function, status: figure.expectedStatus });
    }
  });

  it('measures the own init of every DynamoDB function against its floor, both with the SDK loaded first', () => {
    const withDatabase = results.coldStart.functions.filter((figure) => figure.dynamodbCalls.length > 0);
    expect(withDatabase.length).toBeGreaterThan(0);
    for (const figure of withDatabase) {
      const own = figure.ownInit;
      expect({ function: figure.function, measured: own !== undefined }).toEqual({ function: figure.function, measured: true });
      expect(isSummary(own!.prod.initAndFirstInvoke) && isSummary(own!.floor.initAndFirstInvoke)).toBe(true);
      expect(isNumber(own!.overFloorMs) && isNumber(own!.overFloorCpuMs)).toBe(true);
    }
    for (const figure of results.coldStart.functions.filter((f) => f.dynamodbCalls.length === 0)) expect(figure.ownInit).toBeUndefined();
  });

  it('times every function warm through its handler and through a bare handler making the same DynamoDB calls', () => {
    expect(results.warm.map((figure) => figure.function).sort()).toEqual([...httpFunctions].sort());
    for (const figure of results.warm) {
      expect(isSummary(figure.handler) && isSummary(figure.bare)).toBe(true);
      expect(isNumber(figure.ratio.median) && isNumber(figure.addedMicros)).toBe(true);
      expect({ function: figure.function, status: figure.status }).toEqual({ function: figure.function, status: figure.expectedStatus });
    }
  });

  it('times our stack alone on every function, with DynamoDB\'s recorded answers given back in process, answering as it did', () => {
    for (const figure of results.warm) {
      expect(isNumber(figure.stack.handlerMicros) && isNumber(figure.stack.bareMicros) && isNumber(figure.stack.addedMicros)).toBe(true);
      expect(figure.stack.samples).toBeGreaterThan(0);
      expect({ function: figure.function, status: figure.stack.status }).toEqual({ function: figure.function, status: figure.expectedStatus });
    }
  });

  it('measures the event store at two sizes with ingest rate, the three reads and the naive scan', () => {
    if (!fs.existsSync(path.join(root, 'shared', 'events', 'events.ts'))) {
      expect(results.eventsScale).toEqual({ available: false, reason: expect.any(String) });
      return;
    }
    if (!results.eventsScale.available) throw new Error(results.eventsScale.reason);
    expect(results.eventsScale.sizes).toHaveLength(2);
    for (const size of results.eventsScale.sizes) {
      expect(isNumber(size.ingestEventsPerSecond)).toBe(true);
      for (const read of [size.oneDayPage, size.engineerPage, size.dailySummary30, size.naiveScanSummary30]) expect(isSummary(read)).toBe(true);
    }
    expect(Object.values(results.eventsScale.growth).every(isNumber)).toBe(true);
  });

  it('compares the factorial handler with Python, digits identical', () => {
    expect(results.factorial.length).toBeGreaterThan(0);
    for (const figure of results.factorial) {
      expect(isSummary(figure.handler) && isSummary(figure.python) && isNumber(figure.speedup)).toBe(true);
      expect(figure.digitsIdentical).toBe(true);
    }
  });

  it('loads health and factorial through sls offline with autocannon, without errors', () => {
    expect(results.http.map((figure) => figure.route)).toEqual(expect.arrayContaining(['GET /health', 'GET /api/v1/factorial']));
    for (const figure of results.http) {
      expect(figure.load.requests).toBeGreaterThan(0);
      expect(isNumber(figure.load.requestsPerSecond) && isNumber(figure.single.p50Ms)).toBe(true);
      expect(figure.errors + figure.non2xx).toBe(0);
    }
  });

  it('checks every target of the issue', () => {
    expect(results.targets.length).toBeGreaterThanOrEqual(7);
    for (const target of results.targets) expect([true, false, null]).toContain(target.met);
  });
});
