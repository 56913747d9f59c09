// The pokemon service's part of the stack: its cache table has a TTL, its function may only read and write that table.
import { roleStatements, tableProperties } from '../../../config/cloudformation';
import { stageSettings } from '../../../scripts/local-settings';

describe('pokemon stack', () => {
  const { resources, environment } = stageSettings('prod');
  const statements = roleStatements(resources.Resources.GetPokemonRole);

  it('gives getPokemon GetItem and PutItem on the cache table, and no other DynamoDB access', () => {
    const dynamodb = statements.filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));
    expect(dynamodb).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['PokemonCacheTable', 'Arn'] }] },
    ]);
  });

  it('declares a TTL on expiresAt for the cache table', () => {
    expect(tableProperties(resources.Resources.PokemonCacheTable)?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(environment.POKEMON_CACHE_TABLE).toBe('serverless-api-prod-pokemon-cache');
  });
});
