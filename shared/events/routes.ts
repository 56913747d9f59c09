// The events service's routes: one defineRoute per endpoint (see shared/http/route.ts).
import * as z from 'zod/mini';
import { settingNow } from '#shared/config/index';
import { cursorParam, limitParam } from '#shared/http/pagination';
import { defineRoute, lazySchema } from '#shared/http/route';
import {
  MAX_BATCH,
  dateParam,
  daySummarySchema,
  engineerPage,
  engineerTotals,
  engineerParam,
  eventPage,
  fromParam,
  postEventsBody,
  postEventsResult,
  toParam,
} from '#shared/events/schemas';

const { maxRangeDays } = settingNow('events');
const badPage = 'limit is not a whole number from 1 to 1000, or cursor is not one this list gave out';
const rangeProblems = `from is after to, the range covers over ${maxRangeDays} days, or ${badPage}`;

/** An event for the contract test's example requests (see ExampleRequest in shared/http/route.ts). */
const contractEvent = (id: string, sha = '30bea9b212d9e36e680ec6120ad8e30d') => ({
  id,
  sha,
  timestamp: '2017-10-26T20:39:23Z',
  action: 'stage',
  engineer: 'contract-theia',
});

const rangeRules =
  `Both bounds are inclusive; a date-only \`to\` covers that whole day (UTC). A range may cover at most ${maxRangeDays} ` +
  'calendar days. Ordered by timestamp, then id.';

export const postEvents = defineRoute({
  service: 'events',
  operationId: 'postEvents',
  method: 'POST',
  path: '/events',
  data: [{ table: 'events', actions: ['BatchGetItem', 'PutItem', 'UpdateItem'] }],
  // A batch of 1000 events takes up to ~35 transactions, written one after another (they share summary and
  // engineer items): allow up to API Gateway's 30 s integration limit.
  lambda: { timeoutSeconds: 29 },
  summary: 'Record deployment events (one, or a batch of up to 1000)',
  description:
    `Send one event, or \`{"events": [...]}\` with 1 to ${MAX_BATCH}. Everything is validated before anything is written. ` +
    'An event whose id is already stored with the same content is a duplicate: not stored or counted twice. ' +
    'The same id with different content (stored, or twice in the request) is a 409 naming the ids, and nothing is written.\n\n' +
    'Each event is written with its daily summary and engineer counts in one transaction; a batch takes several ' +
    'transactions. If the request fails partway (5xx or timeout), some transactions may have committed, each whole. ' +
    'Sending the same request again is always safe: stored events come back as `duplicates`, the rest are created.',
  auth: { scope: 'events:write' },
  body: postEventsBody,
  responses: { 201: { description: 'How many events were stored, and how many were already there', schema: postEventsResult } },
  errors: {
    400:
      'An event is invalid (`details` names it and the field), the batch holds no or over 1000 events, a field is ' +
      'unknown, or the body is not JSON; nothing was written',
    409: 'An id is already stored, or repeated in the request, with different content; nothing was written',
    503: 'The database is busy or unreachable; retry (safe)',
  },
  exampleRequests: {
    201: { body: contractEvent('contract-event') },
    400: { body: { events: [contractEvent('contract-valid'), { ...contractEvent('contract-invalid'), timestamp: '2017-10-26 20:39' }] } },
    409: {
      setup: [{ method: 'POST', path: '/events', body: contractEvent('contract-conflict'), scope: 'events:write' }],
      body: contractEvent('contract-conflict', 'f00dcafe'),
    },
  },
});

export const listEvents = defineRoute({
  service: 'events',
  operationId: 'listEvents',
  method: 'GET',
  path: '/events',
  data: [{ table: 'events', actions: ['Query'], leadingKeys: ['SUMMARY', 'DAY#*'] }],
  summary: 'Events in a time range',
  description: rangeRules,
  query: lazySchema(() => z.object({ from: fromParam(), to: toParam(), limit: limitParam(), cursor: cursorParam() })),
  responses: { 200: { description: 'A page of events', schema: eventPage } },
  errors: { 400: `A bound is missing or unparsable, ${rangeProblems}` },
});

export const listEngineers = defineRoute({
  service: 'events',
  operationId: 'listEngineers',
  method: 'GET',
  path: '/engineers',
  data: [{ table: 'events', actions: ['Query'], leadingKeys: ['ENGINEERS'] }],
  summary: 'Every engineer with events, sorted by name',
  description: 'With the number of events and the times of the first and last one.',
  query: lazySchema(() => z.object({ limit: limitParam(), cursor: cursorParam() })),
  responses: { 200: { description: 'A page of engineers', schema: engineerPage } },
  errors: { 400: badPage },
  exampleRequests: { 400: { query: { limit: '0' } } },
});

export const getEngineer = defineRoute({
  service: 'events',
  operationId: 'getEngineer',
  method: 'GET',
  path: '/engineers/{engineer}',
  // The engineer's item (kept exact by the ingest's transactions); older items without per-action counts are
  // counted once from the byEngineer index.
  data: [
    { table: 'events', actions: ['GetItem'], leadingKeys: ['ENGINEERS'] },
    { table: 'events', index: 'byEngineer', actions: ['Query'] },
  ],
  summary: "One engineer's totals",
  description: 'The number of events, their counts by action, and the times of the first and last one.',
  params: lazySchema(() => z.object({ engineer: engineerParam() })),
  responses: { 200: { description: "The engineer's totals", schema: engineerTotals } },
  errors: { 400: 'The engineer has control characters or over 64 characters', 404: 'No events for this engineer' },
  exampleRequests: {
    200: {
      setup: [{ method: 'POST', path: '/events', body: contractEvent('contract-engineer-totals'), scope: 'events:write' }],
      params: { engineer: 'contract-theia' },
    },
    400: { params: { engineer: 'x'.repeat(65) } },
    404: { params: { engineer: 'contract-nobody' } },
  },
});

export const listEngineerEvents = defineRoute({
  service: 'events',
  operationId: 'listEngineerEvents',
  method: 'GET',
  path: '/engineers/{engineer}/events',
  data: [{ table: 'events', index: 'byEngineer', actions: ['Query'] }],
  summary: "An engineer's events",
  description: `${rangeRules} Here both bounds are optional; an engineer without events gives an empty list.`,
  params: lazySchema(() => z.object({ engineer: engineerParam() })),
  query: lazySchema(() =>
    z.object({ from: z.optional(fromParam()), to: z.optional(toParam()), limit: limitParam(), cursor: cursorParam() }),
  ),
  responses: { 200: { description: 'A page of events', schema: eventPage } },
  errors: { 400: `The engineer has control characters or over 64 characters, a bound is unparsable, ${rangeProblems}` },
  exampleRequests: { 400: { params: { engineer: 'theia' }, query: { from: '2017-11-03', to: '2017-11-02' } } },
});

const summaryRules =
  '`actions` holds every action seen in the answer (0 where none that day); `change` is the difference from the previous ' +
  'day, which counts even when it lies outside the range. `engineers` is the number of distinct engineers active that day.';

export const getDailySummaries = defineRoute({
  service: 'events',
  operationId: 'getDailySummaries',
  method: 'GET',
  path: '/summaries/daily',
  data: [{ table: 'events', actions: ['Query'], leadingKeys: ['SUMMARY'] }],
  summary: 'Daily counts for every day of a date range, oldest first',
  description: `Days without events are zeros. At most ${maxRangeDays} days. ${summaryRules}`,
  query: lazySchema(() =>
    z.object({
      from: dateParam('from', 'First day, inclusive'),
      to: dateParam('to', 'Last day, inclusive'),
    }),
  ),
  responses: {
    200: { description: 'One entry per day', schema: lazySchema(() => z.object({ days: z.array(daySummarySchema()) })) },
  },
  errors: { 400: `A bound is missing or not a calendar date, from is after to, or the range covers over ${maxRangeDays} days` },
});

export const getDailySummary = defineRoute({
  service: 'events',
  operationId: 'getDailySummary',
  method: 'GET',
  path: '/summaries/daily/{date}',
  data: [{ table: 'events', actions: ['Query'], leadingKeys: ['SUMMARY'] }],
  summary: 'Daily counts of one day',
  description: summaryRules,
  params: lazySchema(() => z.object({ date: dateParam('date', 'The day (UTC)') })),
  responses: { 200: { description: 'The day', schema: daySummarySchema } },
  errors: { 400: 'The date is not a calendar date like 2017-10-28' },
  exampleRequests: { 400: { params: { date: '2017-02-30' } } },
});
