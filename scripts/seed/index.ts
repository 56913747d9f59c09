// Demo data for `npm start`, one seeder per service, each writing through its service's domain code.
import { assetsSeeder } from './assets';
import { eventsSeeder } from './events';
import { usersSeeder } from './users';

export interface Seeder {
  service: string;
  /** Loads the demo data and says what it loaded; running it twice must not duplicate anything. */
  seed: () => Promise<string>;
}

export const seeders: Seeder[] = [usersSeeder, eventsSeeder, assetsSeeder];
