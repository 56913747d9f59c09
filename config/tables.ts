// The tables of the deployed services. Their key design lives in resources/<service>.yml; names and
// durability come from the stage file. A table's logical id, name and environment variable follow from
// its key in the code (`pokemonCache`): PokemonCacheTable, <service>-<stage>-pokemon-cache, POKEMON_CACHE_TABLE.
import fs from 'node:fs';
import path from 'node:path';
import type { TableKey } from '../shared/config/environment';
import { pascal, type Resources } from './cloudformation';
import { readYaml, root, type StageConfig } from './stages';

/** `UsersTable` -> `users`, `PokemonCacheTable` -> `pokemon-cache`. */
const tableSuffix = (logicalId: string): string =>
  logicalId
    .replace(/Table$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

/** `pokemonCache` -> `PokemonCacheTable`: the table's logical id in the stack. */
export const tableLogicalId = (table: TableKey): string => `${pascal(table)}Table`;
/** `PokemonCacheTable` -> `POKEMON_CACHE_TABLE`: the environment variable that carries the table's name. */
export const tableEnvName = (logicalId: string): string => `${tableSuffix(logicalId).replace(/-/g, '_').toUpperCase()}_TABLE`;

function serviceResources(service: string): Resources {
  const file = path.join(root, 'resources', `${service}.yml`);
  return fs.existsSync(file) ? ((readYaml(file) as { Resources?: Resources }).Resources ?? {}) : {};
}

/** The services' resources, tables given their stage's name and durability; and each table's name by variable. */
export function serviceResourcesOf(services: string[], stageConfig: StageConfig, prefix: string) {
  const resources: Resources = {};
  const tableNames: Record<string, string> = {};
  for (const service of services) {
    for (const [logicalId, resource] of Object.entries(serviceResources(service))) {
      if (resource.Type !== 'AWS::DynamoDB::Table') {
        resources[logicalId] = resource;
        continue;
      }
      const tableName = `${prefix}-${tableSuffix(logicalId)}`;
      tableNames[tableEnvName(logicalId)] = tableName;
      resources[logicalId] = {
        ...resource,
        DeletionPolicy: stageConfig.tables.deletionPolicy,
        UpdateReplacePolicy: stageConfig.tables.updateReplacePolicy,
        Properties: {
          ...resource.Properties,
          TableName: tableName,
          BillingMode: stageConfig.tables.billingMode,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: stageConfig.tables.pointInTimeRecovery },
        },
      };
    }
  }
  return { resources, tableNames };
}
