// The OpenAPI document of a stage, built the way the stage's functions build it (for npm run openapi and the client).
import type { OpenApiDocument } from '#shared/openapi/document';
import { stageSettings } from './local-settings';

export async function stageDocument(stage: string): Promise<OpenApiDocument> {
  // The route modules read the stage's configuration when they load: set it first, then load them.
  Object.assign(process.env, stageSettings(stage).environment);
  const { config } = await import('#shared/config/index');
  const { openApiDocument } = await import('#shared/openapi/document');
  return openApiDocument(config());
}

/** The document as the files we write hold it: two-space JSON with a final newline. */
export const documentText = (document: object): string => `${JSON.stringify(document, null, 2)}\n`;
