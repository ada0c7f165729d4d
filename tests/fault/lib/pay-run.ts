/**
 * One payment run of a settlement batch in its own process, exactly as the settlement worker
 * runs the `pay-batch` job, so a fault test can kill it with SIGKILL at any instant.
 *   node --import tsx tests/fault/lib/pay-run.ts <batchId>
 */
import { loadConfig } from '../../../server/src/config/config.js';
import { openServices } from '../../../server/src/services.js';
import { settlementJobs } from '../../../server/src/settlement/settlement-jobs.js';

const batchId = Number(process.argv[2]);
const services = openServices(loadConfig());
try {
  await settlementJobs(services).find((job) => job.name === 'pay-batch')!.handle({ batchId });
} finally {
  await services.close();
}
