// Hot reload, as `npm start` has it: in a copy of the project, sls offline watches functions/ and shared/
// (HOT_RELOAD_ENV, what scripts/start.ts sets), a handler is edited, and the next requests answer with the change.
// The copy runs the test stage on ports of its own, beside the suite's server, which watches nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOffline, type OfflineServer } from '../../scripts/offline-server';
import { HOT_RELOAD_ENV } from '../../scripts/start';
import { testSettings } from '../stage';

const root = path.resolve(__dirname, '..', '..');
// What `sls offline --stage test` reads; node_modules and the DynamoDB Local jar are linked, not copied.
const copied = ['serverless.yml', 'package.json', 'tsconfig.json', 'config', 'functions', 'shared', 'resources', 'plugins', 'scripts'];
const linked = ['node_modules', '.dynamodb'];

const httpPort = testSettings.offline.httpPort + 20;
const ports = { OFFLINE_PORT: String(httpPort), OFFLINE_LAMBDA_PORT: String(httpPort + 2), DYNAMODB_PORT: String(Number(new URL(testSettings.environment.DYNAMODB_ENDPOINT!).port) + 20) };
const baseUrl = `http://127.0.0.1:${httpPort}`;

let project: string;
let offline: OfflineServer | undefined;

beforeAll(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-reload-'));
  for (const entry of copied) fs.cpSync(path.join(root, entry), path.join(project, entry), { recursive: true });
  for (const entry of linked) fs.symlinkSync(fs.realpathSync(path.join(root, entry)), path.join(project, entry));
  offline = await startOffline({
    stage: 'test',
    cwd: project,
    baseUrl,
    logFile: path.join(root, 'test', 'artifacts', 'hot-reload-offline.log'),
    env: { ...ports, ...HOT_RELOAD_ENV, DYNAMODB_NO_START: 'false' },
  });
}, 120_000);

afterAll(async () => {
  await offline?.stop();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

const health = async () => (await (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) })).json()) as { version: string };

it('serves an edited handler without a restart', async () => {
  expect((await health()).version).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);

  const handler = path.join(project, 'functions', 'platform', 'health.ts');
  const source = fs.readFileSync(handler, 'utf8');
  expect(source).toContain('version: config().version');
  const editedAt = Date.now();
  fs.writeFileSync(handler, source.replace('version: config().version', "version: 'hot-reloaded'"));

  const deadline = editedAt + 45_000;
  let answered = '';
  while (Date.now() < deadline) {
    // A request in flight when the rebuild lands can go unanswered: sls offline stops every function's worker, busy
    // or not, to load the new code (LambdaFunctionPool cleanup). Such a request is given up after 5 s and sent again.
    answered = await health().then(({ version }) => version, (error: Error) => (error.name === 'TimeoutError' ? answered : Promise.reject(error)));
    if (answered === 'hot-reloaded') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(answered).toBe('hot-reloaded');
  console.log(`hot reload: the edited handler answered ${((Date.now() - editedAt) / 1000).toFixed(1)} s after the edit`);
}, 60_000);
