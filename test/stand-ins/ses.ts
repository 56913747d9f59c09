// A stand-in for Amazon SES (API v2) as one real HTTP server on 127.0.0.1: it speaks SendEmail
// (POST /v2/email/outbound-emails, JSON) as the AWS SDK sends it, keeps every email it accepted, and can be told
// to fail for a recipient: a 500 (InternalFailure), a 429 (TooManyRequestsException) or a 400 (MessageRejected),
// N times or for good. Driven over HTTP, so that `npm start` and the tests (in process or not) use it alike:
//   GET    /__stand-in/emails[?to=address]       the emails accepted so far, oldest first
//   POST   /__stand-in/failures                   {"to": address, "status": 500 | 429 | 400, "times": N | null}
//   GET    /__stand-in/requests[?to=address]      how many SendEmail requests came (accepted or failed)
// Run alone:  npx tsx test/stand-ins/ses.ts [port]   (npm start runs it on the local stage's sesEndpoint)
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  messageId: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export type FailureStatus = 500 | 429 | 400;
export interface FailureRule {
  to: string;
  status: FailureStatus;
  /** How many requests fail before it recovers; null: for good. */
  times: number | null;
}

/** SendEmail's body as far as the stand-in reads it. */
interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } } };
}

const ERRORS: Record<FailureStatus, { type: string; message: string }> = {
  500: { type: 'InternalFailure', message: 'The stand-in was told to fail' },
  429: { type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' },
  400: { type: 'MessageRejected', message: 'Email address is not verified.' },
};

export interface SesStandIn {
  url: string;
  close(): Promise<void>;
}

export async function startSesStandIn(port = 0, onEmail: (email: ReceivedEmail) => void = () => {}): Promise<SesStandIn> {
  const emails: ReceivedEmail[] = [];
  const failures = new Map<string, FailureRule>();
  const requests = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const to = url.searchParams.get('to')?.toLowerCase();
      if (req.method === 'GET' && url.pathname === '/__stand-in/emails') {
        return send(200, { emails: to ? emails.filter((email) => email.to.some((address) => address.toLowerCase() === to)) : emails });
      }
      if (req.method === 'GET' && url.pathname === '/__stand-in/requests') {
        return send(200, { requests: to ? (requests.get(to) ?? 0) : [...requests.values()].reduce((a, b) => a + b, 0) });
      }
      if (req.method === 'POST' && url.pathname === '/__stand-in/failures') {
        const rule = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FailureRule;
        failures.set(rule.to.toLowerCase(), rule);
        return send(204, {});
      }
      if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendEmailBody;
        const recipients = body.Destination?.ToAddresses ?? [];
        if (!body.FromEmailAddress || recipients.length === 0) {
          return send(400, { message: 'FromEmailAddress and Destination are required' }, { 'x-amzn-errortype': 'BadRequestException' });
        }
        for (const address of recipients) requests.set(address.toLowerCase(), (requests.get(address.toLowerCase()) ?? 0) + 1);
        const rule = recipients.map((address) => failures.get(address.toLowerCase())).find((r) => r && r.times !== 0);
        if (rule) {
          if (rule.times !== null) rule.times -= 1;
          const { type, message } = ERRORS[rule.status];
          return send(rule.status, { message }, { 'x-amzn-errortype': type });
        }
        const email: ReceivedEmail = {
          messageId: randomUUID(),
          receivedAt: new Date().toISOString(),
          from: body.FromEmailAddress,
          to: recipients,
          subject: body.Content?.Simple?.Subject?.Data ?? '',
          text: body.Content?.Simple?.Body?.Text?.Data ?? '',
        };
        emails.push(email);
        onEmail(email);
        return send(200, { MessageId: email.messageId });
      }
      send(404, { message: 'no such stand-in route' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The stand-in driven over HTTP, from wherever it runs. */
export function sesStandInClient(url: string) {
  return {
    emails: async (to?: string): Promise<ReceivedEmail[]> =>
      ((await (await fetch(`${url}/__stand-in/emails${to ? `?to=${encodeURIComponent(to)}` : ''}`)).json()) as { emails: ReceivedEmail[] }).emails,
    requests: async (to: string): Promise<number> =>
      ((await (await fetch(`${url}/__stand-in/requests?to=${encodeURIComponent(to)}`)).json()) as { requests: number }).requests,
    fail: async (rule: FailureRule): Promise<void> => {
      const response = await fetch(`${url}/__stand-in/failures`, { method: 'POST', body: JSON.stringify(rule) });
      if (response.status !== 204) throw new Error(`the SES stand-in refused the failure rule: ${response.status}`);
    },
  };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 3010);
  void startSesStandIn(port, (email) => console.log(`SES stand-in: email to ${email.to.join(', ')}: ${email.subject}`)).then((standIn) => {
    console.log(`SES v2 stand-in on ${standIn.url}; the mail it received: ${standIn.url}/__stand-in/emails`);
  });
}
