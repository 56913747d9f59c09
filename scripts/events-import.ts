// Loads deployment events from a file into a stage, through the same domain code as POST /events:
//
//   npm run events:import -- FILE [--stage local]
//
// FILE is a JSON array of events or NDJSON (one event per line). The whole file is validated first
// (nothing is written if any event is bad); then events are written in batches of 1000. Re-running an
// import is safe: events already stored are counted as duplicates. A local stage talks to its DynamoDB
// Local (start it with `npm start`); a deployed stage uses the AWS credentials of the shell.
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { MAX_BATCH, eventSchema, type DeployEvent } from '#shared/events/schemas';
import { localSettings, stageSettings } from './local-settings';

export interface ImportProgress {
  done: number;
  created: number;
  duplicates: number;
}

/** recordEvents over any number of events, MAX_BATCH at a time. */
export async function recordEventsInBatches(
  events: Iterable<DeployEvent> | AsyncIterable<DeployEvent>,
  onProgress: (progress: ImportProgress) => void = () => undefined,
): Promise<ImportProgress> {
  const { recordEvents } = await import('#shared/events/ingest');
  const progress: ImportProgress = { done: 0, created: 0, duplicates: 0 };
  let batch: DeployEvent[] = [];
  const flush = async () => {
    const { created, duplicates } = await recordEvents(batch);
    progress.done += batch.length;
    progress.created += created;
    progress.duplicates += duplicates;
    batch = [];
    onProgress({ ...progress });
  };
  for await (const event of events) {
    batch.push(event);
    if (batch.length === MAX_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return progress;
}

interface Entry {
  /** "line 12" or "item 12", for messages. */
  where: string;
  value: unknown;
}

/** The entries of a JSON array file or an NDJSON file (read line by line, so it may be large). */
async function* readEntries(file: string): AsyncGenerator<Entry> {
  const head = fs.readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 1024).trimStart();
  if (head.startsWith('[')) {
    const items: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(items)) throw new Error(`${file}: not a JSON array`);
    for (const [index, value] of items.entries()) yield { where: `item ${index + 1}`, value };
    return;
  }
  let number = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    number++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = Symbol('not JSON');
    }
    yield { where: `line ${number}`, value };
  }
}

/** Every problem of the file, at most `max` of them; empty when every entry is a valid event. */
async function validate(file: string, max = 10): Promise<{ count: number; problems: string[] }> {
  const problems: string[] = [];
  let count = 0;
  for await (const { where, value } of readEntries(file)) {
    count++;
    if (typeof value === 'symbol') {
      problems.push(`${where}: not valid JSON`);
    } else {
      const result = eventSchema().safeParse(value);
      if (!result.success) {
        problems.push(`${where}: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ')}`);
      }
    }
    if (problems.length >= max) break;
  }
  return { count, problems };
}

async function* validEvents(file: string): AsyncGenerator<DeployEvent> {
  for await (const { value } of readEntries(file)) yield eventSchema().parse(value);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { stage: { type: 'string', default: 'local' } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new Error('usage: npm run events:import -- FILE [--stage local]');
  const stage = values.stage!;
  if (stageSettings(stage).isLocal) localSettings(stage);
  else Object.assign(process.env, stageSettings(stage).environment);

  const { count, problems } = await validate(file);
  if (problems.length > 0) {
    throw new Error(`${file} has invalid events; nothing was written:\n  ${problems.join('\n  ')}`);
  }
  console.log(`${file}: ${count} valid events; importing into stage ${stage}`);
  const tty = process.stdout.isTTY;
  const started = Date.now();
  const result = await recordEventsInBatches(validEvents(file), (progress) => {
    const line = `${progress.done}/${count} events (${progress.created} created, ${progress.duplicates} duplicates)`;
    if (tty) process.stdout.write(`\r${line}`);
    else if (progress.done === count || (progress.done / MAX_BATCH) % 10 === 0) console.log(line);
  });
  if (tty) process.stdout.write('\n');
  console.log(`Imported ${result.done} events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.created} created, ${result.duplicates} duplicates`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
