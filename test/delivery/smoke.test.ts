// `npm run smoke` as the pipeline runs it after a deployment: here against the test run's sls offline,
// and against a stand-in API that answers wrongly, which it must refuse.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { baseUrl } from '../stage';

const root = path.resolve(__dirname, '..', '..');

function smoke(url: string): Promise<{ status: number | null; output: string }> {
  // Asynchronous: the stand-in server below must keep answering while the script runs.
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'smoke', '--', '--base-url', url], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (status) => resolve({ status, output }));
  });
}

describe('npm run smoke', () => {
  it('passes against the API served by sls offline', async () => {
    const { status, output } = await smoke(baseUrl);
    expect(output).not.toMatch(/FAIL/);
    expect(output).toMatch(/all 8 checks passed/);
    expect(status).toBe(0);
  }, 60_000);

  it('exits non-zero and names each failed check when the API answers wrongly', async () => {
    const server = http.createServer((_request, response) => response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"failed"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { status, output } = await smoke(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect(status).toBe(1);
      expect(output).toMatch(/FAIL {2}GET \/health answers UP: 500/);
      expect(output).toMatch(/8 of 8 checks failed/);
    } finally {
      server.close();
    }
  }, 60_000);
});
