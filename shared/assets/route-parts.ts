// What the assets routes share: the write scope, the common errors and page query, and the calls that the
// contract test's example requests use to put records in place (see ExampleRequest in shared/http/route.ts).
import * as z from 'zod/mini';
import { lazySchema, type ExampleCall } from '#shared/http/route';
import { cursorParam, limitParam } from '#shared/http/pagination';
import { MAX_ID } from '#shared/assets/schemas';

export const WRITE = { scope: 'assets:write' } as const;
export const pageQuery = lazySchema(() => z.object({ limit: limitParam(), cursor: cursorParam() }));
export const writeErrors = { 401: 'No token, or a bad, expired or foreign one', 403: 'The token lacks the scope assets:write' };
export const badId = 'The id is not a positive integer, or the body is invalid';
export const badIdOnly = 'The id is not a positive integer';
export const badPage = 'limit is not a whole number from 1 to 1000, or cursor is not one this list gave out';

// ---- the contract test's example requests (see ExampleRequest in shared/http/route.ts) ----
// Ids come from counters, so a request on a stored record creates it first (setup) and takes its id from the
// answer ("{{0.id}}"). MAX_ID is a valid id that no counter reaches in a test run: nothing has it.
export const noId = String(MAX_ID);
export const newAnalyst: ExampleCall = {
  method: 'POST',
  path: '/api/v1/analysts',
  body: { name: 'Contract Analyst', company: 'Contract Ltd' },
  scope: WRITE.scope,
};
/** An asset of the analyst that setup call `analystCall` created. */
export const newAsset = (analystCall: number): ExampleCall => ({
  method: 'POST',
  path: '/api/v1/assets',
  body: { name: 'Contract asset', is_active: true, analyst_id: `{{${analystCall}.id}}` },
  scope: WRITE.scope,
});
export const newSubscription = (email: string): ExampleCall => ({
  method: 'POST',
  path: '/api/v1/subscriptions',
  body: { email, topic: 'asset::creation' },
  scope: WRITE.scope,
});
/** Deletes what setup call `call` created: the record is then gone, as after a first DELETE. */
export const deleteCreated = (collection: string, call: number): ExampleCall => ({
  method: 'DELETE',
  path: `/api/v1/${collection}/{{${call}.id}}`,
  scope: WRITE.scope,
});
