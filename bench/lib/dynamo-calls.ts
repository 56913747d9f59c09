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

/** What DynamoDB answered one command: its output, or the error it threw. */
export type Outcome = { answer: unknown } | { error: unknown };

let recording: Command[] | undefined;
let outcomes: Outcome[] | undefined;
let replaying: { outcomes: Outcome[]; next: number } | undefined;

/** Patches the document client's `send` once, so that `record` sees every command (and `answering` can answer it). */
export function recordCommands(): void {
  const prototype = DynamoDBDocumentClient.prototype as unknown as { send: Send & { recording?: boolean } };
  if (prototype.send.recording) return;
  const original = prototype.send;
  prototype.send = Object.assign(
    function (this: unknown, ...args: unknown[]) {
      if (replaying) {
        const outcome = replaying.outcomes[replaying.next++ % replaying.outcomes.length]!;
        // A copy, since callers may change what they are given; an error is thrown as it came (its class matters).
        return 'answer' in outcome ? Promise.resolve(structuredClone(outcome.answer)) : Promise.reject(outcome.error);
      }
      recording?.push(args[0] as Command);
      const sent = (original as (...rest: unknown[]) => Promise<unknown>).apply(this, args);
      if (!outcomes) return sent;
      const seen = outcomes;
      return sent.then(
        (answer) => (seen.push({ answer }), answer),
        (error: unknown) => {
          seen.push({ error });
          throw error;
        },
      );
    },
    { recording: true },
  );
}

/** Runs `run` against DynamoDB and returns what it returned, the commands it sent and what each was answered. */
export async function recordWithOutcomes<T>(run: () => Promise<T>): Promise<{ result: T; commands: Command[]; outcomes: Outcome[] }> {
  outcomes = [];
  const seen = outcomes;
  try {
    const { result, commands } = await record(run);
    // Copied once the run is over, so that the copying is not timed (as given back, the copy is copied again).
    return { result, commands, outcomes: seen.map((outcome) => ('answer' in outcome ? { answer: structuredClone(outcome.answer) } : outcome)) };
  } finally {
    outcomes = undefined;
  }
}

/** Runs `run` with every command answered in process, in turn, from `recorded` (no database, so no noise of one). */
export async function answering<T>(recorded: Outcome[], run: () => Promise<T>): Promise<T> {
  recordCommands();
  replaying = { outcomes: recorded, next: 0 };
  try {
    return await run();
  } finally {
    replaying = undefined;
  }
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
