// The POST /users body rules, pure: which answer wins when several things are wrong.
import { createUserBody, messages } from '#shared/users/schemas';

const firstMessage = (body: unknown) => createUserBody().safeParse(body).error?.issues[0]?.message;

describe('createUserBody', () => {
  it('accepts exactly userId and name', () => {
    expect(createUserBody().parse({ userId: 'ada', name: 'Ada' })).toEqual({ userId: 'ada', name: 'Ada' });
  });

  it('answers a missing field with the contract sentence even when the other field is malformed', () => {
    expect(firstMessage({ userId: 'a b' })).toBe(messages.bothRequired);
    expect(firstMessage({ name: 'n'.repeat(300) })).toBe(messages.bothRequired);
  });

  it('answers a missing field with the contract sentence even when there are extra fields', () => {
    expect(firstMessage({ userId: 'ada', extra: 1 })).toBe(messages.bothRequired);
  });

  it('answers the format problem once both fields are present', () => {
    expect(firstMessage({ userId: 'a b', name: 'Ada' })).toBe(messages.userIdFormat);
    expect(firstMessage({ userId: 'ada', name: 'n'.repeat(257) })).toBe(messages.nameTooLong);
  });

  it('accepts every allowed userId character', () => {
    const userId = 'AZaz09_.@-';
    expect(createUserBody().parse({ userId, name: 'x' }).userId).toBe(userId);
  });
});
