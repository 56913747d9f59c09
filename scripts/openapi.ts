// Writes the OpenAPI document of a stage to a file, for clients and the CI artifact:
//   npm run openapi [-- --stage dev] [--out dist/openapi.dev.json]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { documentText, stageDocument } from './stage-document';

const { values } = parseArgs({
  options: { stage: { type: 'string', default: 'local' }, out: { type: 'string' } },
});
const stage = values.stage!;
const out = values.out ?? path.join('dist', `openapi.${stage}.json`);

stageDocument(stage)
  .then((document) => {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, documentText(document));
    console.log(`Wrote the OpenAPI document of stage ${stage} to ${out}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
