// The asset register in one DynamoDB table (AssetsTable), single-table design: the key design, and the
// builders of every key, used by the entity modules (analysts.ts, assets.ts, subscriptions.ts) and the tests.
//
// Key design (pk, sk are strings; ids are written as 16 zero-padded digits so that they sort as numbers):
//
//   pk                       sk                  attributes
//   COUNTER                  analyst | asset |   lastId                     UpdateItem ADD lastId 1 hands out ids
//                            subscription
//   ANALYST                  <id>                id, name, company, assetCount
//   ASSET                    <id>                id, name, description, inception_date, is_active, analyst_id
//   SUBSCRIPTION             <id>                id, email, topic
//   SUBSCRIBER#<topic>#<email, lowercased>  -    subscriptionId             one subscription per address and topic
//   TOPIC                    <topic>             subscriberCount            bounds the asset-creation transaction
//   NOTIFICATIONS#<sub id>   <asset id>          subscription_id, topic, created_at, asset (the record as created);
//                                                and once the relay handled it: status (delivered | failed | skipped),
//                                                delivered_at, failure_reason, attempts, last_error
//                                                (notifications-relay.ts; the table's stream feeds the relay)
//
// Every list is a Query of one partition (ANALYST, ASSET, NOTIFICATIONS#<id>) in sk order: no Scan.
// One partition per entity type is fine at this register's scale (a partition serves 3000 reads and
// 1000 writes a second); a much larger register would shard the partition key.
//
// Referential rules, each enforced inside one TransactWriteItems so that no interleaving breaks them:
// - An asset's analyst exists at write time: creating an asset (or moving it to another analyst) updates the
//   analyst item with `ADD assetCount 1` conditioned on `attribute_exists(pk)`; a missing analyst cancels
//   the transaction (-> 400). Deleting or moving an asset subtracts 1 in the same transaction.
// - An analyst with assets cannot be deleted: the delete is conditioned on `assetCount = 0` (-> 409). Because
//   asset writes and the analyst delete touch the same analyst item, DynamoDB serialises them: either the
//   asset lands first (and the delete sees assetCount > 0) or the delete does (and the asset write fails).
//   So an asset whose analyst is unchanged needs no check of its own: its analyst cannot disappear.
// - Creating an asset writes one notification per subscriber of asset::creation in its transaction. A
//   transaction holds at most 100 items; the asset and its analyst take 2, so a topic holds at most 98
//   subscribers (MAX_SUBSCRIBERS_PER_TOPIC in subscriptions.ts), enforced by TOPIC.subscriberCount in the
//   subscription's own transaction (-> 409 when full).
// A subscription deleted while an asset is being created may leave that one notification behind under
// NOTIFICATIONS#<its id>: unreachable (the subscription answers 404, and ids are never reused).
import * as z from 'zod/mini';
import { tableName } from '#shared/config/index';

export type Kind = 'analyst' | 'asset' | 'subscription';
export interface Key {
  pk: string;
  sk: string;
}

export const assetsTable = () => tableName('assets');

/** The partition holding every record of a kind. */
export const partitions = { analyst: 'ANALYST', asset: 'ASSET', subscription: 'SUBSCRIPTION' } as const;

/** An id as a sort key: zero-padded to 16 digits, so that string order is number order. */
export const idSortKey = (id: number) => String(id).padStart(16, '0');

export const recordKey = (kind: Kind, id: number): Key => ({ pk: partitions[kind], sk: idSortKey(id) });
export const analystKey = (id: number) => recordKey('analyst', id);
export const assetKey = (id: number) => recordKey('asset', id);
export const subscriptionKey = (id: number) => recordKey('subscription', id);

/** The counter that hands out the ids of a kind. */
export const counterKey = (kind: Kind): Key => ({ pk: 'COUNTER', sk: kind });

export const notificationsPartition = (subscriptionId: number) => `NOTIFICATIONS#${subscriptionId}`;
export const notificationKey = (subscriptionId: number, assetId: number): Key => ({
  pk: notificationsPartition(subscriptionId),
  sk: idSortKey(assetId),
});

/** One item per address and topic: its existence is what refuses a second subscription. Addresses are case-blind. */
export const subscriberKey = (topic: string, email: string): Key => ({ pk: `SUBSCRIBER#${topic}#${email.toLowerCase()}`, sk: '-' });

/** The topic's subscriber count. */
export const topicKey = (topic: string): Key => ({ pk: 'TOPIC', sk: topic });

const listKeyShapes = new Map<string, z.ZodMiniObject<{ pk: z.ZodMiniLiteral<string>; sk: z.ZodMiniString }>>();

/**
 * The key a list's cursor may hold: exactly partition `pk` and a padded id (anything else is a forged cursor).
 * One schema per partition, built on first use: building it on each request cost more than the rest of a list's work.
 */
export function listKeyShape(pk: string) {
  let shape = listKeyShapes.get(pk);
  if (!shape) listKeyShapes.set(pk, (shape = z.object({ pk: z.literal(pk), sk: z.string().check(z.regex(/^[0-9]{16}$/)) })));
  return shape;
}
