// GET /openapi.json over real HTTP: the document of the test stage, and a valid OpenAPI 3.1 one.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { config } from '#shared/config/index';
import { openApiDocument } from '#shared/openapi/document';
import { request } from '../helpers/http';

const root = path.resolve(__dirname, '..', '..');

describe('GET /openapi.json', () => {
  it('serves the document generated from the routes of the stage', async () => {
    const answer = await request('/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual(openApiDocument(config()));
  });

  it('passes redocly lint (recommended rules, redocly.yaml) with zero errors', async () => {
    const answer = await request('/openapi.json');
    const file = path.join(root, 'test', 'artifacts', 'openapi.test.json');
    fs.writeFileSync(file, answer.text);
    const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
    // redocly exits 1 when it finds errors: keep its report either way.
    const output = await promisify(execFile)(redocly, ['lint', file, '--format=json', '--config', path.join(root, 'redocly.yaml')], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_UPDATE_NOTIFIER: '1' },
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(output.stdout) as { totals: { errors: number }; problems: { severity: string; message: string }[] };
    const errors = report.problems.filter((problem) => problem.severity === 'error');
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });
});
