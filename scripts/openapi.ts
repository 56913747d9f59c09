// Writes the OpenAPI document of a stage to a file, for clients and the CI artifact:
//   npm run openapi [-- --stage dev] [--out dist/openapi.dev.json]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stageSettings } from './local-settings';

const { values } = parseArgs({
  options: { stage: { type: 'string', default: 'local' }, out: { type: 'string' } },
});
const stage = values.stage!;
const out = values.out ?? path.join('dist', `openapi.${stage}.json`);

// The route modules read the stage's configuration when they load: set it first, then load them.
Object.assign(process.env, stageSettings(stage).environment);

import('#shared/config/index')
  .then(async ({ config }) => {
    const { openApiDocument } = await import('#shared/openapi/document');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(openApiDocument(config()), null, 2)}\n`);
    console.log(`Wrote the OpenAPI document of stage ${stage} to ${out}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
