// Demo users for `npm start`, created through the users store; a user already there is left as it is.
import { ConflictError } from '#shared/http/errors';
import type { User } from '#shared/users/schemas';
import { createUser } from '#shared/users/store';
import type { Seeder } from './index';

export const demoUsers: User[] = [
  { userId: 'ada', name: 'Ada Lovelace' },
  { userId: 'grace.hopper', name: 'Grace Hopper' },
  { userId: 'alan_turing', name: 'Alan Turing' },
  { userId: 'margaret@example.com', name: 'Margaret Hamilton' },
];

export const usersSeeder: Seeder = {
  service: 'users',
  seed: async () => {
    let created = 0;
    for (const user of demoUsers) {
      try {
        await createUser(user);
        created += 1;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    return `${created} of ${demoUsers.length} demo users created (${demoUsers.length - created} were there already)`;
  },
};
