// The assets service's subscription routes (see routes.ts for the analysts and assets).
import { defineRoute, lazySchema } from '#shared/http/route';
import { WRITE, pageQuery, writeErrors, badIdOnly, badPage, noId, newAnalyst, newAsset, newSubscription, deleteCreated } from '#shared/assets/route-parts';
import { idParams, notification, page, subscription, subscriptionInput } from '#shared/assets/schemas';

// ---- subscriptions ----

export const createSubscription = defineRoute({
  service: 'assets',
  operationId: 'createSubscription',
  method: 'POST',
  path: '/api/v1/subscriptions',
  // The id counter and topic count (UpdateItem), the subscription and its uniqueness item (PutItem).
  data: [{ table: 'assets', actions: ['UpdateItem', 'PutItem'] }],
  summary: 'Subscribes an email address to a topic',
  description: 'One subscription per email address (compared case-insensitively) and topic. Without `topic`, the subscription is for asset::creation.',
  auth: WRITE,
  body: subscriptionInput,
  responses: { 201: { description: 'The subscription, with its id', schema: subscription } },
  errors: { ...writeErrors, 409: 'The address is already subscribed, or the topic has its maximum of subscribers' },
  exampleRequests: {
    201: { body: { email: 'contract-subscribe@example.com', topic: 'asset::creation' } },
    409: {
      setup: [newSubscription('contract-taken@example.com')],
      body: { email: 'Contract-Taken@example.com', topic: 'asset::creation' },
    },
  },
});

export const deleteSubscription = defineRoute({
  service: 'assets',
  operationId: 'deleteSubscription',
  method: 'DELETE',
  path: '/api/v1/subscriptions/{id}',
  data: [{ table: 'assets', actions: ['GetItem', 'DeleteItem', 'UpdateItem'] }],
  summary: 'Ends a subscription',
  auth: WRITE,
  params: idParams,
  responses: { 200: { description: 'The deleted subscription', schema: subscription } },
  errors: { ...writeErrors, 400: badIdOnly, 404: 'No subscription has this id (or it was already deleted)' },
  exampleRequests: {
    200: { setup: [newSubscription('contract-unsubscribe@example.com')], params: { id: '{{0.id}}' } },
    400: { params: { id: '9007199254740992' } },
    // The token is checked before the id is looked at; and the 200's setup cannot run twice (one address, one topic).
    401: { params: { id: '1' }, token: 'none' },
    403: { params: { id: '1' }, token: 'without-scope' },
    404: {
      setup: [newSubscription('contract-unsubscribe-twice@example.com'), deleteCreated('subscriptions', 0)],
      params: { id: '{{0.id}}' },
    },
  },
});

export const listNotifications = defineRoute({
  service: 'assets',
  operationId: 'listNotifications',
  method: 'GET',
  path: '/api/v1/subscriptions/{id}/notifications',
  data: [{ table: 'assets', actions: ['GetItem', 'Query'] }], // the subscription, its notifications
  summary: 'The notifications recorded for a subscription, oldest first',
  params: idParams,
  query: pageQuery,
  responses: { 200: { description: 'A page of notifications', schema: lazySchema(() => page('notifications', notification())) } },
  errors: { 400: `${badIdOnly}, or ${badPage}`, 404: 'No subscription has this id' },
  exampleRequests: {
    200: {
      setup: [newSubscription('contract-notified@example.com'), newAnalyst, newAsset(1)],
      params: { id: '{{0.id}}' },
      query: { limit: '10' },
    },
    400: { params: { id: '1' }, query: { limit: '1001' } },
    404: { params: { id: noId } },
  },
});
