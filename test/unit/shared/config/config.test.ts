// The environment reader (shared/config): each section's variables checked by their rule, defaults for the unset
// ones, and every problem of a bad environment named at once.
import { loadConfig } from '#shared/config/index';

const base = { STAGE: 'test', SERVICE_VERSION: '1.2.3', NOTIFICATIONS_SENDER: 'alerts@example.com' };

describe('loadConfig', () => {
  it('reads each section, with the defaults for what is unset', () => {
    const config = loadConfig({ ...base, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', METRICS_ENABLED: 'true', USERS_TABLE: 'users-test' });
    expect(config.stage).toBe('test');
    expect(config.version).toBe('1.2.3');
    expect(config.logLevel).toBe('info');
    expect(config.metrics).toEqual({ enabled: true, namespace: 'ServerlessApi' });
    expect(config.dynamodb).toEqual({ endpoint: 'http://127.0.0.1:8000', connectionTimeoutMs: 500, requestTimeoutMs: 1000, maxAttempts: 3 });
    expect(config.tables).toEqual({ users: 'users-test', events: undefined, pokemonCache: undefined, assets: undefined });
    expect(config.auth).toMatchObject({ algorithm: 'RS256', audienceClaim: 'aud', hs256Secret: undefined });
    expect(config.factorial.maxNumber).toBe(100000);
    expect(config.pokemon).toMatchObject({ pokeapiUrl: 'https://pokeapi.co/api/v2', translatorFallback: true });
    expect(config.enabledServices).toEqual([]);
  });

  it('turns the text of numbers, flags and lists into values', () => {
    const config = loadConfig({
      ...base,
      MAX_BODY_BYTES: '2048',
      FACTORIAL_MAX_NUMBER: '0',
      TRANSLATOR_FALLBACK: 'false',
      POKEAPI_URL: 'http://127.0.0.1:9000/api/v2///',
      ENABLED_SERVICES: 'users,events',
      LOG_LEVEL: 'debug',
    });
    expect(config.maxBodyBytes).toBe(2048);
    expect(config.factorial.maxNumber).toBe(0);
    expect(config.pokemon.translatorFallback).toBe(false);
    expect(config.pokemon.pokeapiUrl).toBe('http://127.0.0.1:9000/api/v2');
    expect(config.enabledServices).toEqual(['users', 'events']);
    expect(config.logLevel).toBe('debug');
  });

  it('names every variable that is missing or wrong, in one error', () => {
    const bad = {
      STAGE: '',
      MAX_BODY_BYTES: '1.5',
      DYNAMODB_MAX_ATTEMPTS: '0',
      DYNAMODB_REQUEST_TIMEOUT_MS: ' ',
      METRICS_ENABLED: 'yes',
      LOG_LEVEL: 'verbose',
      AUTH_JWKS_URL: 'not a url',
      NOTIFICATIONS_SENDER: 'nobody',
      FACTORIAL_MAX_NUMBER: '-1',
    };
    let message = '';
    try {
      loadConfig(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith('Invalid configuration: ')).toBe(true);
    for (const expected of [
      'STAGE: must not be empty',
      'SERVICE_VERSION: is required',
      'MAX_BODY_BYTES: must be an integer of at least 1',
      'DYNAMODB_MAX_ATTEMPTS: must be an integer of at least 1',
      'DYNAMODB_REQUEST_TIMEOUT_MS: must be an integer of at least 1',
      'METRICS_ENABLED: must be true or false',
      'LOG_LEVEL: must be one of debug, info, warn, error',
      'AUTH_JWKS_URL: must be a URL',
      'NOTIFICATIONS_SENDER: must be an email address',
      'FACTORIAL_MAX_NUMBER: must be an integer of at least 0',
    ]) {
      expect(message).toContain(expected);
    }
  });
});
