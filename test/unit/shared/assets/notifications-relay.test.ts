// The email a notification becomes, and how many times the relay tries it.
import { deliverNotifications } from '#shared/assets/consumers';
import { emailOf, MAX_ATTEMPTS } from '#shared/assets/notifications-relay';

const asset = { id: 7, name: 'Solar farm', description: null, inception_date: '2023-02-28', is_active: true, analyst_id: 3 };
const subscription = { id: 12, email: 'ada@example.com', topic: 'asset::creation' };

describe('a notification email', () => {
  it('goes to the subscriber and names the asset in its subject', () => {
    expect(emailOf(asset, subscription)).toMatchObject({ to: 'ada@example.com', subject: 'New asset: Solar farm' });
  });

  it('carries every field of the asset and says why the subscriber receives it', () => {
    const { text } = emailOf(asset, subscription);
    for (const line of ['id:             7', 'name:           Solar farm', 'description:    -', 'inception date: 2023-02-28', 'active:         yes', 'analyst id:     3']) {
      expect(text).toContain(line);
    }
    expect(text).toContain('ada@example.com subscribes to asset::creation (subscription 12)');
  });
});

describe('the relay', () => {
  it('tries a notification once and then as often as its stream retries a record', () => {
    expect(MAX_ATTEMPTS).toBe(deliverNotifications.stream.maximumRetryAttempts + 1);
  });
});
