// What `npm start` shows in a terminal (scripts/local-logs.ts): one short line per request, JSON everywhere else.
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { lineFormatter, lineStream, logFormat, withoutOfflineEcho } from '../../../scripts/local-logs';

const format = lineFormatter({ colorize: false });
const requestLine = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'info', msg: 'request', time: '2026-12-01T20:00:00.000Z', stage: 'local', route: 'GET /users/{userId}', ...fields });

describe('a request line in a terminal', () => {
  it('is one line with method, path, status, duration and request id', () => {
    const shown = format(requestLine({ requestId: 'req-1', method: 'GET', path: '/users/jane', status: 200, durationMs: 12.3 }));
    expect(shown).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/users\/jane 200 12\.3 ms req req-1\n$/);
  });

  it("names the error of a 5xx on the line and shows our code's frames beneath", () => {
    const stack = [
      'TypeError: boom',
      '    at AwsJson1_0Protocol.handleError (/app/node_modules/@aws-sdk/core/dist-cjs/index.js:263:27)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at getUser (shared/users/store.ts:10:5)',
      '    at run (shared/http/handler.ts:80:3)',
    ].join('\n');
    const error = { name: 'TypeError', message: 'boom', stack };
    const shown = format(requestLine({ level: 'error', requestId: 'req-2', method: 'POST', path: '/users', status: 500, durationMs: 3, error }));
    expect(shown.split('\n')).toEqual([
      expect.stringMatching(/ ERROR: POST \/users 500 3 ms req req-2 {2}TypeError: boom$/),
      '    at getUser (shared/users/store.ts:10:5)',
      '    at run (shared/http/handler.ts:80:3)',
      '',
    ]);
  });

  it("shows a library's frames when the stack has none of ours", () => {
    const error = { name: 'Error', message: 'x', stack: 'Error: x\n    at a (/app/node_modules/a.js:1:1)\n    at b (node:internal/b:2:2)' };
    const shown = format(requestLine({ level: 'error', requestId: 'r', method: 'GET', path: '/', status: 502, durationMs: 1, error }));
    expect(shown.split('\n').slice(1, 3)).toEqual(['    at a (/app/node_modules/a.js:1:1)', '    at b (node:internal/b:2:2)']);
  });

  it('keeps the fields of any other log line, and a line that is not JSON as it is', () => {
    expect(format(JSON.stringify({ level: 'warn', msg: 'slow upstream', time: '2026-12-01T20:00:00.000Z', stage: 'local', upstream: 'pokeapi' })))
      .toMatch(/ WARN: slow upstream\n {4}upstream: "pokeapi"\n$/);
    expect(format('Offline [http for lambda] listening on http://127.0.0.1:3002')).toBe('Offline [http for lambda] listening on http://127.0.0.1:3002\n');
  });

  it("drops sls offline's own echo of each request, and nothing else", () => {
    expect(withoutOfflineEcho('GET /users/jane (λ: getUser)')).toBe('');
    expect(withoutOfflineEcho('(λ: getUser) RequestId: 7b07cbd4  Duration: 425.04 ms  Billed Duration: 426 ms')).toBe('');
    expect(withoutOfflineEcho('Server ready: http://127.0.0.1:3000 🚀')).toBe('Server ready: http://127.0.0.1:3000 🚀\n');
  });

  it('formats whole lines however the output is cut into chunks', async () => {
    const line = requestLine({ requestId: 'req-3', method: 'GET', path: '/health', status: 200, durationMs: 1 });
    const chunks = [line.slice(0, 10), `${line.slice(10)}\nplain `, 'text\n'];
    const shown = await text(Readable.from(chunks).pipe(lineStream(format)));
    expect(shown).toMatch(/INFO: GET \/health 200 1 ms req req-3\nplain text\n$/);
  });
});

describe('the log format npm start picks', () => {
  it('is readable in a terminal', () => {
    expect(logFormat(true, {})).toBe('pretty');
  });

  it('stays JSON when the output is not a terminal (piped, CI)', () => {
    expect(logFormat(false, {})).toBe('json');
  });

  it('stays JSON in a terminal when LOG_FORMAT=json', () => {
    expect(logFormat(true, { LOG_FORMAT: 'json' })).toBe('json');
  });
});
