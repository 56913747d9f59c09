// The one SES (v2) client of a function instance, created on first use, and the one way to send an email.
// One attempt per call (maxAttempts 1): the caller's retries are the stream's, each one counted on the
// notification (shared/assets/notifications-relay.ts), so that a failing SES is retried a bounded number of times
// that the stage's configuration states, never silently inside the SDK. Locally `SES_ENDPOINT` is a stand-in.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '#shared/config/index';
import { traced } from '#shared/observability/tracing';

let client: SESv2Client | undefined;

function ses(): SESv2Client {
  client ??= traced(
    new SESv2Client({
      endpoint: config().notifications.sesEndpoint,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
    }),
  );
  return client;
}

export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Sends a plain-text email from the stage's sender; resolves to SES's message id. */
export async function sendEmail({ to, subject, text }: Email): Promise<string | undefined> {
  const { MessageId } = await ses().send(
    new SendEmailCommand({
      FromEmailAddress: config().notifications.sender,
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } } },
    }),
  );
  return MessageId;
}

/** Errors SES answers for a request that no retry will make it accept (a rejected message, an unverified sender). */
export function isPermanentEmailFailure(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (status === undefined || status === 429 || status >= 500) return false;
  // SES v2 answers 400 for its sending quota too: that one passes.
  return status >= 400 && name !== 'LimitExceededException' && name !== 'TooManyRequestsException';
}
