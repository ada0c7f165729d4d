import type { Db } from './database.js';
import { migrateToLatest } from './migrate.js';
import { loadTaxonomy } from '../taxonomy/load-taxonomy.js';
import { seedDemoCity } from '../grids/demo-city.js';
import { loadCalendarData } from '../calendar/calendar-store.js';
import { seedDemoStaff } from '../users/demo-staff.js';
import { seedDemoRewardRules } from '../rewards/demo-rules.js';
import { seedDemoContractors } from '../contractors/demo-contractors.js';
import { seedDemoTemplates } from '../templates/demo-templates.js';

/**
 * Brings a database to a usable state: schema, the taxonomy and the statutory holiday calendar
 * from their data files and, for demo and test runs, the demo city (深圳市龙岗区), its demo
 * staff accounts, reward rules, contractors and its 常用语 (response templates).
 * Every step is idempotent.
 */
export async function prepareDatabase(db: Db, options: { demoCity: boolean }): Promise<void> {
  await migrateToLatest(db);
  await loadTaxonomy(db);
  await loadCalendarData(db);
  if (options.demoCity) {
    await seedDemoCity(db);
    // Only the accounts' created_at: not business time, so no injected clock is needed.
    await seedDemoStaff(db, new Date());
    await seedDemoRewardRules(db);
    await seedDemoContractors(db);
    await seedDemoTemplates(db, new Date());
  }
}
