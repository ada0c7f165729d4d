import { AppError } from '../errors/app-error.js';
import { requestFingerprint } from '../http/idempotency-key.js';
import type { Services } from '../services.js';
import type { SubscriptionResultsInput } from './schemas.js';
import { addSubscribeCredits, findSubscriptionGrant, insertSubscriptionGrant, listSubscribeCredits } from './subscription-queries.js';

interface Props {
  citizenId: number;
  idempotencyKey: string;
  results: SubscriptionResultsInput['results'];
}

/**
 * A subscribe-message dialog's answers: one credit per accepted template (WeChat allows one
 * message per acceptance). The same Idempotency-Key adds nothing again and answers the credits
 * as they are now; the same key with other answers is refused (422).
 */
export async function grantSubscriptions(services: Services, { citizenId, idempotencyKey, results }: Props) {
  const requestHash = requestFingerprint(results.map((result) => [result.templateId, result.result]));
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    if (await insertSubscriptionGrant(trx, { citizenId, idempotencyKey, requestHash, createdAt: now })) {
      const accepted = results.filter((result) => result.result === 'accept').map((result) => result.templateId);
      await addSubscribeCredits(trx, citizenId, accepted, now);
    } else if ((await findSubscriptionGrant(trx, citizenId, idempotencyKey)).requestHash !== requestHash) {
      throw AppError.unprocessable(
        'subscription.idempotency_key_reused',
        'this Idempotency-Key was already used for other answers; make a new key for each dialog',
      );
    }
    return listSubscribeCredits(trx, citizenId, results.map((result) => result.templateId));
  });
}
