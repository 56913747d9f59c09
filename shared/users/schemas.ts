// The shapes of the users service, used for validation, types and the OpenAPI document, and the
// contract's exact error sentences (kept from the Flask API this service replaces, for its clients).
import * as z from 'zod/mini';
import { lazySchema } from '#shared/http/route';

export const USER_ID_MAX = 128;
export const NAME_MAX = 256;

export const messages = {
  bothRequired: 'Please provide both "userId" and "name"',
  alreadyExists: 'User with provided "userId" already exists',
  notFound: 'Could not find user with provided "userId"',
  bodyNotObject: 'The request body must be a JSON object: {"userId": "<string>", "name": "<string>"}',
  userIdFormat: `userId must be 1 to ${USER_ID_MAX} characters of letters, digits and _ . @ -`,
  nameTooLong: `name must be at most ${NAME_MAX} characters`,
  unknownFields: (keys: string[]) =>
    `Only "userId" and "name" are accepted; remove ${keys.map((key) => `"${key}"`).join(', ')}`,
} as const;

const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]+$/;

/** A user's id: 1-128 letters, digits and `_ . @ -` (safe in a path without escaping). */
export const userIdSchema = lazySchema(() =>
  z.string({ error: messages.bothRequired }).check(
    z.minLength(1, messages.bothRequired),
    z.maxLength(USER_ID_MAX, messages.userIdFormat),
    z.regex(USER_ID_PATTERN, messages.userIdFormat),
    z.meta({ description: `1 to ${USER_ID_MAX} characters: letters, digits and _ . @ -`, examples: ['ada.lovelace@example.com'] }),
  ),
);

export const nameSchema = lazySchema(() =>
  z.string({ error: messages.bothRequired }).check(
    z.minLength(1, messages.bothRequired),
    z.maxLength(NAME_MAX, messages.nameTooLong),
    z.meta({ description: `1 to ${NAME_MAX} characters`, examples: ['Ada Lovelace'] }),
  ),
);

export const userSchema = lazySchema(() =>
  z.object({ userId: userIdSchema(), name: nameSchema() }).check(z.meta({ examples: [{ userId: 'ada', name: 'Ada Lovelace' }] })),
);
export type User = z.output<ReturnType<typeof userSchema>>;

const isFilledString = (value: unknown) => typeof value === 'string' && value.length > 0;

/**
 * Missing, empty or non-string fields are checked first, so that they always answer with the
 * contract's one sentence even when the other field is malformed too. A transform as the first
 * step of the pipe also keeps the OpenAPI document on the full shape below.
 */
const bothFieldsPresent = () =>
  z.transform((body: unknown, ctx) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      ctx.issues.push({ code: 'custom', input: body, message: messages.bodyNotObject });
      return z.NEVER;
    }
    for (const field of ['userId', 'name'] as const) {
      const value = (body as Record<string, unknown>)[field];
      if (!isFilledString(value)) ctx.issues.push({ code: 'custom', input: value, path: [field], message: messages.bothRequired });
    }
    return body;
  });

/** The body of POST /users: exactly `userId` and `name`; any other field is refused (400), not ignored. */
export const createUserBody = lazySchema(() =>
  z.pipe(
    bothFieldsPresent(),
    z.strictObject(
      { userId: userIdSchema(), name: nameSchema() },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys' ? messages.unknownFields(issue.keys) : messages.bodyNotObject,
      },
    ),
  ),
);

export const userIdParams = lazySchema(() =>
  z.object({
    userId: z.string({ error: messages.userIdFormat }).check(
      z.maxLength(USER_ID_MAX, messages.userIdFormat),
      z.regex(USER_ID_PATTERN, messages.userIdFormat),
      z.meta({ description: 'The userId the user was created with' }),
    ),
  }),
);

export const userPageSchema = lazySchema(() =>
  z.object({
    users: z.array(userSchema()),
    nextCursor: z.nullable(z.string()).check(z.meta({ description: 'Pass as `cursor` for the next page; null on the last page' })),
  }),
);
