/**
 * Routes that need the request body as bytes, mounted before the JSON body parser: WeChat Pay's
 * callback (its signature covers the exact bytes) and the carrier's .xlsx results.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { authorize } from '../auth/policies.js';
import { requireStaff } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { importPhoneCreditResults } from './pay-offline.js';
import { receiveBillCallback } from './receive-callback.js';
import { batchIdParams } from './schemas.js';
import { signedHeaders } from './wechat-pay/signing.js';

const CALLBACK_LIMIT_BYTES = 64 * 1024;
const SPREADSHEET_LIMIT_BYTES = 20 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function readBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.req) {
    total += (chunk as Buffer).length;
    if (total > limitBytes) throw new AppError(413, 'request.too_large', `request body exceeds ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function settlementRawBodyRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/settlement' });

  router.post('/wechat-pay/notify', async (ctx) => {
    const body = (await readBody(ctx, CALLBACK_LIMIT_BYTES)).toString('utf8');
    await receiveBillCallback(services, { headers: signedHeaders((name) => ctx.get(name) || null), body });
    ctx.status = 204;
  });

  router.post('/batches/:id/phone-credit-results', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_settlement');
    const { id } = validate(ctx, 'params', batchIdParams);
    if (!ctx.is(XLSX)) throw new AppError(415, 'request.unsupported_media_type', `send the carrier's workbook as ${XLSX}`);
    const file = await readBody(ctx, SPREADSHEET_LIMIT_BYTES);
    ctx.body = { results: await importPhoneCreditResults(services, { actor, ip: ctx.ip, batchId: id, file }) };
  });

  return router;
}
