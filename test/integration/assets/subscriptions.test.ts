// /api/v1/subscriptions and notifications in process against DynamoDB Local, as docs/API.md specifies them.
// Every test deletes the subscriptions it made: they count towards the topic's subscriber limit for the whole run.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { topicKey } from '#shared/assets/keys';
import { MAX_SUBSCRIBERS_PER_TOPIC } from '#shared/assets/subscriptions';
import { api, deletedTwice, expect2xx, expectRefusalNaming, newAnalyst, newAsset, unique } from './fixtures';

const TOPIC = 'asset::creation';
const made: number[] = [];

async function subscribe(email = `${unique('reader')}@example.com`) {
  const subscription = expect2xx(await api.createSubscription({ email, topic: TOPIC }), 201);
  made.push(subscription.id);
  return subscription as { id: number; email: string; topic: string };
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((id) => api.deleteSubscription(id)));
});

async function subscriberCount(): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName('assets'), Key: topicKey(TOPIC), ConsistentRead: true }));
  return (Item?.subscriberCount as number | undefined) ?? 0;
}

describe('POST /api/v1/subscriptions', () => {
  it('creates a subscription with 201 and an integer id', async () => {
    const email = `${unique('ada')}@example.com`;
    const result = await api.createSubscription({ email, topic: TOPIC });
    expect(result.statusCode).toBe(201);
    made.push(result.body.id);
    expect(result.body).toEqual({ id: expect.any(Number), email, topic: TOPIC });
  });

  // A missing topic was a 400 before issue 16; the original API defaulted it, and had no other topic.
  it('subscribes an address without a topic to asset::creation', async () => {
    const email = `${unique('no-topic')}@example.com`;
    const result = await api.createSubscription({ email });
    expect(result.statusCode).toBe(201);
    made.push(result.body.id);
    expect(result.body).toEqual({ id: expect.any(Number), email, topic: TOPIC });
    const again = await api.createSubscription({ email, topic: TOPIC });
    expect(again.statusCode).toBe(409);
  });

  it('refuses the same address on the same topic twice, whatever its case, with 409', async () => {
    const email = `${unique('twice')}@example.com`;
    await subscribe(email);
    const result = await api.createSubscription({ email: email.toUpperCase(), topic: TOPIC });
    expect(result.statusCode).toBe(409);
    expect(result.body.error).toBe(`${email.toUpperCase()} is already subscribed to ${TOPIC}`);
  });

  it('accepts an address again once its subscription is deleted', async () => {
    const email = `${unique('again')}@example.com`;
    const first = await subscribe(email);
    expect((await api.deleteSubscription(first.id)).statusCode).toBe(200);
    await subscribe(email);
  });

  it.each([
    ['an email that is not an email', { email: 'not-an-email', topic: TOPIC }, 'body.email'],
    ['an email without a domain', { email: 'ada@', topic: TOPIC }, 'body.email'],
    ['a missing email', { topic: TOPIC }, 'body.email'],
    ['an email that is not a string', { email: 42, topic: TOPIC }, 'body.email'],
    ['an unknown topic', { email: 'ada@example.com', topic: 'asset::deletion' }, 'body.topic'],
    ['an unknown field', { email: 'ada@example.com', topic: TOPIC, frequency: 'daily' }, 'body'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_case, json, field) => {
    await expectRefusalNaming(field, () => api.createSubscription(json));
  });

  it(`holds at most ${MAX_SUBSCRIBERS_PER_TOPIC} subscribers, and an asset notifies all of them in one transaction`, async () => {
    const room = MAX_SUBSCRIBERS_PER_TOPIC - (await subscriberCount());
    const subscribers = [];
    for (let i = 0; i < room; i += 1) subscribers.push(await subscribe());
    const full = await api.createSubscription({ email: `${unique('one-too-many')}@example.com`, topic: TOPIC });
    expect(full.statusCode).toBe(409);
    expect(full.body.error).toBe(`The topic ${TOPIC} already has its maximum of ${MAX_SUBSCRIBERS_PER_TOPIC} subscribers`);

    const asset = await newAsset((await newAnalyst()).id);
    for (const subscriber of subscribers) {
      const { body } = await api.listNotifications(subscriber.id);
      expect(body.notifications.map((notification: { asset: { id: number } }) => notification.asset.id)).toEqual([asset.id]);
    }
  });
});

describe('DELETE /api/v1/subscriptions/{id}', () => {
  it('answers 200 with the deleted subscription, then 404 the second time', async () => {
    const subscription = await subscribe();
    const second = await deletedTwice(api.deleteSubscription, subscription);
    expect(second.statusCode).toBe(404);
    expect(second.body).toEqual({ error: `No subscription has the id ${subscription.id}` });
  });

  it('frees the place it took on the topic', async () => {
    const before = await subscriberCount();
    const subscription = await subscribe();
    expect(await subscriberCount()).toBe(before + 1);
    await api.deleteSubscription(subscription.id);
    expect(await subscriberCount()).toBe(before);
  });

  it.each(['x', '-1', '0', '1.5', '18446744073709551616'])('answers the id "%s" with 400', async (id) => {
    expect((await api.deleteSubscription(id)).statusCode).toBe(400);
  });
});

describe('GET /api/v1/subscriptions/{id}/notifications', () => {
  // No relay runs here (see notifications-relay.test.ts): every notification stays pending.
  it('lists one notification per asset created while subscribed, with the asset as created, pending', async () => {
    const subscription = await subscribe();
    const analyst = await newAnalyst();
    const first = await newAsset(analyst.id, { description: 'first' });
    const second = await newAsset(analyst.id);
    const result = await api.listNotifications(subscription.id);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({
      notifications: [
        { subscription_id: subscription.id, topic: TOPIC, created_at: expect.any(String), asset: first, status: 'pending' },
        { subscription_id: subscription.id, topic: TOPIC, created_at: expect.any(String), asset: second, status: 'pending' },
      ],
      nextCursor: null,
    });
    expect(Number.isNaN(Date.parse(result.body.notifications[0].created_at))).toBe(false);
  });

  it('notifies every subscriber of the same asset', async () => {
    const [one, two] = [await subscribe(), await subscribe()];
    const asset = await newAsset((await newAnalyst()).id);
    for (const subscription of [one, two]) {
      const { body } = await api.listNotifications(subscription.id);
      expect(body.notifications.map((notification: { asset: { id: number } }) => notification.asset.id)).toEqual([asset.id]);
    }
  });

  it('records nothing for assets created before the subscription', async () => {
    await newAsset((await newAnalyst()).id);
    const subscription = await subscribe();
    expect((await api.listNotifications(subscription.id)).body).toEqual({ notifications: [], nextCursor: null });
  });

  it('records no notification when the asset is refused', async () => {
    const subscription = await subscribe();
    expect((await api.createAsset({ name: 'x', is_active: true, analyst_id: 9_007_199_254_740_991 })).statusCode).toBe(400);
    expect((await api.listNotifications(subscription.id)).body.notifications).toEqual([]);
  });

  it('pages through the notifications in creation order', async () => {
    const subscription = await subscribe();
    const analyst = await newAnalyst();
    const assets = [];
    for (let i = 0; i < 5; i += 1) assets.push(await newAsset(analyst.id));
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await api.listNotifications(subscription.id, { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(body.notifications.length).toBeLessThanOrEqual(2);
      seen.push(...body.notifications.map((notification: { asset: { id: number } }) => notification.asset.id));
      cursor = body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(assets.map((asset) => asset.id));
  });

  it("answers another subscription's cursor with 400", async () => {
    const [one, two] = [await subscribe(), await subscribe()];
    const analyst = await newAnalyst();
    await newAsset(analyst.id);
    await newAsset(analyst.id);
    const { body } = await api.listNotifications(one.id, { limit: '1' });
    expect(body.nextCursor).toEqual(expect.any(String));
    expect((await api.listNotifications(two.id, { cursor: body.nextCursor })).statusCode).toBe(400);
  });

  it('answers a deleted subscription with 404', async () => {
    const subscription = await subscribe();
    await api.deleteSubscription(subscription.id);
    expect((await api.listNotifications(subscription.id)).statusCode).toBe(404);
  });

  it('answers a non-integer id with 400', async () => {
    expect((await api.listNotifications('one')).statusCode).toBe(400);
  });
});
