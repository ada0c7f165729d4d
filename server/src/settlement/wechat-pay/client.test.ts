import { generateKeyPairSync } from 'node:crypto';
import { loadConfig, type WeChatPayConfig } from '../../config/config.js';
import { startWeChatPayPeer, type WeChatPayPeer } from '../../test-support/wechatpay-peer.js';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTransferBillsClient, WeChatPayError, type TransferBillsClient } from './client.js';
import { createSharedPacer } from './pacer.js';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379', DEMO_MODE: 'true' };

let peer: WeChatPayPeer;
let client: TransferBillsClient;
const configWith = (env: Record<string, string> = {}, without: string[] = []): WeChatPayConfig => {
  const merged: Record<string, string> = { ...base, ...peer.env, ...env };
  for (const name of without) delete merged[name];
  return loadConfig(merged).wechatPay!;
};
let redis: Redis;
/** A pacer of its own per client: the test's calls share no slots with another test's. */
const pacedAt = (callsPerSecond: number) => createSharedPacer(redis, `test-pace:${randomUUID()}`, callsPerSecond);
beforeAll(async () => {
  peer = await startWeChatPayPeer();
  redis = new Redis(process.env.REDIS_URL!);
  client = createTransferBillsClient(configWith(), pacedAt(1000));
});
afterAll(async () => {
  redis.disconnect();
  await peer.close();
});

let sequence = 0;
const bill = (amountFen = 200) => ({ outBillNo: `T${Date.now()}N${++sequence}`, openid: 'o-openid-of-citizen', amountFen });

async function failure(promise: Promise<unknown>): Promise<WeChatPayError> {
  const error = await promise.then(() => undefined, (caught) => caught);
  expect(error).toBeInstanceOf(WeChatPayError);
  return error as WeChatPayError;
}

describe('the transfer-bills client against the local peer', () => {
  it('creates a scene-1000 bill the peer accepts, and a repeat of its out_bill_no returns the same bill', async () => {
    const wanted = bill();
    const created = await client.createBill(wanted);
    expect(created).toMatchObject({ outBillNo: wanted.outBillNo, state: 'WAIT_USER_CONFIRM', packageInfo: expect.any(String) });
    const again = await client.createBill(wanted);
    expect(again.transferBillNo).toBe(created.transferBillNo);
    expect(peer.bills.get(wanted.outBillNo)).toMatchObject({ transfer_amount: 200, openid: wanted.openid });
    expect(peer.refusedSignatures).toBe(0);
    expect(await client.queryBill(wanted.outBillNo)).toMatchObject({ state: 'WAIT_USER_CONFIRM', amountFen: 200 });
    expect(await client.queryBill('NOSUCHBILL1')).toBeNull();
  });

  it('verifies answers signed with the WeChat Pay public key and with a platform certificate', async () => {
    const wanted = bill();
    await client.createBill(wanted);
    peer.useMode('certificate');
    try {
      expect((await client.queryBill(wanted.outBillNo))?.state).toBe('WAIT_USER_CONFIRM');
      // A merchant that knows only the public key cannot trust a certificate-signed answer.
      const publicKeyOnly = createTransferBillsClient(configWith({}, ['WECHAT_PAY_PLATFORM_CERTIFICATES']), pacedAt(1000));
      expect((await failure(publicKeyOnly.queryBill(wanted.outBillNo))).kind).toBe('bad_signature');
    } finally {
      peer.useMode('public_key');
    }
    const certificateOnly = createTransferBillsClient(configWith({}, ['WECHAT_PAY_PUBLIC_KEY_ID', 'WECHAT_PAY_PUBLIC_KEY']), pacedAt(1000));
    expect((await failure(certificateOnly.queryBill(wanted.outBillNo))).kind).toBe('bad_signature');
  });

  it('rejects a tampered answer', async () => {
    peer.failNext('tampered');
    const error = await failure(client.createBill(bill()));
    expect(error.kind).toBe('bad_signature');
  });

  it('tells an unknown outcome (timeout, 5xx, SYSTEM_ERROR, FREQUENCY_LIMITED) from a refusal', async () => {
    for (const [fault, kind, code] of [
      ['timeout', 'unavailable', undefined],
      ['http_500', 'unavailable', undefined],
      ['SYSTEM_ERROR', 'unavailable', 'SYSTEM_ERROR'],
      ['FREQUENCY_LIMITED', 'rate_limited', 'FREQUENCY_LIMITED'],
    ] as const) {
      peer.failNext(fault);
      const error = await failure(client.createBill(bill()));
      expect([fault, error.kind, error.code]).toEqual([fault, kind, code]);
    }
    const refused = await failure(client.createBill(bill(5)));
    expect([refused.kind, refused.code]).toEqual(['rejected', 'PARAM_ERROR']);
  });

  it('is refused by the peer when it signs with another merchant key', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const impostor = createTransferBillsClient(configWith({ WECHAT_PAY_MCH_PRIVATE_KEY: stranger }), pacedAt(1000));
    const before = peer.refusedSignatures;
    const error = await failure(impostor.createBill(bill()));
    expect([error.kind, error.code]).toEqual(['rejected', 'SIGN_ERROR']);
    expect(peer.refusedSignatures).toBe(before + 1);
  });

  it('cancels a bill not yet confirmed', async () => {
    const wanted = bill();
    await client.createBill(wanted);
    expect((await client.cancelBill(wanted.outBillNo)).state).toBe('CANCELING');
    expect((await client.queryBill(wanted.outBillNo))?.state).toBe('CANCELLED');
  });

  it('paces calls to the configured rate across clients sharing the merchant’s pacer (two processes)', async () => {
    // Each process builds its own pacer on the merchant's key.
    const key = `test-pace:${randomUUID()}`;
    const [first, second] = [1, 2].map(() => createTransferBillsClient(configWith(), createSharedPacer(redis, key, 20)));
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? first : second).queryBill('NOSUCHBILL2')));
    // Six calls at 20/s across both: the last waits five gaps of 50 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });
});

describe('WeChat Pay configuration', () => {
  it('is off without a merchant id, and then needs every merchant setting and a key to verify with', () => {
    expect(loadConfig(base).wechatPay).toBeNull();
    expect(() => loadConfig({ ...base, WECHAT_PAY_MCH_ID: '1900000109' })).toThrow(
      /WECHAT_PAY_APPID[\s\S]*WECHAT_PAY_MCH_SERIAL_NO[\s\S]*WECHAT_PAY_MCH_PRIVATE_KEY[\s\S]*WECHAT_PAY_APIV3_KEY[\s\S]*WECHAT_PAY_NOTIFY_URL/,
    );
    const unverifiable = Object.fromEntries(Object.entries(peer.env).filter(([name]) => !/PUBLIC_KEY|PLATFORM_CERTIFICATES/.test(name)));
    expect(() => loadConfig({ ...base, ...unverifiable })).toThrow(/PUB_KEY_ID|PLATFORM_CERTIFICATES/);
  });

  it('takes PEM keys with escaped newlines, as one-line environment values carry them', () => {
    const oneLine = peer.env.WECHAT_PAY_MCH_PRIVATE_KEY.replace(/\n/g, '\\n');
    expect(configWith({ WECHAT_PAY_MCH_PRIVATE_KEY: oneLine }).merchantPrivateKey).toBe(peer.env.WECHAT_PAY_MCH_PRIVATE_KEY);
  });
});
