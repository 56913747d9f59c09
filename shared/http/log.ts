// One structured JSON line per event, written straight to stdout so that CloudWatch keeps it as is.
import { config } from '#shared/config/index';

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  if (levels[level] < levels[config().logLevel]) return;
  const line = { level, msg: message, time: new Date().toISOString(), stage: config().stage, ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
