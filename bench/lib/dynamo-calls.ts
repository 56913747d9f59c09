// The DynamoDB calls a function makes, recorded on the document client (every bundle leaves the AWS SDK
// external, so all in-process handlers share DynamoDBDocumentClient's prototype), and replayed with another
// sample's unique ids: the floors (the bare SDK client doing the same calls) make exactly the same database work.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type Command = { constructor: new (input: unknown) => unknown; input: unknown };
/** A command as it crosses to another process: the class name (lib-dynamodb's, else client-dynamodb's) and its input. */
export interface PortableCommand {
  name: string;
  input: unknown;
}
type Send = (command: never) => Promise<unknown>;

let recording: Command[] | undefined;

/** Patches the document client's `send` once, so that `record` sees every command. */
export function recordCommands(): void {
  const prototype = DynamoDBDocumentClient.prototype as unknown as { send: Send & { recording?: boolean } };
  if (prototype.send.recording) return;
  const original = prototype.send;
  prototype.send = Object.assign(
    function (this: unknown, ...args: unknown[]) {
      recording?.push(args[0] as Command);
      return (original as (...rest: unknown[]) => Promise<unknown>).apply(this, args);
    },
    { recording: true },
  );
}

/** Runs `run` and returns what it returned with the commands it sent, in order. */
export async function record<T>(run: () => Promise<T>): Promise<{ result: T; commands: Command[] }> {
  recordCommands();
  recording = [];
  try {
    const result = await run();
    return { result, commands: recording };
  } finally {
    recording = undefined;
  }
}

/** Deep copy of `value` with every occurrence of `from` in its strings replaced by `to`. */
export function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, from, to));
  if (value instanceof Set) return new Set([...value].map((item) => replaceDeep(item, from, to)));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [replaceDeep(key, from, to) as string, replaceDeep(item, from, to)]));
  }
  return value;
}

export const commandName = (command: Command): string => command.constructor.name.replace(/Command$/, '');

/** The commands with `from` replaced by `to`, ready for another process (v8-serializable). */
export const portable = (commands: Command[], from: string, to: string): PortableCommand[] =>
  commands.map((command) => ({ name: command.constructor.name, input: replaceDeep(command.input, from, to) }));

export const replayed = (commands: Command[], from: string, to: string): Command[] =>
  commands.map((command) => ({ constructor: command.constructor, input: replaceDeep(command.input, from, to) }));
