import { TestClock } from '../test-support/test-clock.js';
import { photoUrlSigner, signPhotoUrl, verifyPhotoSignature } from './photo-urls.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const PHOTO_ID = '0b5e8f0e-5d0f-4a5e-9a47-3f1f2d0c9a11';

function parse(url: string) {
  const parsed = new URL(url, 'http://api.test');
  return { path: parsed.pathname, expiresAt: Number(parsed.searchParams.get('exp')), signature: parsed.searchParams.get('sig') ?? '' };
}

describe('signed photo URLs', () => {
  const claims = { photoId: PHOTO_ID, variant: 'display' as const, expiresAt: 1_900_000_000 };
  const now = new Date(1_899_999_000 * 1000);

  it('verify what was signed, until the expiry', () => {
    const { path, expiresAt, signature } = parse(signPhotoUrl(SECRET, claims));
    expect(path).toBe(`/api/v1/photos/${PHOTO_ID}/display`);
    expect(expiresAt).toBe(claims.expiresAt);
    expect(verifyPhotoSignature(SECRET, claims, signature, now)).toBe(true);
    expect(verifyPhotoSignature(SECRET, claims, signature, new Date(claims.expiresAt * 1000))).toBe(false);
  });

  it('bind the id, the variant, the expiry and the secret', () => {
    const { signature } = parse(signPhotoUrl(SECRET, claims));
    expect(verifyPhotoSignature(SECRET, { ...claims, variant: 'thumb' }, signature, now)).toBe(false);
    expect(verifyPhotoSignature(SECRET, { ...claims, photoId: PHOTO_ID.replace('a11', 'a12') }, signature, now)).toBe(false);
    expect(verifyPhotoSignature(SECRET, { ...claims, expiresAt: claims.expiresAt + 1 }, signature, now)).toBe(false);
    expect(verifyPhotoSignature(`${SECRET}-other`, claims, signature, now)).toBe(false);
    expect(verifyPhotoSignature(SECRET, claims, signature.slice(0, -1), now)).toBe(false);
    expect(verifyPhotoSignature(SECRET, claims, '', now)).toBe(false);
  });

  it('expire a TTL (rounded up to 5 minutes) after the clock says now', () => {
    const clock = new TestClock('2025-09-30T08:01:10+08:00');
    const sign = photoUrlSigner({ tokenSecret: SECRET, photoUrlTtlSeconds: 3600 }, clock);
    const first = sign(PHOTO_ID, 'thumb');
    const { expiresAt } = parse(first);
    expect(expiresAt).toBe(Date.parse('2025-09-30T09:05:00+08:00') / 1000);
    clock.advance(60_000);
    // Same URL within the rounding step, so clients' image caches keep hitting.
    expect(sign(PHOTO_ID, 'thumb')).toBe(first);
  });
});
