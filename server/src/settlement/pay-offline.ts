/**
 * The channels paid outside WeChat Pay: phone credit (话费) through the carrier's spreadsheet and
 * its results, and red packets or cash recorded with a voucher number.
 */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { readWorkbook, writeWorkbook, yuan } from '../http/xlsx.js';
import type { Services } from '../services.js';
import { decryptPhone } from '../users/phone-numbers.js';
import { lockBatchIn } from './review-batch.js';
import { finishBatchIfDone, lockLine } from './queries.js';

interface By {
  actor: StaffActor;
  ip: string;
}

const COLUMNS = [
  { header: '行号' },
  { header: '手机号', width: 16, text: true },
  { header: '充值金额(元)' },
  { header: '结果(成功/失败)' },
  { header: '运营商流水号或失败原因', width: 28 },
];

/**
 * The carrier's list: every phone-credit line not yet paid, with the full number (the carrier
 * needs it; the export is audited). Exported lines become `paying` until their result comes back.
 */
export async function exportPhoneCredit(services: Services, { actor, ip, batchId }: By & { batchId: number }): Promise<Buffer> {
  const now = services.clock.now();
  const lines = await services.db.transaction().execute(async (trx) => {
    const batch = await lockBatchIn(trx, batchId, ['approved', 'paying'], 'export phone credit');
    const rows = await trx
      .updateTable('payoutLines')
      .set({ status: 'paying' })
      .where('batchId', '=', batchId)
      .where('channel', '=', 'phone_credit')
      .where('status', 'in', ['pending', 'paying'])
      .returning(['id', 'phoneEncrypted', 'amountFen'])
      .execute();
    if (batch.status === 'approved') await trx.updateTable('settlementBatches').set({ status: 'paying' }).where('id', '=', batchId).execute();
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.phone_credit_exported', targetType: 'settlement_batch', targetId: batchId, ip, details: { lines: rows.length } });
    return rows.sort((a, b) => a.id - b.id);
  });
  return writeWorkbook([{ name: '话费充值', columns: COLUMNS, rows: lines.map((line) => [line.id, decryptPhone(line.phoneEncrypted!, services.config.personalData.key), yuan(line.amountFen), '', '']) }]);
}

interface CarrierResult {
  lineId: number;
  succeeded: boolean;
  note: string;
}

async function readResults(file: Buffer): Promise<CarrierResult[]> {
  const sheet = (await readWorkbook(file)).worksheets[0];
  const results: CarrierResult[] = [];
  sheet?.eachRow((row, number) => {
    if (number === 1) return;
    const lineId = Number(row.getCell(1).value);
    const outcome = String(row.getCell(4).value ?? '').trim();
    if (!Number.isSafeInteger(lineId) || !['成功', '失败'].includes(outcome)) return;
    results.push({ lineId, succeeded: outcome === '成功', note: String(row.getCell(5).value ?? '').trim().slice(0, 200) });
  });
  return results;
}

/**
 * Applies the carrier's returned sheet: 成功 pays the line (the carrier's reference as voucher),
 * 失败 fails it. Lines not exported, or already settled, are listed as ignored, not changed.
 */
export async function importPhoneCreditResults(services: Services, { actor, ip, batchId, file }: By & { batchId: number; file: Buffer }) {
  const results = await readResults(file);
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    await lockBatchIn(trx, batchId, ['paying'], 'import phone credit results');
    const counts = { paid: 0, failed: 0, ignored: [] as number[] };
    for (const result of results) {
      const line = await lockLine(trx, batchId, result.lineId);
      if (!line || line.channel !== 'phone_credit' || line.status !== 'paying') {
        counts.ignored.push(result.lineId);
        continue;
      }
      await trx
        .updateTable('payoutLines')
        .set(result.succeeded ? { status: 'paid', voucherNo: result.note || null, paidAt: now } : { status: 'failed', failure: result.note || '运营商充值失败' })
        .where('id', '=', line.id)
        .execute();
      counts[result.succeeded ? 'paid' : 'failed'] += 1;
    }
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.phone_credit_imported', targetType: 'settlement_batch', targetId: batchId, ip, details: counts });
    await finishBatchIfDone(trx, batchId);
    return counts;
  });
}

/** Records a red packet or cash payment of a manual line by its voucher number. */
export async function payManually(services: Services, { actor, ip, batchId, lineId, voucherNo }: By & { batchId: number; lineId: number; voucherNo: string }) {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const batch = await lockBatchIn(trx, batchId, ['approved', 'paying'], 'record a manual payment');
    const line = await lockLine(trx, batchId, lineId);
    if (!line) throw AppError.notFound('settlement.line_not_found', `no line ${lineId} in batch ${batchId}`);
    if (line.channel !== 'manual' || line.status !== 'pending') {
      throw AppError.conflict('settlement.line_not_manual', `line ${lineId} is a ${line.channel} line, ${line.status}: only pending manual lines are paid by voucher`);
    }
    await trx.updateTable('payoutLines').set({ status: 'paid', voucherNo, paidAt: now }).where('id', '=', lineId).execute();
    if (batch.status === 'approved') await trx.updateTable('settlementBatches').set({ status: 'paying' }).where('id', '=', batchId).execute();
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.paid_manually', targetType: 'payout_line', targetId: lineId, ip, details: { batchId, voucherNo, amountFen: line.amountFen } });
    await finishBatchIfDone(trx, batchId);
  });
}
