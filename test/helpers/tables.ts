// Private copies of the stage's tables, created from the same resources/ definitions serverless
// deploys, on any DynamoDB Local: tests that must see only their own data (fuzzing compares table
// snapshots) or that own their database (faults stop it) use them.
import { CreateTableCommand, DynamoDBClient, paginateScan, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { tableProperties } from '../../config/cloudformation';
import { testSettings } from '../stage';

export const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: testSettings.environment.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

const stripThroughput = <T extends { ProvisionedThroughput?: unknown }>(index: T) => {
  const { ProvisionedThroughput: _ignored, ...rest } = index;
  return rest;
};

/**
 * Creates every table of the test stage under `<name>-<suffix>` and returns the environment that points
 * the functions at them (`USERS_TABLE` -> the copy), plus a map from logical id (`UsersTable`) to the copy's name.
 */
export async function createTableCopies(
  client: DynamoDBClient,
  suffix: string,
): Promise<{ env: Record<string, string>; names: Record<string, string> }> {
  const env: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(testSettings.resources.Resources)) {
    const properties = tableProperties(resource);
    if (!properties) continue;
    const tableName = `${properties.TableName}-${suffix}`;
    const input: CreateTableCommandInput = {
      TableName: tableName,
      AttributeDefinitions: properties.AttributeDefinitions,
      KeySchema: properties.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
      ...(properties.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes.map(stripThroughput) } : {}),
      ...(properties.LocalSecondaryIndexes ? { LocalSecondaryIndexes: properties.LocalSecondaryIndexes } : {}),
    };
    await client.send(new CreateTableCommand(input));
    names[logicalId] = tableName;
    const envName = Object.entries(testSettings.environment).find(([, value]) => value === properties.TableName)?.[0];
    if (envName) env[envName] = tableName;
  }
  return { env, names };
}

const canonical = (value: unknown): string =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
    : Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : value instanceof Uint8Array
        ? JSON.stringify(Buffer.from(value).toString('base64'))
        : JSON.stringify(value);

/** Every item of the tables, in a canonical order: two snapshots are equal exactly when the data is. */
export async function snapshot(client: DynamoDBClient, tableNames: string[]): Promise<string> {
  const tables: Record<string, string[]> = {};
  for (const table of [...tableNames].sort()) {
    const items: string[] = [];
    for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
      for (const item of page.Items ?? []) items.push(canonical(item));
    }
    tables[table] = items.sort();
  }
  return JSON.stringify(tables);
}

/** A table of its own for a test of the DynamoDB mechanics (shared/dynamo): string keys pk and sk, nothing else. */
export async function createScratchTable(client: DynamoDBClient, label: string): Promise<string> {
  const tableName = `${label}-${process.pid}-${Date.now()}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  return tableName;
}
