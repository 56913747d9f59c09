// Demo data for the asset register at `npm start`: two analysts with assets, and a subscriber who was notified
// of them. Written through the assets store; skipped when the register already holds analysts (ids are counters,
// so a second run would otherwise add copies).
import { createAnalyst, listAnalysts } from '#shared/assets/analysts';
import { createAsset } from '#shared/assets/assets';
import { createSubscription } from '#shared/assets/subscriptions';
import type { Seeder } from './index';

export const assetsSeeder: Seeder = {
  service: 'assets',
  seed: async () => {
    if ((await listAnalysts(1)).analysts.length > 0) return 'analysts already there, nothing added';
    await createSubscription({ email: 'risk-desk@example.com', topic: 'asset::creation' });
    const ada = await createAnalyst({ name: 'Ada Lovelace', company: 'Analytical Engines Ltd' });
    const grace = await createAnalyst({ name: 'Grace Hopper', company: 'Compiler Capital' });
    const assets = [
      { name: 'Difference Engine Bond', description: 'Senior secured, 2031', inception_date: '2023-01-16', is_active: true, analyst_id: ada.id },
      { name: 'Jacquard Loom Equity', description: null, inception_date: '2022-06-01', is_active: false, analyst_id: ada.id },
      { name: 'COBOL Infrastructure Fund', description: 'Core infrastructure', inception_date: '2024-03-04', is_active: true, analyst_id: grace.id },
    ];
    for (const asset of assets) await createAsset(asset);
    return `2 analysts, ${assets.length} assets, 1 subscription with ${assets.length} notifications`;
  },
};
