// The pokemon service's part of the stack: its cache table has a TTL, its function may only read and write that table.
import { stageSettings } from '../../../scripts/local-settings';

describe('pokemon stack', () => {
  const { resources, environment } = stageSettings('prod');
  const statements = resources.Resources.GetPokemonRole?.Properties?.Policies?.[0]?.PolicyDocument?.Statement ?? [];

  it('gives getPokemon GetItem and PutItem on the cache table, and no other DynamoDB access', () => {
    const dynamodb = statements.filter((statement: { Action: string[] }) => statement.Action.some((action) => action.startsWith('dynamodb:')));
    expect(dynamodb).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['PokemonCacheTable', 'Arn'] }] },
    ]);
  });

  it('declares a TTL on expiresAt for the cache table', () => {
    expect(resources.Resources.PokemonCacheTable?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(environment.POKEMON_CACHE_TABLE).toBe('serverless-api-prod-pokemon-cache');
  });
});
