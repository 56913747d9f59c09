// Pagination per the contract: `limit` (1..1000, default 100) and an opaque `cursor`.
// A cursor is the DynamoDB key to continue from, tagged with the list it belongs to and
// base64url-encoded. Decoding checks the tag and the key's exact shape, so a cursor edited into
// another list's or table's key, or any other forged value, is a 400, never a 500.
import * as z from 'zod/mini';
import { ValidationError } from '#shared/http/errors';
import { lazySchema } from '#shared/http/route';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
const limitMessage = `limit must be a whole number from 1 to ${MAX_LIMIT}`;

/** The `limit` query parameter: digits only, 1..1000, default 100. */
export const limitParam = lazySchema(() =>
  z._default(
    z.pipe(
      z.string({ error: limitMessage }).check(
        z.regex(/^[0-9]{1,4}$/, limitMessage),
        z.refine((digits) => Number(digits) >= 1 && Number(digits) <= MAX_LIMIT, limitMessage),
        z.meta({ description: `Page size, 1 to ${MAX_LIMIT}`, examples: ['100'] }),
      ),
      z.transform(Number),
    ),
    DEFAULT_LIMIT,
  ),
);

/** The `cursor` query parameter: the `nextCursor` of the previous page, as it was given. */
export const cursorParam = lazySchema(() =>
  z.optional(
    z.string().check(
      z.regex(/^[A-Za-z0-9_-]{1,2048}$/, 'cursor must be the nextCursor of a previous page'),
      z.meta({ description: 'The nextCursor of the previous page' }),
    ),
  ),
);

export type PageKey = Record<string, string | number>;

export function encodeCursor(list: string, key: PageKey | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify({ l: list, k: key })).toString('base64url');
}

const strictShapes = new WeakMap<z.ZodMiniObject, z.ZodMiniObject>();

/** `keyShape` refusing any other attribute, built once per shape. */
function strictly(keyShape: z.ZodMiniObject): z.ZodMiniObject {
  let strict = strictShapes.get(keyShape);
  if (!strict) strictShapes.set(keyShape, (strict = z.strictObject(keyShape.shape)));
  return strict;
}

/**
 * The key a cursor continues from, if it was made for `list` and its key has exactly the
 * attributes `keyShape` describes; otherwise a 400.
 */
export function decodeCursor<S extends z.ZodMiniObject>(list: string, cursor: string | undefined, keyShape: S): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError('cursor is not valid for this list; start again without it', [
    { field: 'query.cursor', message: 'not a cursor this list gave out' },
  ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const envelope = decoded as { l?: unknown; k?: unknown };
  if (typeof decoded !== 'object' || decoded === null || envelope.l !== list) throw invalid();
  const key = strictly(keyShape).safeParse(envelope.k);
  if (!key.success) throw invalid();
  return key.data as z.output<S>;
}
