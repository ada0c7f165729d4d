import Router from '@koa/router';
import Joi from 'joi';
import { authorize } from '../auth/policies.js';
import { requireStaff } from '../auth/tokens.js';
import { pageOffset } from '../http/paging.js';
import { validate } from '../http/validate.js';
import { sendWorkbook } from '../http/xlsx.js';
import { monthRange } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { cancelBill } from './cancel-bill.js';
import { exportPhoneCredit, payManually } from './pay-offline.js';
import { exportPayouts } from './export-payouts.js';
import { presentBatch, presentBill, presentLine, presentProgress } from './present.js';
import { billTotals, deviceOutliers, earningsBy, findBatch, findLine, lineTotals, listBatches, listBills, listLines, outlierLines } from './queries.js';
import { reconcileBatch } from './reconcile.js';
import { approveBatch, batchNotFound, excludeLine, sendBackBatch } from './review-batch.js';
import { startPayment } from './run-payment.js';
import { batchDetailQuery, batchIdParams, billsQuery, createBatchBody, lineFilterQuery, lineParams, linesQuery, manualPaymentBody, reasonBody } from './schemas.js';
import { settleMonth } from './settle-month.js';

const billParams = Joi.object<{ id: number; outBillNo: string }>({
  id: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required(),
  outBillNo: Joi.string().pattern(/^[A-Za-z0-9]{1,32}$/).required(),
});

/** Finance: monthly settlement batches, their review, approval, payment and reconciliation. */
export function settlementRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/settlement' });

  const readBatch = async (id: number) => {
    const batch = await findBatch(services.db, id);
    if (!batch) throw batchNotFound(id);
    return batch;
  };

  router.post('/batches', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { month } = validate(ctx, 'body', createBatchBody);
    const { batchId, created } = await settleMonth(services, { month, actor, ip: ctx.ip });
    ctx.status = created ? 201 : 200;
    ctx.body = { batch: presentBatch(await readBatch(batchId)), created };
  });

  router.get('/batches', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    ctx.body = { batches: (await listBatches(services.db)).map(presentBatch) };
  });

  router.get('/batches/:id', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const { outlierMinRewards, outlierMinDeviceReports } = validate(ctx, 'query', batchDetailQuery);
    const batch = await readBatch(id);
    const month = monthRange(batch.month);
    const [byStatusAndChannel, byStreet, byCategory, outliers, devices] = await Promise.all([
      lineTotals(services.db, id),
      earningsBy(services.db, id, 'street', month),
      earningsBy(services.db, id, 'category', month),
      outlierLines(services.db, id, outlierMinRewards),
      deviceOutliers(services.db, id, month, outlierMinDeviceReports),
    ]);
    ctx.body = { batch: presentBatch(batch), totals: { byStatusAndChannel, byStreet, byCategory }, outliers, deviceOutliers: devices };
  });

  router.get('/batches/:id/lines', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const { page, pageSize, ...filter } = validate(ctx, 'query', linesQuery);
    await readBatch(id);
    const { lines, total } = await listLines(services.db, id, filter, { offset: pageOffset({ page, pageSize }), limit: pageSize });
    ctx.body = { lines: lines.map(presentLine), total, page, pageSize };
  });

  /** Polled by the console while a batch pays: cheap counts, no review totals. */
  router.get('/batches/:id/progress', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const batch = await readBatch(id);
    const [lines, bills] = await Promise.all([lineTotals(services.db, id), billTotals(services.db, id)]);
    ctx.body = { progress: presentProgress(batch, lines, bills) };
  });

  router.get('/batches/:id/payouts.xlsx', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'view_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const filter = validate(ctx, 'query', lineFilterQuery);
    const batch = await readBatch(id);
    sendWorkbook(ctx, await exportPayouts(services, { actor, ip: ctx.ip, batch, filter }), `payouts-${batch.month}.xlsx`);
  });

  const presentLineOf = async (batchId: number, lineId: number) => presentLine((await findLine(services.db, batchId, lineId))!);

  router.post('/batches/:id/lines/:lineId/exclude', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { id, lineId } = validate(ctx, 'params', lineParams);
    const { reason } = validate(ctx, 'body', reasonBody);
    await excludeLine(services, { actor, ip: ctx.ip, batchId: id, lineId, reason });
    ctx.body = { line: await presentLineOf(id, lineId) };
  });

  router.post('/batches/:id/lines/:lineId/manual-payment', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { id, lineId } = validate(ctx, 'params', lineParams);
    const { voucherNo } = validate(ctx, 'body', manualPaymentBody);
    await payManually(services, { actor, ip: ctx.ip, batchId: id, lineId, voucherNo });
    ctx.body = { line: await presentLineOf(id, lineId) };
  });

  router.post('/batches/:id/approve', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'approve_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    await approveBatch(services, { actor, ip: ctx.ip, batchId: id });
    ctx.body = { batch: presentBatch(await readBatch(id)) };
  });

  /** The checker returns the batch to the maker for another review, with a reason. */
  router.post('/batches/:id/send-back', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'approve_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const { reason } = validate(ctx, 'body', reasonBody);
    await sendBackBatch(services, { actor, ip: ctx.ip, batchId: id, reason });
    ctx.body = { batch: presentBatch(await readBatch(id)) };
  });

  router.post('/batches/:id/run', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    await startPayment(services, { actor, ip: ctx.ip, batchId: id });
    ctx.status = 202;
    ctx.body = { batch: presentBatch(await readBatch(id)) };
  });

  router.get('/batches/:id/phone-credit.xlsx', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const batch = await readBatch(id);
    sendWorkbook(ctx, await exportPhoneCredit(services, { actor, ip: ctx.ip, batchId: id }), `phone-credit-${batch.month}.xlsx`);
  });

  router.get('/batches/:id/bills', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    const { page, pageSize, state } = validate(ctx, 'query', billsQuery);
    await readBatch(id);
    const { bills, total } = await listBills(services.db, id, state, { offset: pageOffset({ page, pageSize }), limit: pageSize });
    ctx.body = { bills: bills.map(presentBill), total, page, pageSize };
  });

  router.post('/batches/:id/bills/:outBillNo/cancel', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { id, outBillNo } = validate(ctx, 'params', billParams);
    ctx.body = { bill: { outBillNo, state: await cancelBill(services, { actor, ip: ctx.ip, batchId: id, outBillNo }) } };
  });

  router.get('/batches/:id/reconciliation', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    await readBatch(id);
    ctx.body = { reconciliation: await reconcileBatch(services.db, id) };
  });

  return router;
}
