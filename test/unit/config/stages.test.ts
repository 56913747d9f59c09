// config/settings.ts: the stage and account YAML, validated, turned into what serverless.yml needs.
import { stageSettings } from '../../../scripts/local-settings';

describe('stage configuration', () => {
  it('refuses an unknown stage with a message naming the known ones', () => {
    expect(() => stageSettings('nosuchstage')).toThrow(/Unknown stage "nosuchstage".*Known stages: .*prod/);
  });

  it.each(['local', 'test', 'dev', 'staging', 'prod'])('loads and validates the %s stage', (stage) => {
    const settings = stageSettings(stage);
    expect(settings.environment.STAGE).toBe(stage);
    expect(Object.keys(settings.functions)).toEqual(expect.arrayContaining(['health', 'notFound', 'getFactorial']));
  });

  it('keeps no secret in a deployed stage: they verify tokens against a JWKS URL', () => {
    for (const stage of ['dev', 'staging', 'prod']) {
      const { environment } = stageSettings(stage);
      expect(environment.AUTH_HS256_SECRET).toBeUndefined();
      expect(environment.AUTH_JWKS_URL).toMatch(/^https:\/\//);
    }
  });

  it('points only local stages at DynamoDB Local', () => {
    expect(stageSettings('local').environment.DYNAMODB_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(stageSettings('prod').environment.DYNAMODB_ENDPOINT).toBeUndefined();
  });

  it('points only local stages at the SES stand-in, on the offline port + 10; deployed stages use SES itself', () => {
    const local = stageSettings('local');
    expect(local.environment.SES_ENDPOINT).toBe(`http://127.0.0.1:${local.offline.httpPort + 10}`);
    for (const stage of ['dev', 'staging', 'prod']) {
      const { environment, stageConfig } = stageSettings(stage);
      expect(environment.SES_ENDPOINT).toBeUndefined();
      expect(stageConfig.notifications.sender.endsWith(`@${stageConfig.notifications.sesIdentity}`)).toBe(true);
    }
  });

  it('gives every function a role of its own', () => {
    const { functions } = stageSettings('prod');
    const roles = Object.values(functions).map((fn) => fn.role);
    expect(new Set(roles).size).toBe(roles.length);
  });
});
