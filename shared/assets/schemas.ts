// The assets service's shapes, described once: request validation, handler types and the OpenAPI document.
// Field names are snake_case, as in the API this service replaces.
// Unknown fields in a body are refused (400 naming them) rather than ignored: a typo such as `analystId`
// would otherwise silently drop a field. An `id` belongs in the path; a PUT body may repeat it (the original
// API's clients send the record back with its id), and it must then be the path's id (see body-id.ts).
import * as z from 'zod/mini';
import { lazySchema } from '#shared/http/route';

/** Ids are handed out by a counter from 1; the largest one a JSON number holds exactly is the ceiling. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
export const TOPICS = ['asset::creation'] as const;
export type Topic = (typeof TOPICS)[number];

const idMessage = `id must be a whole number from 1 to ${MAX_ID}, written with digits only`;

/** A path id: digits only, no sign, no leading zero, within 1..MAX_ID (larger ones overflow a JSON number). */
export const idParam = lazySchema(() =>
  z.pipe(
    z.string({ error: idMessage }).check(
      // `abort`: a value that is not digits gets one complaint, not two.
      z.regex(/^[1-9][0-9]{0,15}$/, { error: idMessage, abort: true }),
      z.refine((digits) => Number(digits) <= MAX_ID, idMessage),
      z.meta({ description: 'A positive integer id', examples: ['1'] }),
    ),
    z.transform(Number),
  ),
);
export const idParams = lazySchema(() => z.object({ id: idParam() }));

/** An id in a JSON body: a JSON integer (not a string) within 1..MAX_ID. */
const idField = (field: string) => {
  const message = `${field} must be an integer from 1 to ${MAX_ID}`;
  return z.number({ error: message }).check(z.refine((value) => Number.isInteger(value) && value >= 1 && value <= MAX_ID, message));
};

const text = (field: string, max: number) => {
  const message = `${field} must be a string of 1 to ${max} characters`;
  return z.string({ error: message }).check(z.trim(), z.refine((value) => value.length >= 1 && value.length <= max, message));
};

/** A JSON object with exactly these fields; unknown ones are named in the error. */
const body = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${(issue as unknown as { keys: string[] }).keys.join(', ')}`
        : 'the body must be a JSON object',
  });

const dateMessage = 'inception_date must be a real calendar date written YYYY-MM-DD';

// ---- analysts ----

/** The id a PUT body may carry: optional, and when present the id of the path. */
const repeatedId = lazySchema(() =>
  z.optional(
    idField('id').check(z.meta({ description: 'Optional: the id in the path, repeated. Any other id is a 400.' })),
  ),
);

const analystFields = () => ({ name: text('name', 256), company: text('company', 256) });

export const analystInput = lazySchema(() =>
  body(analystFields()).check(
    z.meta({ examples: [{ name: 'Ada Lovelace', company: 'Analytical Engines Ltd' }] }),
  ),
);
export type AnalystInput = z.output<ReturnType<typeof analystInput>>;

/** A PUT body: the whole record, with its id or without. */
export const analystReplacement = lazySchema(() =>
  body({ id: repeatedId(), ...analystFields() }).check(
    z.meta({ examples: [{ id: 1, name: 'Ada King', company: 'Analytical Engines Ltd' }] }),
  ),
);

export const analyst = lazySchema(() =>
  z.object({ id: z.number().check(z.int()), name: z.string(), company: z.string() }).check(
    z.meta({ examples: [{ id: 1, name: 'Ada Lovelace', company: 'Analytical Engines Ltd' }] }),
  ),
);
export type Analyst = z.output<ReturnType<typeof analyst>>;

// ---- assets ----

const assetFields = () => ({
  name: text('name', 256),
  description: z.optional(
    z.nullable(z.string({ error: 'description must be a string or null' }).check(z.maxLength(4096, { error: 'description must be at most 4096 characters' }))),
  ),
  inception_date: z.optional(z.iso.date({ error: dateMessage })),
  is_active: z.boolean({ error: 'is_active must be true or false' }),
  analyst_id: idField('analyst_id'),
});
const assetDefaults = 'inception_date defaults to today (UTC); description defaults to null.';

export const assetInput = lazySchema(() =>
  body(assetFields()).check(
    z.meta({
      description: assetDefaults,
      examples: [{ name: 'Solar farm', description: 'North site', inception_date: '2023-02-28', is_active: true, analyst_id: 1 }],
    }),
  ),
);
export type AssetInput = z.output<ReturnType<typeof assetInput>>;

/** A PUT body: the whole record, with its id or without. */
export const assetReplacement = lazySchema(() =>
  body({ id: repeatedId(), ...assetFields() }).check(
    z.meta({
      description: `${assetDefaults} id, when present, must be the id in the path.`,
      examples: [{ id: 1, name: 'Solar farm', description: 'North site', inception_date: '2023-02-28', is_active: true, analyst_id: 1 }],
    }),
  ),
);

export const asset = lazySchema(() =>
  z.object({
    id: z.number().check(z.int()),
    name: z.string(),
    description: z.nullable(z.string()),
    inception_date: z.iso.date(),
    is_active: z.boolean(),
    analyst_id: z.number().check(z.int()),
  }).check(
    z.meta({
      examples: [{ id: 1, name: 'Solar farm', description: 'North site', inception_date: '2023-02-28', is_active: true, analyst_id: 1 }],
    }),
  ),
);
export type Asset = z.output<ReturnType<typeof asset>>;

// ---- subscriptions and notifications ----

export const subscriptionInput = lazySchema(() =>
  body({
    email: z.email({ error: 'email must be an email address' }).check(z.maxLength(320, { error: 'email must be at most 320 characters' })),
    // Optional as in the original API, which had one topic and defaulted to it.
    topic: z._default(
      z.enum(TOPICS, { error: `topic must be one of: ${TOPICS.join(', ')}` }).check(
        z.meta({ description: `The topic; ${TOPICS[0]} when left out` }),
      ),
      TOPICS[0],
    ),
  }).check(z.meta({ examples: [{ email: 'ada@example.com', topic: 'asset::creation' }] })),
);
export type SubscriptionInput = z.output<ReturnType<typeof subscriptionInput>>;

export const subscription = lazySchema(() =>
  z.object({ id: z.number().check(z.int()), email: z.string(), topic: z.enum(TOPICS) }).check(
    z.meta({ examples: [{ id: 1, email: 'ada@example.com', topic: 'asset::creation' }] }),
  ),
);
export type Subscription = z.output<ReturnType<typeof subscription>>;

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const notification = lazySchema(() =>
  z.object({
    subscription_id: z.number().check(z.int()),
    topic: z.enum(TOPICS),
    created_at: z.iso.datetime(),
    asset: asset(),
    status: z.enum(NOTIFICATION_STATUSES).check(
      z.meta({ description: 'pending until its email is sent; delivered once SES accepted it; failed when it was given up on' }),
    ),
    delivered_at: z.optional(z.iso.datetime().check(z.meta({ description: 'When SES accepted the email (delivered only)' }))),
    failure_reason: z.optional(z.string().check(z.meta({ description: 'Why it was given up on (failed only)' }))),
  }).check(
    z.meta({
      description:
        'One per subscriber and created asset, recorded in the transaction that created the asset, then emailed to the ' +
        'subscriber by the notifications relay (at least once; see the README).',
    }),
  ),
);
export type Notification = z.output<ReturnType<typeof notification>>;

/** A page of a list: the items under `key`, and the cursor of the next page or null. */
export const page = <K extends string, S extends z.ZodMiniType>(key: K, item: S) =>
  z.object({ [key]: z.array(item), nextCursor: z.nullable(z.string()) } as { [P in K]: z.ZodMiniArray<S> } & {
    nextCursor: z.ZodMiniNullable<z.ZodMiniString>;
  });
