// Each function's environment (config/environment.ts): what the builder refuses to build.
import { environmentBuilder } from '../../../config/environment';
import { loadStage } from '../../../config/stages';

describe('environmentBuilder', () => {
  const builder = environmentBuilder('test', '1.0.0', loadStage('test'), { USERS_TABLE: 'users-test' });

  it('names the function and the table when a function uses a table no resources/*.yml of the stage declares', () => {
    const route = { service: 'events', data: [{ table: 'events' as const, actions: ['Query' as const] }] };
    expect(() => builder.of('listEvents', route)).toThrow(
      'listEvents uses table "events", which no resources/*.yml of this stage declares',
    );
  });

  it('gives a function the names of the tables it declares', () => {
    const route = { service: 'users', data: [{ table: 'users' as const, actions: ['GetItem' as const] }] };
    expect(builder.of('getUser', route).USERS_TABLE).toBe('users-test');
  });
});
