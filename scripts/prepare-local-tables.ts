// Runs after serverless-dynamodb has created the local tables (see plugins/local-dynamodb.cjs):
// turns on TTL where a table declares it, since the plugin's migration drops TimeToLiveSpecification,
// and with --seed loads each service's demo data through its own domain code.
//
//   tsx scripts/prepare-local-tables.ts --stage local [--seed]
import { DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { tableProperties } from '../config/cloudformation';
import { localSettings } from './local-settings';
import { seeders } from './seed/index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stage: { type: 'string', default: 'local' }, seed: { type: 'boolean', default: false } },
  });
  const settings = localSettings(values.stage!);
  const client = new DynamoDBClient({ endpoint: settings.environment.DYNAMODB_ENDPOINT });

  for (const resource of Object.values(settings.resources.Resources)) {
    const table = tableProperties(resource);
    const ttl = table?.TimeToLiveSpecification;
    if (!table || !ttl?.Enabled) continue;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.TableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: ttl.AttributeName },
      }),
    );
    console.log(`TTL enabled on ${table.TableName} (${ttl.AttributeName})`);
  }

  if (values.seed) {
    for (const seeder of seeders) {
      if (!settings.services.includes(seeder.service)) continue;
      console.log(`Seeded ${seeder.service}: ${await seeder.seed()}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
