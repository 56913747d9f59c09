// The settings of a stage as serverless.yml sees them, for scripts and tests; for a local stage it
// also puts the stage's environment into process.env so that the domain code talks to DynamoDB Local.
import { settingsFor, type Settings } from '../config/settings';

export type StageSettings = Settings;
export type { CfnResource } from '../config/cloudformation';

export const stageSettings = (stage: string): StageSettings => settingsFor(stage);

export function localSettings(stage: string): StageSettings {
  const settings = stageSettings(stage);
  if (!settings.isLocal) throw new Error(`Stage "${stage}" is not a local stage`);
  Object.assign(process.env, settings.environment);
  return settings;
}
