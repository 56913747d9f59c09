// The assets service's routes: one defineRoute per endpoint (see shared/http/route.ts).
// Reads are public; every write needs a bearer token with the scope `assets:write`.
// Subscriptions and their notifications are in subscription-routes.ts.
import { defineRoute, lazySchema } from '#shared/http/route';
import { WRITE, pageQuery, writeErrors, badId, badIdOnly, badPage, noId, newAnalyst, newAsset, deleteCreated } from '#shared/assets/route-parts';
import { MAX_ID, analyst, analystInput, analystReplacement, asset, assetInput, assetReplacement, idParams, page } from '#shared/assets/schemas';

// ---- analysts ----

export const listAnalysts = defineRoute({
  service: 'assets',
  operationId: 'listAnalysts',
  method: 'GET',
  path: '/api/v1/analysts',
  data: [{ table: 'assets', actions: ['Query'] }], // one Query of the ANALYST partition
  summary: 'Analysts, in id order, a page at a time',
  query: pageQuery,
  responses: { 200: { description: 'A page of analysts', schema: lazySchema(() => page('analysts', analyst())) } },
  errors: { 400: badPage },
  exampleRequests: { 400: { query: { limit: '0' } } },
});

export const createAnalyst = defineRoute({
  service: 'assets',
  operationId: 'createAnalyst',
  method: 'POST',
  path: '/api/v1/analysts',
  data: [{ table: 'assets', actions: ['UpdateItem', 'PutItem'] }], // the id counter, the analyst
  summary: 'Registers an analyst; the id comes from a counter',
  auth: WRITE,
  body: analystInput,
  responses: { 201: { description: 'The analyst, with its id', schema: analyst } },
  errors: writeErrors,
});

export const getAnalyst = defineRoute({
  service: 'assets',
  operationId: 'getAnalyst',
  method: 'GET',
  path: '/api/v1/analysts/{id}',
  data: [{ table: 'assets', actions: ['GetItem'] }],
  summary: 'One analyst',
  params: idParams,
  responses: { 200: { description: 'The analyst', schema: analyst } },
  errors: { 400: badIdOnly, 404: 'No analyst has this id' },
  exampleRequests: {
    200: { setup: [newAnalyst], params: { id: '{{0.id}}' } },
    400: { params: { id: 'abc' } },
    404: { params: { id: noId } },
  },
});

export const updateAnalyst = defineRoute({
  service: 'assets',
  operationId: 'updateAnalyst',
  method: 'PUT',
  path: '/api/v1/analysts/{id}',
  data: [{ table: 'assets', actions: ['UpdateItem'] }],
  summary: 'Replaces an analyst\'s name and company',
  description: 'The whole record is replaced: both fields are required. The body may repeat the id of the path (as the record reads); a different id is a 400 and changes nothing.',
  auth: WRITE,
  params: idParams,
  body: analystReplacement,
  responses: { 200: { description: 'The analyst as stored now', schema: analyst } },
  errors: { ...writeErrors, 400: `${badId}, or its id is not the path's`, 404: 'No analyst has this id' },
  exampleRequests: {
    200: { setup: [newAnalyst], params: { id: '{{0.id}}' }, body: { name: 'Ada King', company: 'Analytical Engines Ltd' } },
    404: { params: { id: noId }, body: { name: 'Ada King', company: 'Analytical Engines Ltd' } },
  },
});

export const deleteAnalyst = defineRoute({
  service: 'assets',
  operationId: 'deleteAnalyst',
  method: 'DELETE',
  path: '/api/v1/analysts/{id}',
  data: [{ table: 'assets', actions: ['DeleteItem'] }], // conditioned on assetCount = 0
  summary: 'Deletes an analyst who has no assets',
  auth: WRITE,
  params: idParams,
  responses: { 200: { description: 'The deleted analyst', schema: analyst } },
  errors: {
    ...writeErrors,
    400: badIdOnly,
    404: 'No analyst has this id (or it was already deleted)',
    409: 'The analyst still has assets',
  },
  exampleRequests: {
    200: { setup: [newAnalyst], params: { id: '{{0.id}}' } },
    400: { params: { id: '0' } },
    404: { setup: [newAnalyst, deleteCreated('analysts', 0)], params: { id: '{{0.id}}' } },
    409: { setup: [newAnalyst, newAsset(0)], params: { id: '{{0.id}}' } },
  },
});

// ---- assets ----

export const listAssets = defineRoute({
  service: 'assets',
  operationId: 'listAssets',
  method: 'GET',
  path: '/api/v1/assets',
  data: [{ table: 'assets', actions: ['Query'] }],
  summary: 'Assets, in id order, a page at a time',
  query: pageQuery,
  responses: { 200: { description: 'A page of assets', schema: lazySchema(() => page('assets', asset())) } },
  errors: { 400: badPage },
  exampleRequests: { 400: { query: { cursor: 'not-a-cursor' } } },
});

export const createAsset = defineRoute({
  service: 'assets',
  operationId: 'createAsset',
  method: 'POST',
  path: '/api/v1/assets',
  // Subscribers (Query); id counter and analyst count (UpdateItem), asset and notifications (PutItem) in one transaction.
  data: [{ table: 'assets', actions: ['Query', 'UpdateItem', 'PutItem'] }],
  summary: 'Registers an asset and notifies every asset::creation subscriber',
  description:
    'The analyst must exist when the asset is written (checked in the same transaction). One notification per ' +
    'subscriber of asset::creation is recorded in that transaction too.',
  auth: WRITE,
  body: assetInput,
  responses: { 201: { description: 'The asset, with its id', schema: asset } },
  errors: { ...writeErrors, 400: 'Invalid body, or no analyst has analyst_id' },
  exampleRequests: {
    201: {
      setup: [newAnalyst],
      body: { name: 'Solar farm', description: 'North site', inception_date: '2023-02-28', is_active: true, analyst_id: '{{0.id}}' },
    },
    400: { body: { name: 'Solar farm', is_active: true, analyst_id: MAX_ID } },
  },
});

export const getAsset = defineRoute({
  service: 'assets',
  operationId: 'getAsset',
  method: 'GET',
  path: '/api/v1/assets/{id}',
  data: [{ table: 'assets', actions: ['GetItem'] }],
  summary: 'One asset',
  params: idParams,
  responses: { 200: { description: 'The asset', schema: asset } },
  errors: { 400: badIdOnly, 404: 'No asset has this id' },
  exampleRequests: {
    200: { setup: [newAnalyst, newAsset(0)], params: { id: '{{1.id}}' } },
    400: { params: { id: '1.5' } },
    404: { params: { id: noId } },
  },
});

export const updateAsset = defineRoute({
  service: 'assets',
  operationId: 'updateAsset',
  method: 'PUT',
  path: '/api/v1/assets/{id}',
  // Read, then the asset (PutItem) and the analysts' counts (UpdateItem) in one transaction.
  data: [{ table: 'assets', actions: ['GetItem', 'PutItem', 'UpdateItem'] }],
  summary: 'Replaces an asset',
  description:
    'The whole record is replaced: omitted optional fields take their defaults (description null, inception_date today). ' +
    'The body may repeat the id of the path (as the record reads); a different id is a 400 and changes nothing.',
  auth: WRITE,
  params: idParams,
  body: assetReplacement,
  responses: { 200: { description: 'The asset as stored now', schema: asset } },
  errors: { ...writeErrors, 400: `${badId}, its id is not the path's, or no analyst has analyst_id`, 404: 'No asset has this id' },
  exampleRequests: {
    200: {
      setup: [newAnalyst, newAsset(0)],
      params: { id: '{{1.id}}' },
      body: { name: 'Solar farm', description: 'North and south sites', inception_date: '2023-02-28', is_active: false, analyst_id: '{{0.id}}' },
    },
    400: {
      setup: [newAnalyst, newAsset(0)],
      params: { id: '{{1.id}}' },
      body: { name: 'Solar farm', is_active: true, analyst_id: MAX_ID },
    },
    404: { params: { id: noId }, body: { name: 'Solar farm', is_active: true, analyst_id: 1 } },
  },
});

export const deleteAsset = defineRoute({
  service: 'assets',
  operationId: 'deleteAsset',
  method: 'DELETE',
  path: '/api/v1/assets/{id}',
  // Read, then the asset (DeleteItem) and its analyst's count (UpdateItem) in one transaction.
  data: [{ table: 'assets', actions: ['GetItem', 'DeleteItem', 'UpdateItem'] }],
  summary: 'Deletes an asset',
  auth: WRITE,
  params: idParams,
  responses: { 200: { description: 'The deleted asset', schema: asset } },
  errors: { ...writeErrors, 400: badIdOnly, 404: 'No asset has this id (or it was already deleted)' },
  exampleRequests: {
    200: { setup: [newAnalyst, newAsset(0)], params: { id: '{{1.id}}' } },
    400: { params: { id: '-1' } },
    404: { setup: [newAnalyst, newAsset(0), deleteCreated('assets', 1)], params: { id: '{{1.id}}' } },
  },
});

export * from '#shared/assets/subscription-routes';
