// Zod schemas as JSON Schema, for the OpenAPI document and the contract test that checks answers against it.
import * as z from 'zod/mini';

export type JsonSchema = Record<string, unknown>;

/** Zod types JSON Schema cannot describe; a route schema using one is a mistake to fix, not to hide. */
const unrepresentable = new Set(['date', 'map', 'set', 'symbol', 'function', 'nan', 'undefined', 'void', 'transform', 'custom', 'promise']);

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Requests are described as sent (`input`). */
export function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const result = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema: out }) => {
      const type = (zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
      // Our JSON writer prints a bigint as an integer literal with every digit (shared/http/json.ts).
      if (type === 'bigint') out.type = 'integer';
      else if (unrepresentable.has(type)) throw new Error(`A zod ${type} cannot be described in the OpenAPI document`);
    },
  }) as JsonSchema;
  delete result.$schema;
  return result;
}
