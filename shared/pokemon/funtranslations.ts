// FunTranslations' Shakespeare translator: POST {shakespeareUrl}/translate/shakespeare.json, form field
// `text`, answer in contents.translated. Its free tier allows a few calls an hour, so a 429 is routine:
// it is reported as RateLimitedError for the caller to fall back on, never retried here.
import * as z from 'zod/mini';
import { config } from '#shared/config/index';
import { UpstreamError } from '#shared/http/errors';
import { lazySchema } from '#shared/http/route';
import { callUpstream, NoAnswerError, parseJson } from '#shared/pokemon/upstream';

const UPSTREAM = 'The Shakespeare translator (FunTranslations)';
const DEFAULT_RETRY_AFTER_SECONDS = 60;
const MAX_RETRY_AFTER_SECONDS = 3600;

/** The translator refused for now; it can be asked again after `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`The Shakespeare translator is rate limited; retry after ${retryAfterSeconds} seconds`);
    this.name = 'RateLimitedError';
  }
}

/** The part of an answer that we use (built on the first translation: a cache hit needs none). */
const translationSchema = lazySchema(() =>
  z.object({ contents: z.object({ translated: z.string().check(z.minLength(1)) }) }),
);

export async function translateUpstream(text: string, requestId: string): Promise<string> {
  const retryLater = `; retry later (request id ${requestId})`;
  let answer;
  try {
    answer = await callUpstream(UPSTREAM, `${config().pokemon.shakespeareUrl}/translate/shakespeare.json`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text }).toString(),
    });
  } catch (error) {
    if (error instanceof NoAnswerError) throw new UpstreamError(`${error.message}${retryLater}`);
    throw error;
  }
  if (answer.status === 429) throw new RateLimitedError(retryAfterSeconds(answer.headers.get('retry-after'), answer.body));
  if (answer.status !== 200) throw new UpstreamError(`${UPSTREAM} failed with status ${answer.status}${retryLater}`);
  const translation = translationSchema().safeParse(parseJson(answer.body));
  if (!translation.success) throw new UpstreamError(`${UPSTREAM} answered without a translation${retryLater}`);
  return translation.data.contents.translated;
}

/** From a Retry-After header in seconds, or FunTranslations' "Please wait for 59 minutes and 23 seconds". */
export function retryAfterSeconds(header: string | null, body: string): number {
  let seconds: number | undefined;
  if (header && /^\d+$/.test(header.trim())) seconds = Number(header.trim());
  const wait = /wait for (?:(\d+) minutes?)?(?: and )?(?:(\d+) seconds?)?/i.exec(body);
  if (seconds === undefined && wait && (wait[1] || wait[2])) seconds = Number(wait[1] ?? 0) * 60 + Number(wait[2] ?? 0);
  if (seconds === undefined || seconds < 1) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}
