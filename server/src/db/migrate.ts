import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as intake from './migrations/0001-intake.js';
import * as calendar from './migrations/0002-calendar.js';
import * as intakeIndexes from './migrations/0003-intake-indexes.js';
import * as workflow from './migrations/0004-workflow.js';
import * as administration from './migrations/0005-administration.js';
import * as rewards from './migrations/0006-rewards.js';
import * as settlement from './migrations/0007-settlement.js';
import * as citizenParticipation from './migrations/0008-citizen-participation.js';
import * as hotline from './migrations/0009-hotline.js';
import * as contractorDeductions from './migrations/0010-contractor-deductions.js';
import * as settlementSendBack from './migrations/0012-settlement-send-back.js';
import * as staffExtension from './migrations/0013-staff-extension.js';
import * as intakeInOneStatement from './migrations/0014-intake-in-one-statement.js';
import * as subscriptionGrants from './migrations/0015-subscription-grants.js';
import * as payoutPhonesEncrypted from './migrations/0016-payout-phones-encrypted.js';
import * as photoDevices from './migrations/0017-photo-devices.js';
import * as intakeOneRoundTrip from './migrations/0018-intake-one-round-trip.js';
import * as intakeInBatches from './migrations/0019-intake-in-batches.js';
import * as intakeFewerStatements from './migrations/0020-intake-fewer-statements.js';

/** Migrations in order; a new one is a new file here and a new line below. */
const migrations: Record<string, Migration> = {
  '0001-intake': intake,
  '0002-calendar': calendar,
  '0003-intake-indexes': intakeIndexes,
  '0004-workflow': workflow,
  '0005-administration': administration,
  '0006-rewards': rewards,
  '0007-settlement': settlement,
  '0008-citizen-participation': citizenParticipation,
  '0009-hotline': hotline,
  '0010-contractor-deductions': contractorDeductions,
  '0012-settlement-send-back': settlementSendBack,
  '0013-staff-extension': staffExtension,
  '0014-intake-in-one-statement': intakeInOneStatement,
  '0015-subscription-grants': subscriptionGrants,
  '0016-payout-phones-encrypted': payoutPhonesEncrypted,
  '0017-photo-devices': photoDevices,
  '0018-intake-one-round-trip': intakeOneRoundTrip,
  '0019-intake-in-batches': intakeInBatches,
  '0020-intake-fewer-statements': intakeFewerStatements,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
