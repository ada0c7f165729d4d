/** What the settlement holds for one citizen: preference, payouts, transfers awaiting 领取. */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { PayoutPreferenceTable } from '../db/schema.js';

export function findPreference(db: Executor, citizenId: number) {
  return db.selectFrom('payoutPreferences').select(['channel', 'phoneMasked']).where('citizenId', '=', citizenId).executeTakeFirst();
}

/** Writes the citizen's preference; a plain number left by an older version goes with it. */
export async function savePreference(db: Executor, preference: Insertable<PayoutPreferenceTable>): Promise<void> {
  const { channel, phoneEncrypted = null, phoneMasked = null, updatedAt } = preference;
  await db
    .insertInto('payoutPreferences')
    .values({ citizenId: preference.citizenId, channel, phoneEncrypted, phoneMasked, updatedAt })
    .onConflict((conflict) => conflict.column('citizenId').doUpdateSet({ channel, phone: null, phoneEncrypted, phoneMasked, updatedAt }))
    .execute();
}

/** The citizen's payout lines, newest month first. */
export function listCitizenPayouts(db: Executor, citizenId: number) {
  return db
    .selectFrom('payoutLines')
    .innerJoin('settlementBatches', 'settlementBatches.id', 'payoutLines.batchId')
    .select((eb) => [
      'payoutLines.id as lineId',
      eb.fn<string>('to_char', ['settlementBatches.month', eb.val('YYYY-MM')]).as('month'),
      'payoutLines.amountFen',
      'payoutLines.channel',
      'payoutLines.status',
      'payoutLines.paidAt',
    ])
    .where('payoutLines.citizenId', '=', citizenId)
    .orderBy('settlementBatches.month', 'desc')
    .limit(24)
    .execute();
}

/** Bills of the citizen's lines waiting for confirmation in the mini program. */
export type PendingTransferRow = Awaited<ReturnType<typeof listPendingTransfers>>[number];

export function listPendingTransfers(db: Executor, citizenId: number) {
  return db
    .selectFrom('transferBills')
    .innerJoin('payoutLines', 'payoutLines.id', 'transferBills.lineId')
    .select(['transferBills.outBillNo', 'transferBills.amountFen', 'transferBills.packageInfo', 'transferBills.createdAt'])
    .where('payoutLines.citizenId', '=', citizenId)
    .where('transferBills.state', '=', 'WAIT_USER_CONFIRM')
    .orderBy('transferBills.id')
    .execute();
}
