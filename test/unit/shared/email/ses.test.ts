// Which SES answers the relay gives up on at once, and which it leaves to the stream's retries.
import { isPermanentEmailFailure } from '#shared/email/ses';

const sesError = (name: string, httpStatusCode?: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

const permanent: [string, number][] = [['MessageRejected', 400], ['MailFromDomainNotVerifiedException', 400], ['AccountSuspendedException', 400], ['NotFoundException', 404]];
const passing: [string, number][] = [['TooManyRequestsException', 429], ['LimitExceededException', 400], ['InternalFailure', 500], ['ServiceUnavailable', 503]];

describe('an SES failure', () => {
  it.each(permanent)('%s (%i) is permanent: no retry will make SES accept the message', (name, status) => {
    expect(isPermanentEmailFailure(sesError(name, status))).toBe(true);
  });

  it.each(passing)('%s (%i) is passing: the stream retries it', (name, status) => {
    expect(isPermanentEmailFailure(sesError(name, status))).toBe(false);
  });

  it('without an answer (refused, reset, timed out) is passing', () => {
    expect(isPermanentEmailFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isPermanentEmailFailure(sesError('TimeoutError'))).toBe(false);
  });
});
