// Demo data for the events service: a deterministic week of a deployment pipeline, the shape of the
// system we replace (about 100 engineers; every commit staged, then deployed a little later).
// The same seed always gives the same events, so seeding twice stores nothing new.
import type { DeployEvent } from '#shared/events/schemas';
import type { Seeder } from './index';

export const DEMO_FIRST_DAY = '2024-03-04'; // a Monday; the week runs to Sunday 2024-03-10
const DAYS = 7;
const ENGINEERS = 100;

/** mulberry32: a small, fast, deterministic PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function engineerNames(next: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ra', 'ne', 'to', 'su', 'vi', 'an', 'el', 'is', 'or', 'da', 'ze', 'pa', 'ri', 'th', 'be', 'co', 'ju'];
  const names = new Set<string>();
  while (names.size < ENGINEERS) {
    const length = 2 + Math.floor(next() * 2);
    names.add(Array.from({ length }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  }
  return [...names].sort();
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** About 1,100 events over one week: busy weekdays, quiet weekends. */
export function demoEvents(seed = 2017): DeployEvent[] {
  const next = random(seed);
  const names = engineerNames(next);
  const pick = () => names[Math.floor(next() * names.length)]!;
  const hex = (length: number) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join('');
  const events: DeployEvent[] = [];
  for (let day = 0; day < DAYS; day++) {
    const midnight = Date.parse(`${DEMO_FIRST_DAY}T00:00:00Z`) + day * 86_400_000;
    const commits = day < 5 ? 90 + Math.floor(next() * 30) : 8 + Math.floor(next() * 10);
    for (let commit = 0; commit < commits; commit++) {
      const sha = hex(40);
      const staged = midnight + Math.floor((7 + next() * 13) * 3_600_000 / 1000) * 1000; // 07:00-20:00
      const deployed = staged + Math.floor(3 + next() * 147) * 60_000; // 3 to 150 minutes later
      events.push({ id: '', sha, timestamp: iso(staged), action: 'stage', engineer: pick() });
      events.push({ id: '', sha, timestamp: iso(deployed), action: 'deploy', engineer: pick() });
    }
  }
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  return events.map((event, index) => ({ ...event, id: `demo-${String(index + 1).padStart(5, '0')}` }));
}

export const eventsSeeder: Seeder = {
  service: 'events',
  seed: async () => {
    const { recordEventsInBatches } = await import('../events-import');
    const events = demoEvents();
    const { created, duplicates } = await recordEventsInBatches(events);
    return `${events.length} demo events of the week from ${DEMO_FIRST_DAY} (${created} created, ${duplicates} already there)`;
  },
};
