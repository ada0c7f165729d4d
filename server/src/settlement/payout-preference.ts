/** How a citizen wants to be paid: WeChat transfer, 话费 to a number, or in person. */
import type { PayoutChannel } from '../db/schema.js';
import type { Services } from '../services.js';
import { encryptPhone, maskPhone } from '../users/phone-numbers.js';
import { savePreference } from './citizen-queries.js';

/** The preference as its citizen sees it: the number masked. */
export function presentPayoutPreference(preference: { channel: PayoutChannel; phoneMasked: string | null }) {
  return { channel: preference.channel, phone: preference.phoneMasked };
}

/** Saves the preference; a 话费 number is stored encrypted, never plain. */
export async function savePayoutPreference(services: Services, citizenId: number, input: { channel: PayoutChannel; phone?: string }) {
  const phone = input.phone ? { phoneEncrypted: encryptPhone(input.phone, services.config.personalData.key), phoneMasked: maskPhone(input.phone) } : {};
  await savePreference(services.db, { citizenId, channel: input.channel, ...phone, updatedAt: services.clock.now() });
  return presentPayoutPreference({ channel: input.channel, phoneMasked: phone.phoneMasked ?? null });
}
