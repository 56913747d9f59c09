// Shared steps of the assets integration tests: the handlers, a writer's token, and direct looks at the table
// (to prove that a refused request wrote nothing, and that the stored bookkeeping is right).
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { analystKey } from '#shared/assets/keys';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { handler as createAnalyst } from '../../../functions/assets/create-analyst';
import { handler as createAsset } from '../../../functions/assets/create-asset';
import { handler as createSubscription } from '../../../functions/assets/create-subscription';
import { handler as deleteAnalyst } from '../../../functions/assets/delete-analyst';
import { handler as deleteAsset } from '../../../functions/assets/delete-asset';
import { handler as deleteSubscription } from '../../../functions/assets/delete-subscription';
import { handler as getAnalyst } from '../../../functions/assets/get-analyst';
import { handler as getAsset } from '../../../functions/assets/get-asset';
import { handler as listAnalysts } from '../../../functions/assets/list-analysts';
import { handler as listAssets } from '../../../functions/assets/list-assets';
import { handler as listNotifications } from '../../../functions/assets/list-notifications';
import { handler as updateAnalyst } from '../../../functions/assets/update-analyst';
import { handler as updateAsset } from '../../../functions/assets/update-asset';
import * as routes from '#shared/assets/routes';
import { invoke, invokeRoute, type InvokeResult } from '../../helpers/lambda';
import { bearer, tokenWithScope } from '../../helpers/tokens';

export const handlers = {
  listAnalysts, createAnalyst, getAnalyst, updateAnalyst, deleteAnalyst,
  listAssets, createAsset, getAsset, updateAsset, deleteAsset,
  createSubscription, deleteSubscription, listNotifications,
};

let writerToken: Promise<string> | undefined;
/** Headers of a client allowed to write (scope assets:write). */
export const writer = async () => bearer(await (writerToken ??= tokenWithScope('assets:write')));

type Handler = Parameters<typeof invoke>[0];
type Route = Parameters<typeof invokeRoute>[1];
const asId = (id: string | number) => ({ id: String(id) });

// Each route called as API Gateway would, its method and path taken from its route spec; `id` is the raw path segment.
const list = (handler: Handler, route: Route) => (query: Record<string, string> = {}) => invokeRoute(handler, route, { query });
const create = (handler: Handler, route: Route) => async (json: unknown, headers?: Record<string, string>) =>
  invokeRoute(handler, route, { json, headers: headers ?? (await writer()) });
const read = (handler: Handler, route: Route) => (id: string | number) => invokeRoute(handler, route, { params: asId(id) });
const update = (handler: Handler, route: Route) => async (id: string | number, json: unknown, headers?: Record<string, string>) =>
  invokeRoute(handler, route, { params: asId(id), json, headers: headers ?? (await writer()) });
const remove = (handler: Handler, route: Route) => async (id: string | number, headers?: Record<string, string>) =>
  invokeRoute(handler, route, { params: asId(id), headers: headers ?? (await writer()) });

/** The routes by name, as API Gateway would invoke them. */
export const api = {
  listAnalysts: list(listAnalysts, routes.listAnalysts),
  createAnalyst: create(createAnalyst, routes.createAnalyst),
  getAnalyst: read(getAnalyst, routes.getAnalyst),
  updateAnalyst: update(updateAnalyst, routes.updateAnalyst),
  deleteAnalyst: remove(deleteAnalyst, routes.deleteAnalyst),
  listAssets: list(listAssets, routes.listAssets),
  createAsset: create(createAsset, routes.createAsset),
  getAsset: read(getAsset, routes.getAsset),
  updateAsset: update(updateAsset, routes.updateAsset),
  deleteAsset: remove(deleteAsset, routes.deleteAsset),
  createSubscription: create(createSubscription, routes.createSubscription),
  deleteSubscription: remove(deleteSubscription, routes.deleteSubscription),
  listNotifications: (id: string | number, query: Record<string, string> = {}) =>
    invokeRoute(listNotifications, routes.listNotifications, { params: asId(id), query }),
};

let sequence = 0;
/** A name no other test uses. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${(sequence += 1)}`;

export function expect2xx(result: InvokeResult, status: number) {
  if (result.statusCode !== status) throw new Error(`expected ${status}, got ${result.statusCode}: ${result.rawBody}`);
  return result.body;
}

export async function newAnalyst(): Promise<{ id: number; name: string; company: string }> {
  return expect2xx(await api.createAnalyst({ name: unique('analyst'), company: 'Acme' }), 201);
}

export async function newAsset(analystId: number, overrides: Record<string, unknown> = {}) {
  return expect2xx(await api.createAsset({ name: unique('asset'), is_active: true, analyst_id: analystId, ...overrides }), 201);
}

/** Every item of the table, sorted: equal before and after a refused request means nothing was written. */
/** Sends a request that must be refused with 400 naming `field` in its details, and checks that it wrote nothing. */
export async function expectRefusalNaming(field: string, send: () => Promise<InvokeResult>): Promise<void> {
  const before = await tableSnapshot();
  const result = await send();
  expect(result.statusCode).toBe(400);
  expect(result.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  expect(await tableSnapshot()).toBe(before);
}

/** The ids of every record a list answers, following its cursors `limit` at a time (each page a 200 of at most `limit`). */
export async function idsOfEveryPage(
  list: (query: Record<string, string>) => Promise<InvokeResult>,
  key: string,
  limit: number,
): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const result = await list({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(result.statusCode).toBe(200);
    expect(result.body[key].length).toBeLessThanOrEqual(limit);
    seen.push(...result.body[key].map((record: { id: number }) => record.id));
    cursor = result.body.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

/** Deletes `record` twice: the first answer must be 200 with the record; resolves with the second answer. */
export async function deletedTwice(remove: (id: number) => Promise<InvokeResult>, record: { id: number }): Promise<InvokeResult> {
  const first = await remove(record.id);
  expect(first.statusCode).toBe(200);
  expect(first.body).toEqual(record);
  return remove(record.id);
}

export async function tableSnapshot(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: tableName('assets'), ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort().join('\n');
}

/** The asset count the store keeps on an analyst (key design: shared/assets/keys.ts). */
export async function storedAssetCount(analystId: number): Promise<number | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('assets'), Key: analystKey(analystId), ConsistentRead: true }),
  );
  return Item?.assetCount as number | undefined;
}
