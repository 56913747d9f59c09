// The shapes of the events service, described once: they validate requests, type the domain code,
// and document the routes (OpenAPI).
import * as z from 'zod/mini';
import { lazySchema } from '#shared/http/route';
import { fromSpacedUtcTime, isDate, isSpacedUtcTime, isUtcTimestamp } from '#shared/events/time';

export const MAX_BATCH = 1000;

/** A required string field whose messages say what a good value looks like. */
const text = (name: string, rule: string, valid: (value: string) => boolean, meta: { description: string; examples: string[] }) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required: ${rule}` : `${name} must be a string: ${rule}`) })
    .check(z.refine(valid, `${name} must be ${rule}`), z.meta(meta));

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const SHA = /^[0-9a-fA-F]{7,64}$/;
const ACTION = /^[a-z]{1,32}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const isEngineerName = (value: string) => {
  const length = [...value].length;
  return length >= 1 && length <= 64 && !CONTROL.test(value);
};

const timestampRule = 'a UTC ISO 8601 time with whole seconds, like 2017-11-02T17:59:39Z';
const engineerRule = '1 to 64 characters, without control characters';

export const eventSchema = lazySchema(() =>
  z.strictObject(
    {
      id: text('id', '1 to 128 letters, digits or . _ : @ -', (v) => ID.test(v), {
        description: 'Unique id of the event, chosen by the sender (a retry re-sends the same id)',
        examples: ['15090503633993'],
      }),
      sha: text('sha', 'a hex commit id of 7 to 64 characters', (v) => SHA.test(v), {
        description: 'The commit, 7 to 64 hex digits (stored in lowercase)',
        examples: ['30bea9b212d9e36e680ec6120ad8e30d'],
      }),
      timestamp: text('timestamp', timestampRule, isUtcTimestamp, {
        description: 'When it happened: UTC, ISO 8601, whole seconds',
        examples: ['2017-10-26T20:39:23Z'],
      }),
      action: text('action', 'one lowercase word of up to 32 letters, like stage or deploy', (v) => ACTION.test(v), {
        description: 'What happened: one lowercase word',
        examples: ['stage'],
      }),
      engineer: text('engineer', engineerRule, isEngineerName, { description: 'Who did it', examples: ['theia'] }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.join(', ')}: an event has only id, sha, timestamp, action and engineer`
          : issue.code === 'invalid_type'
            ? 'an event must be a JSON object with id, sha, timestamp, action and engineer'
            : undefined,
    },
  ),
);
export type DeployEvent = z.output<ReturnType<typeof eventSchema>>;

const batchSize = `events must hold 1 to ${MAX_BATCH} events`;
export const batchSchema = lazySchema(() =>
  z.strictObject(
    { events: z.array(eventSchema(), { error: batchSize }).check(z.minLength(1, batchSize), z.maxLength(MAX_BATCH, batchSize)) },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.join(', ')}: send {"events": [...]}`
          : issue.code === 'invalid_type'
            ? `Send one event or {"events": [...]} with 1 to ${MAX_BATCH} events`
            : undefined,
    },
  ),
);

export const postEventsBody = lazySchema(() =>
  z.union([batchSchema(), eventSchema()], {
    error: `Send one event or {"events": [...]} with 1 to ${MAX_BATCH} events`,
  }),
);

const boundRule = 'a date like 2017-10-28 or a UTC time like 2017-10-28T17:59:39Z or 2017-10-28 17:59:39';
const bound = (name: 'from' | 'to', description: string, examples: string[]) =>
  z.pipe(
    text(name, boundRule, (v) => isDate(v) || isUtcTimestamp(v) || isSpacedUtcTime(v), {
      description:
        `${description}. A time is UTC: \`2017-10-28T17:59:39Z\`, or \`2017-10-28 17:59:39\` ` +
        '(a space and no zone, as the API this one replaces took it)',
      examples,
    }),
    z.transform((value) => (isSpacedUtcTime(value) ? fromSpacedUtcTime(value) : value)),
  );

export const fromParam = lazySchema(() =>
  bound('from', 'Start of the range, inclusive: a date (its first second) or a UTC time', ['2017-10-28', '2017-10-28 00:00:00']),
);
export const toParam = lazySchema(() =>
  bound('to', 'End of the range, inclusive: a date (the whole day) or a UTC time', ['2017-11-01', '2017-10-28 02:00:00']),
);

export const dateParam = (name: string, description: string) =>
  text(name, 'a calendar date like 2017-10-28', isDate, { description, examples: ['2017-10-28'] });

export const engineerParam = lazySchema(() =>
  text('engineer', engineerRule, isEngineerName, {
    description: 'The engineer, URL-encoded',
    examples: ['theia'],
  }),
);

const nextCursor = lazySchema(() =>
  z.nullable(z.string().check(z.meta({ description: 'Pass as cursor for the next page; null on the last page' }))),
);

export const eventPage = lazySchema(() => z.object({ events: z.array(eventSchema()), nextCursor: nextCursor() }));

export const postEventsResult = lazySchema(() =>
  z.object({
    created: z.number().check(z.int(), z.meta({ description: 'Events stored by this request' })),
    duplicates: z.number().check(z.int(), z.meta({ description: 'Events already stored (or repeated in the batch) with the same content' })),
  }),
);

export const engineerSchema = lazySchema(() =>
  z.object({
    engineer: z.string(),
    events: z.number().check(z.int()),
    firstSeen: z.string(),
    lastSeen: z.string(),
  }),
);
export type EngineerStats = z.output<ReturnType<typeof engineerSchema>>;

export const engineerPage = lazySchema(() =>
  z.object({ engineers: z.array(engineerSchema()), nextCursor: nextCursor() }),
);

const actionCounts = lazySchema(() => z.record(z.string(), z.number().check(z.int())));

export const engineerTotals = lazySchema(() =>
  z
    .object({
      engineer: z.string(),
      events: z.number().check(z.int(), z.meta({ description: 'Events recorded for this engineer' })),
      actions: actionCounts().check(z.meta({ description: 'Events by action; they add up to `events`' })),
      firstSeen: z.string().check(z.meta({ description: 'Time of the earliest event' })),
      lastSeen: z.string().check(z.meta({ description: 'Time of the latest event' })),
    })
    .check(
      z.meta({
        examples: [
          { engineer: 'theia', events: 3, actions: { deploy: 2, stage: 1 }, firstSeen: '2017-10-26T20:39:23Z', lastSeen: '2017-10-28T08:01:02Z' },
        ],
      }),
    ),
);
export const daySummarySchema = lazySchema(() =>
  z
    .object({
      date: z.string(),
      total: z.number().check(z.int()),
      actions: actionCounts(),
      engineers: z.number().check(z.int(), z.meta({ description: 'Distinct engineers active that day' })),
      change: z.object({ total: z.number().check(z.int()), actions: actionCounts() }),
    })
    .check(
      z.meta({
        examples: [
          {
            date: '2017-10-28',
            total: 25,
            actions: { deploy: 11, stage: 14 },
            engineers: 19,
            change: { total: -141, actions: { deploy: -70, stage: -71 } },
          },
        ],
      }),
    ),
);
export type DaySummary = z.output<ReturnType<typeof daySummarySchema>>;
