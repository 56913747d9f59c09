// What a function loads before its first answer is cold-start time: node's crypto (~3 ms of CPU here) is
// loaded only when something needs it (a bigint in a body, a request without an API Gateway id).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleEntry } from '../../../../bench/sections/bundles';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const outDir = path.join(root, 'test', 'artifacts', 'cold-start');

/** Loads the bundle in a fresh node, serves one GET, prints the status and the crypto modules node loaded. */
const probe = `
const { handler } = require(process.argv[2]);
const event = { version: '2.0', rawPath: '/health', rawQueryString: '', headers: { host: 'localhost' }, isBase64Encoded: false,
  queryStringParameters: JSON.parse(process.argv[3]), requestContext: { requestId: 'cold-start-test', http: { method: 'GET', path: '/' } } };
handler(event, {}).then((response) => console.log(JSON.stringify({
  status: response.statusCode, crypto: process.moduleLoadList.filter((name) => /crypto/.test(name)) })));
`;

async function firstAnswer(handlerFile: string, query: Record<string, string> = {}) {
  const bundle = path.join(outDir, `${path.basename(handlerFile, '.ts')}.js`);
  await bundleEntry(path.join(root, handlerFile), bundle, 'test');
  // A file, not `node -e`: evaluating a string loads crypto itself.
  const probeFile = path.join(outDir, 'probe.cjs');
  fs.writeFileSync(probeFile, probe);
  return JSON.parse(execFileSync(process.execPath, [probeFile, bundle, JSON.stringify(query)], { encoding: 'utf8', env: { ...process.env } })) as {
    status: number;
    crypto: string[];
  };
}

describe('cold start of a bundle', () => {
  it('answers health without loading node:crypto', async () => {
    expect(await firstAnswer('functions/platform/health.ts')).toEqual({ status: 200, crypto: [] });
  });

  it('loads node:crypto once a bigint is written (the factorial)', async () => {
    const answer = await firstAnswer('functions/factorial/get-factorial.ts', { number: '30' });
    expect(answer.status).toBe(200);
    expect(answer.crypto.length).toBeGreaterThan(0);
  });
});
