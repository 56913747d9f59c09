// The cache of Shakespearean descriptions, in the PokemonCacheTable (resources/pokemon.yml).
//
// Key design (one string partition key, `cacheKey`; no sort key, no index):
//   species#<name>  the entry: { name, description, expiresAt }. Only upstream-translated answers are
//                   stored, so an entry never needs a "source" field.
//   id#<id>         an alias: { name, expiresAt }, pointing at the entry of the species with that id.
// A lookup by name reads the entry; a lookup by id reads the alias, then the entry. Whichever way a
// species was first asked for, both items are written, so `6` and `charizard` share one entry.
//
// expiresAt is the TTL attribute (epoch seconds, now + the stage's cacheTtlSeconds). DynamoDB deletes
// expired items only eventually (up to days later), so reads treat an item past expiresAt as absent.
//
// Concurrency: requests that miss together each write the whole entry with one PutItem (atomic per
// item), so the last writer wins with a complete, equally valid entry; there is no read-modify-write
// to interleave. The entry is written before its alias, so an alias never points at an entry that was
// never written (an expired one reads as a miss, and the next answer rewrites both).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config, tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import type { PokemonDescription } from '#shared/pokemon/schemas';

export const entryKey = (name: string) => `species#${name}`;
export const aliasKey = (id: number | string) => `id#${id}`;

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function getLive(cacheKey: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName('pokemonCache'), Key: { cacheKey } }));
  if (!Item || typeof Item.expiresAt !== 'number' || Item.expiresAt <= nowSeconds()) return undefined;
  return Item;
}

/** The cached description of a species asked for by name or numeric id, if a live one exists. */
export async function findCached(nameOrId: string): Promise<PokemonDescription | undefined> {
  let name = nameOrId;
  if (/^[0-9]+$/.test(nameOrId)) {
    const alias = await getLive(aliasKey(nameOrId));
    if (typeof alias?.name !== 'string') return undefined;
    name = alias.name;
  }
  const entry = await getLive(entryKey(name));
  if (typeof entry?.name !== 'string' || typeof entry.description !== 'string') return undefined;
  return { name: entry.name, description: entry.description };
}

/** Stores an upstream-translated description under the species' name, with an alias for its id. */
export async function saveCached(id: number, answer: PokemonDescription): Promise<void> {
  const expiresAt = nowSeconds() + config().pokemon.cacheTtlSeconds;
  const TableName = tableName('pokemonCache');
  await dynamo().send(new PutCommand({ TableName, Item: { cacheKey: entryKey(answer.name), ...answer, expiresAt } }));
  await dynamo().send(new PutCommand({ TableName, Item: { cacheKey: aliasKey(id), name: answer.name, expiresAt } }));
}
