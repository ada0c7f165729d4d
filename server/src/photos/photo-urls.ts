/**
 * Signed, expiring photo URLs. Image tags (mini program `<Image>`, browsers) cannot send an
 * Authorization header, so the URL itself carries a short-lived proof that the server handed it
 * to someone allowed to see the photo.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../config/clock.js';
import type { Config } from '../config/config.js';
import type { PhotoVariant } from './variants.js';

/** Originals keep their EXIF (GPS): they are never reachable through a URL alone. */
export type SignedVariant = Exclude<PhotoVariant, 'original'>;

/** Builds the signed URL of one copy of a photo; presenters receive one. */
export type PhotoUrlSigner = (photoId: string, variant: SignedVariant) => string;

export interface PhotoUrlClaims {
  photoId: string;
  variant: SignedVariant;
  /** Unix seconds; the URL is valid strictly before this instant. */
  expiresAt: number;
}

// Expiry is rounded up to this step so one photo keeps the same URL for a few minutes and the
// client's image cache (keyed by URL) survives list refreshes.
const EXPIRY_STEP_SECONDS = 300;

/** The path and query of a signed URL, relative to the API origin. */
export function signPhotoUrl(secret: string, claims: PhotoUrlClaims): string {
  const { photoId, variant, expiresAt } = claims;
  return `/api/v1/photos/${photoId}/${variant}?exp=${expiresAt}&sig=${signatureOf(secret, claims)}`;
}

/** True when `signature` was made by `signPhotoUrl` for exactly these claims and has not expired. */
export function verifyPhotoSignature(secret: string, claims: PhotoUrlClaims, signature: string, now: Date): boolean {
  if (now.getTime() >= claims.expiresAt * 1000) return false;
  const expected = Buffer.from(signatureOf(secret, claims));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A signer whose URLs live `photoUrlTtlSeconds` (plus rounding) from the injected clock's now. */
export function photoUrlSigner(config: Pick<Config, 'tokenSecret' | 'photoUrlTtlSeconds'>, clock: Clock): PhotoUrlSigner {
  return (photoId, variant) => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const expiresAt = Math.ceil((now + config.photoUrlTtlSeconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
    return signPhotoUrl(config.tokenSecret, { photoId, variant, expiresAt });
  };
}

function signatureOf(secret: string, { photoId, variant, expiresAt }: PhotoUrlClaims): string {
  // A key derived for this purpose alone: the token secret also signs bearer tokens, and a
  // photo signature must never be usable as (or be derived from) anything else.
  const key = createHmac('sha256', secret).update('photo-url-v1').digest();
  return createHmac('sha256', key).update(`${photoId}\n${variant}\n${expiresAt}`).digest('base64url');
}
