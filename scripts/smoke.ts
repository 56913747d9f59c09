// `npm run smoke -- --base-url URL` or `npm run smoke -- --stage dev`: a few real calls against a running
// API (sls offline or a deployed stage) that prove it is wired up: health, factorial, a users round trip
// with a unique id (created, read, deleted, gone), and the API document and its browser page.
// Prints one line per check; exits 1 if any check fails. With --stage, the URL is the stack's HttpApiUrl
// output, read with `sls info` (needs the stage's AWS credentials).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

class Mismatch extends Error {}

function expectThat(condition: boolean, detail: string): void {
  if (!condition) throw new Mismatch(detail);
}

const describe = (answer: Answer) => `${answer.status} ${answer.contentType} ${answer.text.slice(0, 200)}`;

export async function runSmoke(baseUrl: string, log: (line: string) => void = console.log): Promise<Check[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (method: string, route: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${base}${route}`, {
      method,
      redirect: 'manual',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
  };

  const checks: Check[] = [];
  const check = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
      checks.push({ name, ok: true });
      log(`ok    ${name}`);
    } catch (error) {
      const detail = error instanceof Mismatch ? error.message : `request failed: ${(error as Error).message}`;
      checks.push({ name, ok: false, detail });
      log(`FAIL  ${name}: ${detail}`);
    }
  };

  await check('GET /health answers UP', async () => {
    const answer = await call('GET', '/health');
    expectThat(answer.status === 200 && answer.json?.status === 'UP' && typeof answer.json?.version === 'string', describe(answer));
  });

  await check('GET /api/v1/factorial?number=5 answers 120', async () => {
    const answer = await call('GET', '/api/v1/factorial?number=5');
    expectThat(answer.status === 200 && answer.json?.number === 5 && /"factorial":120\b/.test(answer.text), describe(answer));
  });

  const user = { userId: `smoke-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, name: 'Smoke Test' };
  const userPath = `/users/${encodeURIComponent(user.userId)}`;
  let created = false;
  await check('POST /users creates a user', async () => {
    const answer = await call('POST', '/users', user);
    created = answer.status === 201;
    expectThat(created && answer.json?.userId === user.userId && answer.json?.name === user.name, describe(answer));
  });
  await check('GET /users/{userId} reads it back', async () => {
    const answer = await call('GET', userPath);
    expectThat(answer.status === 200 && answer.json?.userId === user.userId && answer.json?.name === user.name, describe(answer));
  });
  await check('DELETE /users/{userId} deletes it', async () => {
    const answer = await call('DELETE', userPath);
    if (answer.status === 204) created = false;
    expectThat(answer.status === 204, describe(answer));
  });
  await check('GET /users/{userId} is then 404', async () => {
    const answer = await call('GET', userPath);
    expectThat(answer.status === 404 && typeof answer.json?.error === 'string', describe(answer));
  });
  if (created) await call('DELETE', userPath).catch(() => undefined); // leave nothing behind

  await check('GET /openapi.json is an OpenAPI 3.1 document', async () => {
    const answer = await call('GET', '/openapi.json');
    expectThat(
      answer.status === 200 && answer.contentType.startsWith('application/json') && /^3\.1\.\d+$/.test(String(answer.json?.openapi)),
      describe(answer),
    );
  });
  await check('GET /docs is an HTML page', async () => {
    const answer = await call('GET', '/docs');
    expectThat(answer.status === 200 && answer.contentType.startsWith('text/html') && /<html/i.test(answer.text), describe(answer));
  });

  return checks;
}

/** The deployed stack's API URL, from `sls info` (the HttpApiUrl output). */
export function stackUrl(stage: string): string {
  const root = path.resolve(__dirname, '..');
  const output = execFileSync(process.execPath, [path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'info', '--stage', stage, '--verbose'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
  });
  const url = /HttpApiUrl:\s*(https:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`No HttpApiUrl in the outputs of stage ${stage}:\n${output}`);
  return url;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'base-url': { type: 'string' }, stage: { type: 'string' } } });
  const baseUrl = values['base-url'] ?? (values.stage ? stackUrl(values.stage) : undefined);
  if (!baseUrl) {
    console.error('Usage: npm run smoke -- --base-url <url> | --stage <stage>');
    return 2;
  }
  console.log(`smoke test of ${baseUrl}`);
  const checks = await runSmoke(baseUrl);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(failed === 0 ? `all ${checks.length} checks passed` : `${failed} of ${checks.length} checks failed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
