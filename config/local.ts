// What a local stage (one with `dynamodb` in its file) adds: DynamoDB Local started and migrated by the
// serverless-dynamodb plugin, sls offline on the stage's ports, and the throwaway credentials the SDK wants.
// DYNAMODB_PORT / OFFLINE_PORT / OFFLINE_LAMBDA_PORT move the ports, so that two checkouts run side by side;
// the SES stand-in (test/stand-ins/ses.ts) listens on the offline port + 10 unless SES_STAND_IN_PORT moves it;
// DYNAMODB_NO_START=true uses a DynamoDB Local that is already running.
import type { Account, StageConfig } from './stages';

export interface DynamodbLocalSettings {
  port?: number;
  host?: string;
  inMemory?: boolean;
  sharedDb?: boolean;
  migrate: boolean;
  seed: boolean;
  noStart: boolean;
}

export interface OfflineSettings {
  host?: string;
  httpPort: number;
  lambdaPort: number;
  noPrependStageInUrl: true;
  terminateIdleLambdaTime?: number;
}

export interface LocalSettings {
  dynamodbLocal: DynamodbLocalSettings;
  offline: OfflineSettings;
  /** DynamoDB Local's URL, for the functions' `dynamodb` section. */
  dynamodbEndpoint?: string;
  /** The SES stand-in's URL, for the functions' `notifications` section. */
  sesEndpoint?: string;
  /** Variables every function of the stage gets (provider.environment). */
  providerEnvironment: Record<string, string>;
}

const DEPLOYED: LocalSettings = {
  dynamodbLocal: { noStart: true, migrate: false, seed: false },
  offline: { httpPort: 3000, lambdaPort: 3002, noPrependStageInUrl: true },
  // The bundles ship their source maps: with this, a stack logged for a 5xx names our TypeScript files and lines.
  providerEnvironment: { NODE_OPTIONS: '--enable-source-maps' },
};

export function localSettings(stageConfig: StageConfig, account: Account): LocalSettings {
  if (!stageConfig.dynamodb || !stageConfig.offline) return DEPLOYED;
  const port = Number(process.env.DYNAMODB_PORT || stageConfig.dynamodb.port);
  const httpPort = Number(process.env.OFFLINE_PORT || stageConfig.offline.httpPort);
  // sls itself talks to DynamoDB Local (table creation): silence the SDK's Node version notice there too.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return {
    dynamodbLocal: {
      port,
      host: '127.0.0.1',
      inMemory: stageConfig.dynamodb.inMemory,
      sharedDb: true,
      migrate: true,
      seed: false, // seeding goes through the domain code: see plugins/local-dynamodb.cjs
      noStart: process.env.DYNAMODB_NO_START === 'true',
    },
    offline: {
      host: '127.0.0.1',
      httpPort,
      lambdaPort: Number(process.env.OFFLINE_LAMBDA_PORT || httpPort + 2),
      noPrependStageInUrl: true,
      // Keep idle workers for 15 min (sls offline's default is 60 s): a worker started again later is a cold start
      // that, on 2 cores, stalls every other request (see test/reliability/load.e2e.test.ts).
      terminateIdleLambdaTime: 900,
    },
    dynamodbEndpoint: `http://127.0.0.1:${port}`,
    sesEndpoint: `http://127.0.0.1:${Number(process.env.SES_STAND_IN_PORT || httpPort + 10)}`,
    providerEnvironment: {
      AWS_REGION: account.region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  };
}
