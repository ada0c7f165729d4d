/**
 * WeChat Pay v3 request signing, answer verification and callback decryption.
 *
 * Signing and AEAD_AES_256_GCM decryption are wechatpay-node-v3's (`sha256WithRsa`,
 * `getAuthorization`, `decipher_gcm`). Its request helpers are not used: they know only the
 * retired /v3/transfer/batches API and a fixed host. Its `verifySign` is not used either: for a
 * serial it does not know it downloads certificates from the fixed production host, so a tampered
 * answer naming an unknown serial would make us call out. We verify with node:crypto against the
 * keys configured here: the WeChat Pay public key (`PUB_KEY_ID_…`) and/or platform certificates.
 */
import { createPublicKey, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import type { WeChatPayConfig } from '../../config/config.js';

export interface SignedHeaders {
  timestamp: string;
  nonce: string;
  serial: string;
  signature: string;
}

/** WeChat Pay refuses requests whose timestamp is off by more than 5 minutes; we hold answers to the same. */
const MAX_SKEW_SECONDS = 300;

export class SignatureError extends Error {}

export interface WeChatPaySigning {
  /** The Authorization header of a request: `WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,…`. */
  authorization(method: string, pathWithQuery: string, body: string): string;
  /** Throws SignatureError unless WeChat Pay signed exactly this body with a key we trust. */
  verify(headers: SignedHeaders, body: string): void;
  /** Decrypts a callback resource with the APIv3 key. */
  decrypt<T>(resource: { ciphertext: string; associated_data?: string; nonce: string }): T;
}

export function createSigning(config: WeChatPayConfig): WeChatPaySigning {
  const pay = new Pay({
    appid: config.appId,
    mchid: config.mchId,
    serial_no: config.merchantSerialNo,
    // The library insists on a "publicKey" but, given serial_no, only signs with the private key.
    publicKey: Buffer.from(createPublicKey(config.merchantPrivateKey).export({ type: 'spki', format: 'pem' })),
    privateKey: Buffer.from(config.merchantPrivateKey),
    key: config.apiV3Key,
  });
  const keys = trustedKeys(config);
  return {
    authorization(method, pathWithQuery, body) {
      // Protocol time, not business time: WeChat Pay compares it with its own clock.
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      return pay.getAuthorization(nonce, timestamp, pay.sha256WithRsa(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`));
    },
    verify(headers, body) {
      const key = keys.get(headers.serial);
      if (!key) throw new SignatureError(`answer signed with unknown serial ${headers.serial || '(none)'}`);
      if (Math.abs(Date.now() / 1000 - Number(headers.timestamp)) > MAX_SKEW_SECONDS) throw new SignatureError('answer timestamp is stale');
      const message = Buffer.from(`${headers.timestamp}\n${headers.nonce}\n${body}\n`);
      if (!verify('RSA-SHA256', message, key, Buffer.from(headers.signature, 'base64'))) throw new SignatureError('answer signature does not verify');
    },
    decrypt<T>(resource: { ciphertext: string; associated_data?: string; nonce: string }) {
      return pay.decipher_gcm<T>(resource.ciphertext, resource.associated_data ?? '', resource.nonce, config.apiV3Key);
    },
  };
}

/** Serial → key: the public key under its `PUB_KEY_ID_…`, each certificate under its serial number. */
function trustedKeys(config: WeChatPayConfig): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (config.publicKey) keys.set(config.publicKey.id, createPublicKey(config.publicKey.pem));
  for (const pem of config.platformCertificates) {
    const certificate = new X509Certificate(pem);
    keys.set(certificate.serialNumber.toUpperCase(), certificate.publicKey);
  }
  return keys;
}

/** The four Wechatpay-* headers of an answer or callback. */
export function signedHeaders(get: (name: string) => string | null | undefined): SignedHeaders {
  return {
    timestamp: get('wechatpay-timestamp') ?? '',
    nonce: get('wechatpay-nonce') ?? '',
    serial: get('wechatpay-serial') ?? '',
    signature: get('wechatpay-signature') ?? '',
  };
}
