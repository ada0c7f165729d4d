import type { Db } from '../db/database.js';
import type { RewardRules } from './rules.js';

/**
 * The demo city's rules, after Changsha and Qingdao: 2 元 per valid case, 100 元 more for the
 * first report of 私搭乱建 (E0101), 1 元 for confirming the fix, at most 200 元 a day and
 * 1,000 元 a month per citizen, no pool.
 */
export const DEMO_REWARD_RULES: RewardRules = {
  baseFen: 200,
  categoryBaseFen: {},
  firstReportBonusFen: { E0101: 10_000 },
  confirmationBonusFen: 100,
  dailyCapFen: 20_000,
  monthlyCapFen: 100_000,
  monthlyPoolFen: null,
  excludedSources: [],
};

/** Seeds the demo rules once, in force since 2025-01-01; an administrator's later versions stay. */
export async function seedDemoRewardRules(db: Db): Promise<void> {
  const any = await db.selectFrom('rewardRuleVersions').select('id').limit(1).executeTakeFirst();
  if (any) return;
  await db
    .insertInto('rewardRuleVersions')
    .values({
      effectiveFrom: new Date('2025-01-01T00:00:00+08:00'),
      rules: JSON.stringify(DEMO_REWARD_RULES),
      note: '演示城市奖励规则',
      createdBy: null,
      createdAt: new Date('2025-01-01T00:00:00+08:00'),
    })
    .execute();
}
