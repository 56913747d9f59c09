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
import { invoke, type InvokeResult } from '../../helpers/lambda';
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
const call = (handler: Handler, method: string, routePath: string, path: string, extra: Partial<Parameters<typeof invoke>[1]> = {}) =>
  invoke(handler, { method, routePath, path, ...extra });

/** The routes by name, as API Gateway would invoke them; `id` is the raw path segment. */
export const api = {
  listAnalysts: (query: Record<string, string> = {}) => call(listAnalysts, 'GET', '/api/v1/analysts', '/api/v1/analysts', { query }),
  createAnalyst: async (json: unknown, headers?: Record<string, string>) =>
    call(createAnalyst, 'POST', '/api/v1/analysts', '/api/v1/analysts', { json, headers: headers ?? (await writer()) }),
  getAnalyst: (id: string | number) => call(getAnalyst, 'GET', '/api/v1/analysts/{id}', `/api/v1/analysts/${id}`, { pathParameters: { id: String(id) } }),
  updateAnalyst: async (id: string | number, json: unknown, headers?: Record<string, string>) =>
    call(updateAnalyst, 'PUT', '/api/v1/analysts/{id}', `/api/v1/analysts/${id}`, { pathParameters: { id: String(id) }, json, headers: headers ?? (await writer()) }),
  deleteAnalyst: async (id: string | number, headers?: Record<string, string>) =>
    call(deleteAnalyst, 'DELETE', '/api/v1/analysts/{id}', `/api/v1/analysts/${id}`, { pathParameters: { id: String(id) }, headers: headers ?? (await writer()) }),
  listAssets: (query: Record<string, string> = {}) => call(listAssets, 'GET', '/api/v1/assets', '/api/v1/assets', { query }),
  createAsset: async (json: unknown, headers?: Record<string, string>) =>
    call(createAsset, 'POST', '/api/v1/assets', '/api/v1/assets', { json, headers: headers ?? (await writer()) }),
  getAsset: (id: string | number) => call(getAsset, 'GET', '/api/v1/assets/{id}', `/api/v1/assets/${id}`, { pathParameters: { id: String(id) } }),
  updateAsset: async (id: string | number, json: unknown, headers?: Record<string, string>) =>
    call(updateAsset, 'PUT', '/api/v1/assets/{id}', `/api/v1/assets/${id}`, { pathParameters: { id: String(id) }, json, headers: headers ?? (await writer()) }),
  deleteAsset: async (id: string | number, headers?: Record<string, string>) =>
    call(deleteAsset, 'DELETE', '/api/v1/assets/{id}', `/api/v1/assets/${id}`, { pathParameters: { id: String(id) }, headers: headers ?? (await writer()) }),
  createSubscription: async (json: unknown, headers?: Record<string, string>) =>
    call(createSubscription, 'POST', '/api/v1/subscriptions', '/api/v1/subscriptions', { json, headers: headers ?? (await writer()) }),
  deleteSubscription: async (id: string | number, headers?: Record<string, string>) =>
    call(deleteSubscription, 'DELETE', '/api/v1/subscriptions/{id}', `/api/v1/subscriptions/${id}`, { pathParameters: { id: String(id) }, headers: headers ?? (await writer()) }),
  listNotifications: (id: string | number, query: Record<string, string> = {}) =>
    call(listNotifications, 'GET', '/api/v1/subscriptions/{id}/notifications', `/api/v1/subscriptions/${id}/notifications`, {
      pathParameters: { id: String(id) },
      query,
    }),
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
