// How long to tell a client to wait when FunTranslations is rate limited.
import { retryAfterSeconds } from '#shared/pokemon/funtranslations';

const funTranslations429 = (wait: string) =>
  JSON.stringify({ error: { code: 429, message: `Too Many Requests: Rate limit of 5 requests per hour exceeded. Please wait for ${wait}.` } });

describe('retryAfterSeconds', () => {
  it('takes a Retry-After header in seconds', () => {
    expect(retryAfterSeconds('120', '')).toBe(120);
  });

  it("reads FunTranslations' own wait time when there is no header", () => {
    expect(retryAfterSeconds(null, funTranslations429('59 minutes and 23 seconds'))).toBe(59 * 60 + 23);
    expect(retryAfterSeconds(null, funTranslations429('1 minute'))).toBe(60);
    expect(retryAfterSeconds(null, funTranslations429('12 seconds'))).toBe(12);
  });

  it('defaults to 60 seconds when the answer says nothing usable', () => {
    expect(retryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT', 'Too Many Requests')).toBe(60);
    expect(retryAfterSeconds('0', '')).toBe(60);
  });

  it('caps the wait at an hour', () => {
    expect(retryAfterSeconds('86400', '')).toBe(3600);
  });
});
