import { beijingDay, beijingMonth, confirmationCreditsFor, creditsFor, grantWithin, monthRange, previousMonth, rewardRulesSchema } from './rules.js';
import { DEMO_REWARD_RULES } from './demo-rules.js';

describe('creditsFor', () => {
  it('pays the base for any category and adds the first-report bonus where the rules name one', () => {
    expect(creditsFor(DEMO_REWARD_RULES, 'E0102')).toEqual([{ ruleCode: 'base', amountFen: 200 }]);
    expect(creditsFor(DEMO_REWARD_RULES, 'E0101')).toEqual([
      { ruleCode: 'base', amountFen: 200 },
      { ruleCode: 'first_report_bonus', amountFen: 10_000 },
    ]);
  });

  it('uses a category base over the default and drops zero amounts', () => {
    const rules = { ...DEMO_REWARD_RULES, categoryBaseFen: { C0101: 500, E0103: 0 } };
    expect(creditsFor(rules, 'C0101')).toEqual([{ ruleCode: 'base', amountFen: 500 }]);
    expect(creditsFor(rules, 'E0103')).toEqual([]);
  });
});

describe('confirmationCreditsFor', () => {
  it('pays the confirmation bonus the rules name, and nothing when it is 0', () => {
    expect(confirmationCreditsFor(DEMO_REWARD_RULES)).toEqual([{ ruleCode: 'confirmation_bonus', amountFen: 100 }]);
    expect(confirmationCreditsFor({ ...DEMO_REWARD_RULES, confirmationBonusFen: 0 })).toEqual([]);
  });
});

describe('grantWithin', () => {
  const open = { daily_cap: null, monthly_cap: null, pool: null };
  it('grants the whole credit when nothing limits it', () => {
    expect(grantWithin(200, open)).toEqual({ amountFen: 200, cappedBy: null, cappedFen: 0 });
  });

  it('cuts to the tightest limit and names it', () => {
    expect(grantWithin(200, { daily_cap: 150, monthly_cap: 120, pool: null })).toEqual({ amountFen: 120, cappedBy: 'monthly_cap', cappedFen: 80 });
    expect(grantWithin(200, { daily_cap: 150, monthly_cap: 1000, pool: 30 })).toEqual({ amountFen: 30, cappedBy: 'pool', cappedFen: 170 });
  });

  it('grants nothing, not a debt, once a limit is overspent (after a rule change lowered it)', () => {
    expect(grantWithin(200, { ...open, daily_cap: -50 })).toEqual({ amountFen: 0, cappedBy: 'daily_cap', cappedFen: 200 });
  });
});

describe('Beijing days and months', () => {
  it('counts days and months from Beijing midnight', () => {
    const late = new Date('2025-09-30T23:30:00+08:00');
    expect(beijingDay(late).start.toISOString()).toBe('2025-09-29T16:00:00.000Z');
    expect(beijingMonth(late).month).toBe('2025-09');
    expect(beijingMonth(new Date('2025-09-30T16:30:00Z')).month).toBe('2025-10');
    expect(monthRange('2025-12').end.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('settles the month before on the 1st, across a year end', () => {
    expect(previousMonth(new Date('2026-01-01T00:05:00+08:00'))).toBe('2025-12');
    expect(previousMonth(new Date('2025-10-01T01:00:00+08:00'))).toBe('2025-09');
  });
});

describe('rewardRulesSchema', () => {
  it('fills defaults and refuses negative or fractional 分', () => {
    expect(rewardRulesSchema.validate({ baseFen: 200 }).value).toEqual({
      baseFen: 200,
      categoryBaseFen: {},
      firstReportBonusFen: {},
      confirmationBonusFen: 0,
      dailyCapFen: null,
      monthlyCapFen: null,
      monthlyPoolFen: null,
      excludedSources: [],
    });
    expect(rewardRulesSchema.validate({ baseFen: -1 }).error).toBeDefined();
    expect(rewardRulesSchema.validate({ baseFen: 1.5 }).error).toBeDefined();
    expect(rewardRulesSchema.validate({ baseFen: 1, firstReportBonusFen: { bad: 1 } }).error).toBeDefined();
  });
});
