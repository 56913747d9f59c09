// Bearer JWT checks, in process, with tokens of the test stage (HS256 pinned).
import { authenticate } from '#shared/http/auth';
import { ForbiddenError, UnauthorizedError } from '#shared/http/errors';
import { badTokens, tokenWithScope } from '../../../helpers/tokens';

describe('authenticate', () => {
  it('accepts a valid token with the scope and returns its subject and scopes', async () => {
    const token = await tokenWithScope('assets:write events:write');
    await expect(authenticate(`Bearer ${token}`, 'events:write')).resolves.toEqual({
      subject: 'test-user',
      scopes: ['assets:write', 'events:write'],
    });
  });

  it('accepts the scheme name in any case', async () => {
    const token = await tokenWithScope('events:write');
    await expect(authenticate(`bearer ${token}`, 'events:write')).resolves.toMatchObject({ scopes: ['events:write'] });
  });

  it('refuses a missing header with 401 "Not authenticated"', async () => {
    await expect(authenticate(undefined, 'events:write')).rejects.toEqual(new UnauthorizedError('Not authenticated'));
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token'])('refuses the header "%s" with 401', async (header) => {
    await expect(authenticate(header, 'events:write')).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a valid token without the scope with 403', async () => {
    const token = await tokenWithScope('assets:write');
    await expect(authenticate(`Bearer ${token}`, 'events:write')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('does not treat a scope that merely contains the needed one as the needed one', async () => {
    const token = await tokenWithScope('events:write-not');
    await expect(authenticate(`Bearer ${token}`, 'events:write')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses every bad token with 401', async () => {
    for (const [name, token] of Object.entries(await badTokens('events:write'))) {
      await expect(authenticate(`Bearer ${token}`, 'events:write').catch((error: unknown) => [name, error])).resolves.toEqual([
        name,
        expect.any(UnauthorizedError),
      ]);
    }
  });
});
