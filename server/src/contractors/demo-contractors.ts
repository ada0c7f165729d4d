/**
 * The demo city's contractors, after Xuzhou's practice: a street's cleaning company answers for
 * its garbage and dirty roads, a community's for its exposed garbage, and an information-collection
 * company for everything in its streets and grids. Amounts follow the rewards, so none are set here.
 */
import type { Db } from '../db/database.js';
import type { ContractedAreaLevel, ContractorKind } from '../db/schema.js';

interface DemoContractor {
  name: string;
  kind: ContractorKind;
  areas: Array<{ level: ContractedAreaLevel; code: string; categories: Array<string | null> }>;
}

export const DEMO_CONTRACTORS: DemoContractor[] = [
  {
    name: '龙城环境卫生保洁有限公司',
    kind: 'cleaning',
    // 龙城街道: 暴露垃圾, 积存垃圾渣土, 道路不洁.
    areas: [{ level: 'street', code: '440307001', categories: ['E0102', 'E0103', 'E0104'] }],
  },
  {
    name: '横岗物业保洁服务有限公司',
    kind: 'cleaning',
    // 横岗街道 横岗社区: 暴露垃圾.
    areas: [{ level: 'community', code: '440307004001', categories: ['E0102'] }],
  },
  {
    name: '龙岗城市管理信息采集有限公司',
    kind: 'collection',
    // All of 龙岗街道, and the first grid of 宝龙社区.
    areas: [
      { level: 'street', code: '440307002', categories: [null] },
      { level: 'grid', code: '44030700300101', categories: [null] },
    ],
  },
];

const DEMO_CONTRACTS_FROM = new Date('2025-01-01T00:00:00+08:00');

/** Seeds the demo contractors once; an administrator's later contractors and areas stay. */
export async function seedDemoContractors(db: Db): Promise<void> {
  if (await db.selectFrom('contractors').select('id').limit(1).executeTakeFirst()) return;
  await db.transaction().execute(async (trx) => {
    for (const contractor of DEMO_CONTRACTORS) {
      const { id } = await trx
        .insertInto('contractors')
        .values({ name: contractor.name, kind: contractor.kind, createdAt: DEMO_CONTRACTS_FROM })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('contractorAreas')
        .values(
          contractor.areas.flatMap((area) =>
            area.categories.map((categoryCode) => ({ contractorId: id, areaLevel: area.level, areaCode: area.code, categoryCode, validFrom: DEMO_CONTRACTS_FROM, validUntil: null })),
          ),
        )
        .execute();
    }
  });
}
