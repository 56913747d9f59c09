// The assets service's routes: one defineRoute per endpoint (see shared/http/route.ts).
// Reads are public; every write needs a bearer token with the scope `assets:write`.
import * as z from 'zod/mini';
import { defineRoute } from '#shared/http/route';
import { cursorParam, limitParam } from '#shared/http/pagination';
import {
  analyst,
  analystInput,
  asset,
  assetInput,
  idParams,
  notification,
  page,
  subscription,
  subscriptionInput,
} from '#shared/assets/schemas';

const WRITE = { scope: 'assets:write' } as const;
const pageQuery = z.object({ limit: limitParam, cursor: cursorParam });
const writeErrors = { 401: 'No token, or a bad, expired or foreign one', 403: 'The token lacks the scope assets:write' };
const badId = 'The id is not a positive integer, or the body is invalid';

// ---- analysts ----

export const listAnalysts = defineRoute({
  service: 'assets',
  operationId: 'listAnalysts',
  method: 'GET',
  path: '/api/v1/analysts',
  summary: 'Analysts, in id order, a page at a time',
  query: pageQuery,
  responses: { 200: { description: 'A page of analysts', schema: page('analysts', analyst) } },
});

export const createAnalyst = defineRoute({
  service: 'assets',
  operationId: 'createAnalyst',
  method: 'POST',
  path: '/api/v1/analysts',
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
  summary: 'One analyst',
  params: idParams,
  responses: { 200: { description: 'The analyst', schema: analyst } },
  errors: { 404: 'No analyst has this id' },
});

export const updateAnalyst = defineRoute({
  service: 'assets',
  operationId: 'updateAnalyst',
  method: 'PUT',
  path: '/api/v1/analysts/{id}',
  summary: 'Replaces an analyst\'s name and company',
  description: 'The whole record is replaced: both fields are required.',
  auth: WRITE,
  params: idParams,
  body: analystInput,
  responses: { 200: { description: 'The analyst as stored now', schema: analyst } },
  errors: { ...writeErrors, 404: 'No analyst has this id' },
});

export const deleteAnalyst = defineRoute({
  service: 'assets',
  operationId: 'deleteAnalyst',
  method: 'DELETE',
  path: '/api/v1/analysts/{id}',
  summary: 'Deletes an analyst who has no assets',
  auth: WRITE,
  params: idParams,
  responses: { 200: { description: 'The deleted analyst', schema: analyst } },
  errors: { ...writeErrors, 404: 'No analyst has this id (or it was already deleted)', 409: 'The analyst still has assets' },
});

// ---- assets ----

export const listAssets = defineRoute({
  service: 'assets',
  operationId: 'listAssets',
  method: 'GET',
  path: '/api/v1/assets',
  summary: 'Assets, in id order, a page at a time',
  query: pageQuery,
  responses: { 200: { description: 'A page of assets', schema: page('assets', asset) } },
});

export const createAsset = defineRoute({
  service: 'assets',
  operationId: 'createAsset',
  method: 'POST',
  path: '/api/v1/assets',
  summary: 'Registers an asset and notifies every asset::creation subscriber',
  description:
    'The analyst must exist when the asset is written (checked in the same transaction). One notification per ' +
    'subscriber of asset::creation is recorded in that transaction too.',
  auth: WRITE,
  body: assetInput,
  responses: { 201: { description: 'The asset, with its id', schema: asset } },
  errors: { ...writeErrors, 400: 'Invalid body, or no analyst has analyst_id' },
});

export const getAsset = defineRoute({
  service: 'assets',
  operationId: 'getAsset',
  method: 'GET',
  path: '/api/v1/assets/{id}',
  summary: 'One asset',
  params: idParams,
  responses: { 200: { description: 'The asset', schema: asset } },
  errors: { 404: 'No asset has this id' },
});

export const updateAsset = defineRoute({
  service: 'assets',
  operationId: 'updateAsset',
  method: 'PUT',
  path: '/api/v1/assets/{id}',
  summary: 'Replaces an asset',
  description: 'The whole record is replaced: omitted optional fields take their defaults (description null, inception_date today).',
  auth: WRITE,
  params: idParams,
  body: assetInput,
  responses: { 200: { description: 'The asset as stored now', schema: asset } },
  errors: { ...writeErrors, 400: `${badId}, or no analyst has analyst_id`, 404: 'No asset has this id' },
});

export const deleteAsset = defineRoute({
  service: 'assets',
  operationId: 'deleteAsset',
  method: 'DELETE',
  path: '/api/v1/assets/{id}',
  summary: 'Deletes an asset',
  auth: WRITE,
  params: idParams,
  responses: { 200: { description: 'The deleted asset', schema: asset } },
  errors: { ...writeErrors, 404: 'No asset has this id (or it was already deleted)' },
});

// ---- subscriptions ----

export const createSubscription = defineRoute({
  service: 'assets',
  operationId: 'createSubscription',
  method: 'POST',
  path: '/api/v1/subscriptions',
  summary: 'Subscribes an email address to a topic',
  description: 'One subscription per email address (compared case-insensitively) and topic.',
  auth: WRITE,
  body: subscriptionInput,
  responses: { 201: { description: 'The subscription, with its id', schema: subscription } },
  errors: { ...writeErrors, 409: 'The address is already subscribed, or the topic has its maximum of subscribers' },
});

export const deleteSubscription = defineRoute({
  service: 'assets',
  operationId: 'deleteSubscription',
  method: 'DELETE',
  path: '/api/v1/subscriptions/{id}',
  summary: 'Ends a subscription',
  auth: WRITE,
  params: idParams,
  responses: { 200: { description: 'The deleted subscription', schema: subscription } },
  errors: { ...writeErrors, 404: 'No subscription has this id (or it was already deleted)' },
});

export const listNotifications = defineRoute({
  service: 'assets',
  operationId: 'listNotifications',
  method: 'GET',
  path: '/api/v1/subscriptions/{id}/notifications',
  summary: 'The notifications recorded for a subscription, oldest first',
  params: idParams,
  query: pageQuery,
  responses: { 200: { description: 'A page of notifications', schema: page('notifications', notification) } },
  errors: { 404: 'No subscription has this id' },
});
