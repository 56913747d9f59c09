// Prints a bearer token for a local stage (HS256 with the stage's throwaway secret):
//   npm run token -- --scope "assets:write events:write" [--stage local] [--subject dev] [--expires-in 1h]
import { parseArgs } from 'node:util';
import { signLocalToken } from './local-token';

const { values } = parseArgs({
  options: {
    scope: { type: 'string', default: '' },
    stage: { type: 'string', default: 'local' },
    subject: { type: 'string', default: 'local-developer' },
    'expires-in': { type: 'string', default: '1h' },
  },
});

signLocalToken({ stage: values.stage!, scope: values.scope!, subject: values.subject!, expiresIn: values['expires-in']! })
  .then((token) => console.log(token))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
