// The stage the test run uses, and where its local servers listen. Ports can be moved with
// OFFLINE_PORT and DYNAMODB_PORT (read by config/local.ts) to run two suites side by side.
import { stageSettings } from '../scripts/local-settings';

export const TEST_STAGE = 'test';
export const testSettings = stageSettings(TEST_STAGE);
export const baseUrl = `http://127.0.0.1:${testSettings.offline.httpPort}`;
export const dynamodbEndpoint = testSettings.environment.DYNAMODB_ENDPOINT!;
