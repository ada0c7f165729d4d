import Router from '@koa/router';
import { authorize } from '../auth/policies.js';
import { requireCitizen, requireStaff } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { pageOffset } from '../http/paging.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { listCitizenPayouts, listPendingTransfers, findPreference } from '../settlement/citizen-queries.js';
import { presentPayoutPreference, savePayoutPreference } from '../settlement/payout-preference.js';
import { addRuleVersion, excludeCitizen, readmitCitizen } from './manage-rules.js';
import { presentExclusion, presentLedgerEntry, presentPendingTransfer, presentRuleVersion } from './present.js';
import { balanceOf, listEntries, listExclusions, listRuleVersions, monthlyStatements, ruleVersionAt } from './queries.js';
import { citizenIdParams, exclusionBody, exclusionsQuery, myRewardsQuery, newRuleVersionBody, preferenceBody, type NewRuleVersion } from './schemas.js';

/** The citizen's 我的奖励: balance, entries with their cases, monthly statements, payouts, 领取, preference. */
export function rewardRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/rewards' });

  router.get('/mine', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const page = validate(ctx, 'query', myRewardsQuery);
    const [balanceFen, entries, statements, payouts] = await Promise.all([
      balanceOf(services.db, citizenId),
      listEntries(services.db, citizenId, page),
      monthlyStatements(services.db, citizenId),
      listCitizenPayouts(services.db, citizenId),
    ]);
    ctx.body = {
      balanceFen,
      entries: entries.map(presentLedgerEntry),
      nextBefore: entries.length === page.limit ? entries[entries.length - 1].id : null,
      statements,
      payouts: payouts.map((payout) => ({ ...payout, paidAt: payout.paidAt?.toISOString() ?? null })),
    };
  });

  /** The rules in force, for the mini program's explanation page. */
  router.get('/rules', async (ctx) => {
    requireCitizen(ctx);
    const version = await ruleVersionAt(services.db, services.clock.now());
    if (!version) throw AppError.notFound('reward.no_rules', 'no reward rules are in force');
    ctx.body = { version: { id: version.id, effectiveFrom: version.effectiveFrom.toISOString(), rules: version.rules } };
  });

  router.get('/preference', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const preference = await findPreference(services.db, citizenId);
    ctx.body = { preference: preference ? presentPayoutPreference(preference) : null };
  });

  router.put('/preference', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const body = validate(ctx, 'body', preferenceBody);
    ctx.body = { preference: await savePayoutPreference(services, citizenId, body) };
  });

  /** Transfers waiting for the citizen's 领取: what `wx.requestMerchantTransfer` needs. */
  router.get('/transfers', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const pay = services.config.wechatPay;
    const bills = pay ? await listPendingTransfers(services.db, citizenId) : [];
    ctx.body = {
      transfers: bills.map((bill) => presentPendingTransfer(bill, pay!)),
    };
  });

  return router;
}

/** Administrators: reward rule versions and the citizens excluded from rewards. */
export function rewardAdminRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1' });

  router.get('/reward-rules', async (ctx) => {
    authorize(requireStaff(ctx), 'manage_reward_rules');
    ctx.body = { versions: (await listRuleVersions(services.db)).map(presentRuleVersion) };
  });

  router.post('/reward-rules', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_reward_rules');
    const version = validate<NewRuleVersion>(ctx, 'body', newRuleVersionBody);
    ctx.status = 201;
    ctx.body = { version: presentRuleVersion(await addRuleVersion(services, { actor, ip: ctx.ip, version })) };
  });

  router.get('/reward-exclusions', async (ctx) => {
    authorize(requireStaff(ctx), 'manage_reward_rules');
    const page = validate(ctx, 'query', exclusionsQuery);
    const { exclusions, total } = await listExclusions(services.db, { offset: pageOffset(page), limit: page.pageSize });
    ctx.body = { exclusions: exclusions.map(presentExclusion), total, ...page };
  });

  router.put('/reward-exclusions/:citizenId', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_reward_rules');
    const { citizenId } = validate(ctx, 'params', citizenIdParams);
    const body = validate(ctx, 'body', exclusionBody);
    await excludeCitizen(services, { actor, ip: ctx.ip, citizenId, ...body });
    ctx.body = { exclusion: { citizenId, ...body } };
  });

  router.delete('/reward-exclusions/:citizenId', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_reward_rules');
    const { citizenId } = validate(ctx, 'params', citizenIdParams);
    await readmitCitizen(services, { actor, ip: ctx.ip, citizenId });
    ctx.status = 204;
  });

  return router;
}
