// The demo generator and `npm run events:import`, against the test stage's DynamoDB Local.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { listEngineerEvents } from '#shared/events/events';
import { demoEvents } from '../../../scripts/seed/events';
import { sampleEvents, uniqueDays, uniquePrefix } from '../../helpers/events';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const importFile = (file: string) =>
  run(process.execPath, [require.resolve('tsx/cli'), 'scripts/events-import.ts', file, '--stage', 'test'], { cwd: root });

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-import-'));
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

describe('demo events', () => {
  const events = demoEvents();

  it('are the same on every run', () => {
    expect(demoEvents()).toEqual(events);
  });

  it('span one week with about 100 engineers and more than 1000 events', () => {
    expect(events.length).toBeGreaterThan(1000);
    expect(new Set(events.map((event) => event.timestamp.slice(0, 10))).size).toBe(7);
    expect(new Set(events.map((event) => event.engineer)).size).toBe(100);
  });

  it('stage every commit, then deploy it later', () => {
    const bySha = new Map<string, typeof events>();
    for (const event of events) bySha.set(event.sha, [...(bySha.get(event.sha) ?? []), event]);
    for (const pair of bySha.values()) {
      expect(pair.map((event) => event.action)).toEqual(['stage', 'deploy']);
      expect(pair[0]!.timestamp < pair[1]!.timestamp).toBe(true);
    }
  });
});

describe('npm run events:import', () => {
  it('imports an NDJSON file, and importing it again stores nothing new', async () => {
    const prefix = uniquePrefix('ndjson');
    const events = sampleEvents({ days: uniqueDays(2), perDay: [15, 10], engineers: 1, prefix });
    const file = tempFile('events.ndjson', `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
    expect((await importFile(file)).stdout).toContain('25 created, 0 duplicates');
    expect((await importFile(file)).stdout).toContain('0 created, 25 duplicates');
    expect((await listEngineerEvents(`${prefix}-eng-0`, { limit: 100 })).events).toHaveLength(25);
  }, 60_000);

  it('imports a JSON array file', async () => {
    const prefix = uniquePrefix('array');
    const events = sampleEvents({ days: uniqueDays(1), perDay: [5], engineers: 1, prefix });
    expect((await importFile(tempFile('events.json', JSON.stringify(events)))).stdout).toContain('5 created');
  }, 60_000);

  it('refuses a file with a bad event, naming its line, and writes nothing', async () => {
    const prefix = uniquePrefix('bad');
    const events = sampleEvents({ days: uniqueDays(1), perDay: [3], engineers: 1, prefix });
    const lines = events.map((event) => JSON.stringify(event));
    lines[2] = JSON.stringify({ ...events[2], timestamp: '2017-11-02 10:00' });
    const failure = await importFile(tempFile('bad.ndjson', lines.join('\n'))).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('line 3: timestamp') });
    expect((await listEngineerEvents(`${prefix}-eng-0`, { limit: 100 })).events).toEqual([]);
  }, 60_000);
});
