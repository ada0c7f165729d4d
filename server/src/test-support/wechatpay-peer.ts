/**
 * A local stand-in for api.mch.weixin.qq.com's 商家转账 API, faithful to the protocol: it checks
 * our request signatures with the merchant's public key, signs every answer (with the WeChat Pay
 * public key, `PUB_KEY_ID_…`, or a platform certificate), keeps bills by out_bill_no (a repeated
 * create returns the same bill), moves them through their states when the test says so, and sends
 * AEAD_AES_256_GCM-encrypted MCHTRANSFER.BILL.FINISHED callbacks. Keys are made at start.
 * Failures on demand: timeouts, 5xx, SYSTEM_ERROR, FREQUENCY_LIMITED, tampered signatures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCipheriv, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { selfSignedCertificate } from './test-certificate.js';

const BILLS = '/v3/fund-app/mch-transfer/transfer-bills';
const FINAL = ['SUCCESS', 'FAIL', 'CANCELLED'];

export interface PeerBill {
  out_bill_no: string;
  transfer_bill_no: string;
  appid: string;
  openid: string;
  transfer_amount: number;
  notify_url: string;
  state: string;
  fail_reason?: string;
  package_info?: string;
  create_time: string;
  update_time: string;
}

export type Fault = 'timeout' | 'http_500' | 'SYSTEM_ERROR' | 'FREQUENCY_LIMITED' | 'tampered' | 'answer_lost';

/** Where a held create request waits: before the peer makes the bill, or after it, before answering. */
export type HoldStage = 'before_create' | 'after_create';

export interface WeChatPayPeer {
  baseUrl: string;
  /** The environment our server needs to talk to this peer. */
  env: Record<string, string>;
  bills: Map<string, PeerBill>;
  /** How many create calls arrived, including repeats of one out_bill_no. */
  createCalls: number;
  /** Requests refused for a bad signature, and for exceeding `rateLimitPerSecond`. */
  refusedSignatures: number;
  rateLimited: number;
  /** Signs answers with the public key or the platform certificate from now on. */
  useMode(mode: 'public_key' | 'certificate'): void;
  /** The next `count` calls fail this way. */
  failNext(fault: Fault, count?: number): void;
  /**
   * Holds the next create at a stage until released; `reached` resolves when a create gets there.
   * Released with `drop`, the request is cut off there: before_create, WeChat Pay never saw it.
   */
  holdNextCreate(stage: HoldStage): { reached: Promise<PeerBill | undefined>; release(options?: { drop?: boolean }): void };
  /** Moves a bill on (the user confirms, WeChat Pay fails or expires it); a final state sends its callback. */
  advance(outBillNo: string, state: string, failReason?: string): Promise<number | undefined>;
  /** Where callbacks go from now on, instead of each bill's notify_url (known only once our server listens). */
  deliverTo(url: string): void;
  /** Sends the bill's callback again (or a tampered one); returns our server's status. */
  sendCallback(outBillNo: string, options?: { tamper?: boolean }): Promise<number>;
  close(): Promise<void>;
}

interface Keys {
  merchant: { privatePem: string; publicKey: KeyObject; serial: string };
  publicKey: { id: string; pem: string; privateKey: KeyObject };
  platform: { serial: string; certificate: string; privateKey: KeyObject };
  apiV3Key: string;
}

function makeKeys(): Keys {
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchant = rsa();
  const wechat = rsa();
  const platform = rsa();
  const platformSerial = `4${randomBytes(19).toString('hex').toUpperCase().slice(1)}`;
  return {
    merchant: { privatePem: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: merchant.publicKey, serial: randomBytes(20).toString('hex').toUpperCase() },
    publicKey: { id: `PUB_KEY_ID_0${randomBytes(12).toString('hex')}`, pem: wechat.publicKey.export({ type: 'spki', format: 'pem' }) as string, privateKey: wechat.privateKey },
    platform: {
      serial: platformSerial,
      certificate: selfSignedCertificate({ serialHex: platformSerial, commonName: 'Tenpay.com Root CA', publicKey: platform.publicKey, privateKey: platform.privateKey }),
      privateKey: platform.privateKey,
    },
    apiV3Key: randomBytes(16).toString('hex'),
  };
}

/** The checks WeChat Pay makes of a create request's body; the first problem found, or none. */
function invalidCreate(body: any, appId: string): string | undefined {
  if (body.appid !== appId) return 'appid 与商户号不匹配';
  if (!/^[A-Za-z0-9]{1,32}$/.test(body.out_bill_no ?? '')) return 'out_bill_no 格式错误';
  if (body.transfer_scene_id !== '1000') return 'transfer_scene_id 无效';
  if (!body.openid) return 'openid 不能为空';
  if (!Number.isInteger(body.transfer_amount) || body.transfer_amount < 10 || body.transfer_amount > 20_000) return '单笔金额超出场景限额';
  if (!body.transfer_remark || [...body.transfer_remark].length > 32) return 'transfer_remark 无效';
  if (!body.notify_url) return 'notify_url 不能为空';
  if (!['现金奖励', '活动奖励'].includes(body.user_recv_perception)) return 'user_recv_perception 无效';
  const infos = body.transfer_scene_report_infos;
  if (!Array.isArray(infos) || infos.length !== 2 || infos[0]?.info_type !== '活动名称' || infos[1]?.info_type !== '奖励说明') return 'transfer_scene_report_infos 需为活动名称与奖励说明两项';
  return undefined;
}

/** Faults that strike before the peer does anything; the others strike at the answer. */
const BEFORE_WORK: Fault[] = ['timeout', 'http_500', 'SYSTEM_ERROR', 'FREQUENCY_LIMITED'];

export async function startWeChatPayPeer(options: { mode?: 'public_key' | 'certificate'; rateLimitPerSecond?: number } = {}): Promise<WeChatPayPeer> {
  const keys = makeKeys();
  const mchId = '1900000109';
  const appId = 'wx0123456789abcdef';
  let mode = options.mode ?? 'public_key';
  const faults: Fault[] = [];
  const bills = new Map<string, PeerBill>();
  let hold: { stage: HoldStage; reached: (bill: PeerBill | undefined) => void; released: Promise<boolean> } | undefined;
  let counter = 0;
  let callbackTarget: string | undefined;
  const peer = { createCalls: 0, refusedSignatures: 0, rateLimited: 0 };

  const signer = () => (mode === 'public_key' ? { serial: keys.publicKey.id, key: keys.publicKey.privateKey } : { serial: keys.platform.serial, key: keys.platform.privateKey });
  const signedHeaders = (text: string, tamper = false) => {
    const { serial, key } = signer();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${tamper ? text + ' ' : text}\n`), key).toString('base64');
    return { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-serial': serial, 'wechatpay-signature': signature };
  };

  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');

  function ourSignatureHolds(req: http.IncomingMessage, path: string, body: string): boolean {
    const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const fields = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (fields.mchid !== mchId || fields.serial_no !== keys.merchant.serial) return false;
    if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) return false;
    const message = `${req.method}\n${path}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    return verify('sha256', Buffer.from(message), keys.merchant.publicKey, Buffer.from(fields.signature ?? '', 'base64'));
  }

  function encryptedCallback(bill: PeerBill) {
    const nonce = randomBytes(6).toString('hex');
    const associated = 'mch_payment';
    const cipher = createCipheriv('aes-256-gcm', keys.apiV3Key, nonce);
    cipher.setAAD(Buffer.from(associated));
    const resource = { out_bill_no: bill.out_bill_no, transfer_bill_no: bill.transfer_bill_no, state: bill.state, mch_id: mchId, transfer_amount: bill.transfer_amount, openid: bill.openid, fail_reason: bill.fail_reason, create_time: bill.create_time, update_time: bill.update_time };
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    return JSON.stringify({
      id: `EV-${++counter}`,
      create_time: now(),
      resource_type: 'encrypt-resource',
      event_type: 'MCHTRANSFER.BILL.FINISHED',
      summary: '商家转账单据终态通知',
      resource: { original_type: 'mch_payment', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associated, nonce },
    });
  }

  async function sendCallback(outBillNo: string, callbackOptions: { tamper?: boolean } = {}): Promise<number> {
    const bill = bills.get(outBillNo);
    if (!bill) throw new Error(`peer has no bill ${outBillNo}`);
    const body = encryptedCallback(bill);
    try {
      const response = await fetch(callbackTarget ?? bill.notify_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(body, callbackOptions.tamper) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Longer than the client's WECHAT_PAY_TIMEOUT_MS below: the answer never arrives in time. */
  const lostAnswer = (res: http.ServerResponse) => setTimeout(() => res.destroy(), 3500);

  /** Start times of the calls of the last second, for the frequency limit. */
  const recentCalls: number[] = [];
  function overRateLimit(): boolean {
    if (options.rateLimitPerSecond === undefined) return false;
    const now = performance.now();
    while (recentCalls.length > 0 && recentCalls[0] <= now - 1000) recentCalls.shift();
    recentCalls.push(now);
    return recentCalls.length > options.rateLimitPerSecond;
  }

  /** A fault that strikes before any work, when one is due or the caller is too fast; true when it answered. */
  function failedBeforeWork(res: http.ServerResponse): boolean {
    if (overRateLimit()) {
      peer.rateLimited += 1;
      faults.unshift('FREQUENCY_LIMITED');
    }
    if (!BEFORE_WORK.includes(faults[0])) return false;
    const fault = faults.shift();
    if (fault === 'timeout') lostAnswer(res);
    else if (fault === 'http_500') res.writeHead(500, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
    else {
      const error = JSON.stringify({ code: fault, message: fault === 'SYSTEM_ERROR' ? '系统错误' : '频率超限' });
      res.writeHead(fault === 'SYSTEM_ERROR' ? 500 : 429, { 'content-type': 'application/json', ...signedHeaders(error) }).end(error);
    }
    return true;
  }

  async function answer(res: http.ServerResponse, status: number, payload: object) {
    const fault = faults[0] === 'tampered' || faults[0] === 'answer_lost' ? faults.shift() : undefined;
    const text = JSON.stringify(payload);
    if (fault === 'answer_lost') return lostAnswer(res);
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req-${++counter}`, ...signedHeaders(text, fault === 'tampered') }).end(text);
  }

  async function create(body: any, res: http.ServerResponse) {
    peer.createCalls += 1;
    const problem = invalidCreate(body, appId);
    if (problem) return answer(res, 400, { code: 'PARAM_ERROR', message: problem });
    const held = hold;
    if (held?.stage === 'before_create') {
      hold = undefined;
      held.reached(undefined);
      if (await held.released) return res.destroy();
    }
    let bill = bills.get(body.out_bill_no);
    if (!bill) {
      const at = now();
      bill = {
        out_bill_no: body.out_bill_no,
        transfer_bill_no: `1330000${Date.now()}${++counter}`,
        appid: body.appid,
        openid: body.openid,
        transfer_amount: body.transfer_amount,
        notify_url: body.notify_url,
        // ACCEPTED → PROCESSING → WAIT_USER_CONFIRM happen at once for scene 1000.
        state: 'WAIT_USER_CONFIRM',
        package_info: `affffddafdfafddffda==${counter}`,
        create_time: at,
        update_time: at,
      };
      bills.set(bill.out_bill_no, bill);
    } else if (bill.openid !== body.openid || bill.transfer_amount !== body.transfer_amount) {
      return answer(res, 400, { code: 'PARAM_ERROR', message: '商户单号重复，且参数与原单不一致' });
    }
    if (held?.stage === 'after_create') {
      hold = undefined;
      held.reached(bill);
      if (await held.released) return res.destroy();
    }
    const { out_bill_no, transfer_bill_no, create_time, state, package_info } = bill;
    return answer(res, 200, { out_bill_no, transfer_bill_no, create_time, state, ...(state === 'WAIT_USER_CONFIRM' ? { package_info } : {}) });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const url = req.url ?? '/';
      const text = Buffer.concat(chunks).toString('utf8');
      if (!ourSignatureHolds(req, url, text)) {
        peer.refusedSignatures += 1;
        return answer(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
      }
      if (failedBeforeWork(res)) return;
      if (req.method === 'POST' && url === BILLS) return create(JSON.parse(text), res);
      const match = new RegExp(`^${BILLS}/out-bill-no/([A-Za-z0-9]+)(/cancel)?$`).exec(url);
      const bill = match && bills.get(match[1]);
      if (!bill) return answer(res, 404, { code: 'NOT_FOUND', message: '记录不存在' });
      if (req.method === 'POST' && match[2]) {
        if (FINAL.includes(bill.state)) return answer(res, 400, { code: 'INVALID_REQUEST', message: '单据已终态，无法撤销' });
        Object.assign(bill, { state: 'CANCELLED', update_time: now() });
        setImmediate(() => void sendCallback(bill.out_bill_no));
        return answer(res, 200, { out_bill_no: bill.out_bill_no, transfer_bill_no: bill.transfer_bill_no, state: 'CANCELING', update_time: bill.update_time });
      }
      const { package_info, notify_url, ...visible } = bill;
      return answer(res, 200, { mch_id: mchId, ...visible });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    env: {
      WECHAT_PAY_BASE_URL: baseUrl,
      WECHAT_PAY_MCH_ID: mchId,
      WECHAT_PAY_APPID: appId,
      WECHAT_PAY_MCH_SERIAL_NO: keys.merchant.serial,
      WECHAT_PAY_MCH_PRIVATE_KEY: keys.merchant.privatePem,
      WECHAT_PAY_APIV3_KEY: keys.apiV3Key,
      WECHAT_PAY_PUBLIC_KEY_ID: keys.publicKey.id,
      WECHAT_PAY_PUBLIC_KEY: keys.publicKey.pem,
      WECHAT_PAY_PLATFORM_CERTIFICATES: keys.platform.certificate,
      // What our server tells WeChat Pay; the peer delivers to deliverTo()'s URL instead.
      WECHAT_PAY_NOTIFY_URL: 'https://szcg.example.cn/api/v1/settlement/wechat-pay/notify',
      // Long enough for a loaded CI machine to answer a healthy call; a lost answer waits longer.
      WECHAT_PAY_TIMEOUT_MS: '2500',
      WECHAT_PAY_CALLS_PER_SECOND: '1000',
    },
    bills,
    get createCalls() {
      return peer.createCalls;
    },
    get refusedSignatures() {
      return peer.refusedSignatures;
    },
    get rateLimited() {
      return peer.rateLimited;
    },
    useMode(next) {
      mode = next;
    },
    failNext(fault, count = 1) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    holdNextCreate(stage) {
      let release!: (drop: boolean) => void;
      const released = new Promise<boolean>((resolve) => (release = resolve));
      const reached = new Promise<PeerBill | undefined>((resolve) => (hold = { stage, reached: resolve, released }));
      return { reached, release: (releaseOptions) => release(releaseOptions?.drop ?? false) };
    },
    async advance(outBillNo, state, failReason) {
      const bill = bills.get(outBillNo);
      if (!bill) throw new Error(`peer has no bill ${outBillNo}`);
      Object.assign(bill, { state, update_time: now(), ...(failReason ? { fail_reason: failReason } : {}) });
      return FINAL.includes(state) ? sendCallback(outBillNo) : undefined;
    },
    deliverTo(url) {
      callbackTarget = url;
    },
    sendCallback,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } satisfies WeChatPayPeer & Record<string, unknown>;
}
