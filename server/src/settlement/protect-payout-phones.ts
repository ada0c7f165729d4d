import type { Db } from '../db/database.js';
import type { PersonalDataKeys } from '../config/config.js';
import { encryptPhone, maskPhone } from '../users/phone-numbers.js';

/**
 * Encrypts the 话费 numbers a version before migration 0016 stored plain, at start: the key is
 * in the config, which migrations do not see. Each row is rewritten on its own and only while
 * still plain, so a crash midway or two processes starting together leave nothing plain twice
 * or lost; the next start finishes. Returns how many rows it protected.
 */
export async function protectPayoutPhones(db: Db, keys: PersonalDataKeys): Promise<number> {
  const protect = (phone: string) => ({ phone: null, phoneEncrypted: encryptPhone(phone, keys.key), phoneMasked: maskPhone(phone) });
  let count = 0;
  const preferences = await db.selectFrom('payoutPreferences').select(['citizenId', 'phone']).where('phone', 'is not', null).execute();
  for (const { citizenId, phone } of preferences) {
    const result = await db.updateTable('payoutPreferences').set(protect(phone!)).where('citizenId', '=', citizenId).where('phone', '=', phone).executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  const lines = await db.selectFrom('payoutLines').select(['id', 'phone']).where('phone', 'is not', null).execute();
  for (const { id, phone } of lines) {
    const result = await db.updateTable('payoutLines').set(protect(phone!)).where('id', '=', id).where('phone', '=', phone).executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  return count;
}
