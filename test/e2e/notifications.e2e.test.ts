// The notifications relay as `npm start` runs it (scripts/local-relay.ts), against the test run's sls offline: the
// SES stand-in, and the poller invoking deliverNotifications inside sls offline through its Lambda port. A subscriber
// and an asset made over HTTP; the notification seen delivered over HTTP, and the email in the stand-in.
import { startLocalRelay, type LocalRelay } from '../../scripts/local-relay';
import { request } from '../helpers/http';
import { bearer, tokenWithScope } from '../helpers/tokens';
import { sesStandInClient } from '../stand-ins/ses';
import { TEST_STAGE, testSettings } from '../stage';

let relay: LocalRelay;
let auth: Record<string, string>;
const said: string[] = [];

beforeAll(async () => {
  auth = bearer(await tokenWithScope('assets:write'));
  // LATEST: the run's database already holds other files' notifications.
  relay = await startLocalRelay(TEST_STAGE, (line) => said.push(line), 'LATEST');
});

afterAll(async () => {
  await relay?.stop();
});

async function created(path: string, json: unknown) {
  const answer = await request(path, { method: 'POST', json, headers: auth });
  if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${answer.text}`);
  return answer.body;
}

it('delivers the notification of a new asset to its subscriber within seconds, as the API then shows', async () => {
  const email = `relay-e2e-${process.pid}-${Date.now()}@example.com`;
  const subscription = await created('/api/v1/subscriptions', { email });
  try {
    const analyst = await created('/api/v1/analysts', { name: `relay-e2e-${Date.now()}`, company: 'Acme' });
    const asset = await created('/api/v1/assets', { name: `Wind farm ${Date.now()}`, is_active: true, analyst_id: analyst.id });
    const startedAt = Date.now();
    let notification: Record<string, unknown> | undefined;
    while (Date.now() - startedAt < 20_000) {
      [notification] = (await request(`/api/v1/subscriptions/${subscription.id}/notifications`)).body.notifications;
      if (notification?.status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(notification).toMatchObject({ asset, status: 'delivered', delivered_at: expect.any(String) });
    console.log(`notification delivered ${Date.now() - startedAt} ms after the asset was created`);
    const emails = await sesStandInClient(testSettings.environment.SES_ENDPOINT!).emails(email);
    expect(emails.map((mail) => mail.subject)).toEqual([`New asset: ${asset.name}`]);
    expect(said).toContainEqual(expect.stringContaining(`email to ${email}`));
  } finally {
    await request(`/api/v1/subscriptions/${subscription.id}`, { method: 'DELETE', headers: auth });
  }
});
