// How `npm start` shows the functions' logs: in a terminal, one short readable line per request (pino-pretty);
// anywhere else (piped, CI, LOG_FORMAT=json) the JSON lines of shared/http/log.ts, untouched. The formatter lives
// here, outside the Lambda bundles: what the functions write is the same JSON locally and deployed.
import { Transform } from 'node:stream';
import { prettyFactory } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/** Readable only for a person at a terminal; LOG_FORMAT=json forces the JSON lines (e.g. to try a log query). */
export function logFormat(stdoutIsTTY: boolean, env: NodeJS.ProcessEnv = process.env): LogFormat {
  if (env.LOG_FORMAT === 'json') return 'json';
  return stdoutIsTTY ? 'pretty' : 'json';
}

/** The fields shared/http/handler.ts logs for each request. */
interface RequestRecord {
  msg: 'request';
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
  requestId?: string;
  error?: { name?: string; message?: string; stack?: string };
}

const isRequest = (record: Record<string, unknown>): record is Record<string, unknown> & RequestRecord =>
  record.msg === 'request' && typeof record.status === 'number';

/** `GET /users/jane 200 12.3 ms req 3c0f…`, and for a 5xx the error, with the frames of our code beneath. */
export function requestSummary(record: RequestRecord): string {
  const parts = [record.method ?? '-', record.path ?? '-', String(record.status), `${record.durationMs ?? '?'} ms`, `req ${record.requestId ?? '-'}`];
  const { error } = record;
  if (!error || (record.status ?? 0) < 500) return parts.join(' ');
  // Our own frames (with --enable-source-maps, our TypeScript files); the libraries' only when there are no others.
  const allFrames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const ours = allFrames.filter((frame) => !/node_modules|node:internal/.test(frame));
  const frames = ours.length > 0 ? ours : allFrames.slice(0, 3);
  return [`${parts.join(' ')}  ${error.name ?? 'Error'}: ${error.message ?? ''}`, ...frames.map((frame) => `    ${frame.trim()}`)].join('\n');
}

const common = {
  messageKey: 'msg',
  timestampKey: 'time',
  customLevels: 'debug:10,info:20,warn:30,error:40',
  useOnlyCustomProps: true,
  translateTime: 'SYS:HH:MM:ss.l',
} as const;

/** One line of sls offline's output in, what the terminal shows out (a line that is not JSON comes out as it went in). */
export function lineFormatter({ colorize }: { colorize: boolean }): (line: string) => string {
  const request = prettyFactory({ ...common, colorize, hideObject: true, messageFormat: (record) => requestSummary(record as unknown as RequestRecord) });
  // Any other log line: its message, then its fields (stage is the same on every line, and known).
  const other = prettyFactory({ ...common, colorize, ignore: 'stage' });
  return (line) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return `${line}\n`;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return `${line}\n`;
    return isRequest(record as Record<string, unknown>) ? request(line) : other(line);
  };
}

/**
 * sls offline's own two lines per request (`GET /health (λ: health)` and `(λ: health) RequestId: … Duration: …`) and
 * the blank lines around them: the request line above says the same and more, so a terminal shows only that.
 */
export function withoutOfflineEcho(line: string): string {
  const plain = line.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
  if (plain.trim() === '' || /^[A-Z]+ \S+ \(λ: [\w-]+\)$/.test(plain) || /^\(λ: [\w-]+\) RequestId: /.test(plain)) return '';
  return `${line}\n`;
}

/** A stream that turns each whole line with `format` as it arrives (a partial line waits for its end). */
export function lineStream(format: (line: string) => string): Transform {
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      done(null, lines.map(format).join(''));
    },
    flush(done) {
      done(null, pending ? format(pending) : '');
    },
  });
}
