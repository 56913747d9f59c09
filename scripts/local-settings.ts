// The settings of a stage as serverless.yml sees them, for scripts and tests; for a local stage it
// also puts the stage's environment into process.env so that the domain code talks to DynamoDB Local.
import { settingsFor } from '../config/serverless.cjs';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  [key: string]: unknown;
}

export interface StageSettings {
  stage: string;
  isLocal: boolean;
  services: string[];
  environment: Record<string, string>;
  resources: { Resources: Record<string, CfnResource> };
  functions: Record<string, { handler: string; events?: unknown[]; role: string; [key: string]: unknown }>;
  offline: { httpPort: number; lambdaPort: number };
  dynamodbLocal: { port?: number };
  stageConfig: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  account: { customDomain: { domainName: string; certificateArn: string; ownerStage: string } | null; [key: string]: unknown };
}

export function stageSettings(stage: string): StageSettings {
  return settingsFor(stage) as StageSettings;
}

export function localSettings(stage: string): StageSettings {
  const settings = stageSettings(stage);
  if (!settings.isLocal) throw new Error(`Stage "${stage}" is not a local stage`);
  Object.assign(process.env, settings.environment);
  return settings;
}
