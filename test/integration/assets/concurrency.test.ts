// The referential rules under concurrency: requests race against DynamoDB Local, many rounds in parallel,
// and the final state is checked against the stored records, not against the answers alone.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { partitions } from '#shared/assets/keys';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { api, newAnalyst, newAsset, storedAssetCount, unique } from './fixtures';

const ROUNDS = 30;
const PARALLEL_ROUNDS = 6;
const CREATES_PER_ROUND = 5;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = () => pause(Math.random() * 15);

/** Every stored asset (a Query of the ASSET partition; see the key design in shared/assets/keys.ts). */
async function storedAssets(): Promise<{ id: number; analyst_id: number }[]> {
  const assets: { id: number; analyst_id: number }[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName('assets'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.asset },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    assets.push(...((page.Items ?? []) as { id: number; analyst_id: number }[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return assets;
}

/** For each analyst: gone with no asset pointing at them, or present with a count equal to their assets. */
async function expectConsistent(analystIds: number[]) {
  const assets = await storedAssets();
  for (const analystId of analystIds) {
    const pointing = assets.filter((asset) => asset.analyst_id === analystId).length;
    const exists = (await api.getAnalyst(analystId)).statusCode === 200;
    const count = await storedAssetCount(analystId);
    expect({ analystId, exists, pointing, count }).toEqual(
      exists ? { analystId, exists, pointing, count: pointing } : { analystId, exists, pointing: 0, count: undefined },
    );
  }
}

async function inParallelRounds(round: (index: number) => Promise<void>) {
  for (let start = 0; start < ROUNDS; start += PARALLEL_ROUNDS) {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_ROUNDS, ROUNDS - start) }, (_, i) => round(start + i)));
  }
}

describe('assets under concurrency', () => {
  it('never leaves an asset pointing at a missing analyst when the analyst is deleted while assets are created', async () => {
    const analystIds: number[] = [];
    const outcomes = { deleted: 0, refused: 0 };
    await inParallelRounds(async (index) => {
      const analyst = await newAnalyst();
      analystIds.push(analyst.id);
      const creates = Array.from({ length: CREATES_PER_ROUND }, async () => {
        await jitter();
        return api.createAsset({ name: unique('race'), is_active: true, analyst_id: analyst.id });
      });
      // A create makes three calls before its transaction, a delete one: the delete starts 0 to 180 ms later,
      // so that across the rounds either side gets there first.
      const removal = (async () => {
        await pause((index % 10) * 20);
        return api.deleteAnalyst(analyst.id);
      })();
      const [deleted, ...created] = await Promise.all([removal, ...creates]);
      const createdCount = created.filter((result) => result.statusCode === 201).length;
      // Every create either committed (201) or found no analyst (400); the delete either won (200) or saw assets (409).
      expect(created.every((result) => [201, 400].includes(result.statusCode))).toBe(true);
      expect([200, 409]).toContain(deleted.statusCode);
      if (deleted.statusCode === 200) {
        outcomes.deleted += 1;
        expect(createdCount).toBe(0);
      } else {
        outcomes.refused += 1;
        expect(createdCount).toBeGreaterThan(0);
      }
    });
    expect(outcomes.deleted + outcomes.refused).toBe(ROUNDS);
    await expectConsistent(analystIds);
  });

  it('keeps the counts exact while assets are created, deleted and moved and their analysts deleted', async () => {
    const analystIds: number[] = [];
    await inParallelRounds(async () => {
      const [from, to] = [await newAnalyst(), await newAnalyst()];
      analystIds.push(from.id, to.id);
      const existing = await newAsset(from.id);
      const moving = await newAsset(from.id);
      await Promise.all([
        jitter().then(() => api.deleteAsset(existing.id)),
        jitter().then(() => api.updateAsset(moving.id, { name: moving.name, is_active: false, analyst_id: to.id })),
        jitter().then(() => api.createAsset({ name: unique('late'), is_active: true, analyst_id: from.id })),
        jitter().then(() => api.createAsset({ name: unique('late'), is_active: true, analyst_id: to.id })),
        jitter().then(() => api.deleteAnalyst(from.id)),
        jitter().then(() => api.deleteAnalyst(to.id)),
      ]);
    });
    await expectConsistent(analystIds);
  });

  it('gives each of many concurrent asset creates its own id and counts every one', async () => {
    const analyst = await newAnalyst();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.createAsset({ name: unique('burst'), is_active: true, analyst_id: analyst.id })),
    );
    expect(results.map((result) => result.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((result) => result.body.id)).size).toBe(20);
    expect(await storedAssetCount(analyst.id)).toBe(20);
  });
});
