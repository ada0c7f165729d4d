/**
 * A citizen (evidence for a report) or a staff member (after-photos and on-site photos for a
 * case) uploads a photo: receive the bytes (size-limited, hashed), prove they are an image,
 * store the original and its stripped copies under the content hash, and record the photo.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Services } from '../services.js';
import { inspectImage, renderVariants, type PhotoFormat } from './process-image.js';
import type { PhotoStore } from './photo-store.js';
import { insertPhoto, type Photo } from './queries.js';
import { receiveUpload } from './receive-upload.js';
import { photoKey, type PhotoVariant } from './variants.js';

/** Who uploads: exactly one owner column of the row is set. */
export type PhotoOwner = { kind: 'citizen'; citizenId: number; deviceId: string | null } | { kind: 'staff'; staffId: number };

export interface UploadPhotoProps {
  owner: PhotoOwner;
  /** The raw request: the body is read here, as a stream, so an oversized upload stops early. */
  request: IncomingMessage;
}

/**
 * Every upload is its uploader's own photo row, even when the same bytes were uploaded before;
 * the files are shared.
 * @throws AppError 400/413 from `receiveUpload`, 415/422 from `inspectImage` / `renderVariants`
 */
export async function uploadPhoto(
  services: Pick<Services, 'db' | 'photoStore' | 'config' | 'clock'>,
  { owner, request }: UploadPhotoProps,
): Promise<Photo> {
  const { bytes, sha256 } = await receiveUpload(request, services.config.photoMaxBytes);
  const image = await inspectImage(bytes);
  await storeCopies(services.photoStore, bytes, sha256, image.format);
  // The row comes last: a row never points at files that are not there yet.
  return insertPhoto(services.db, {
    id: randomUUID(),
    ownerCitizenId: owner.kind === 'citizen' ? owner.citizenId : null,
    ownerStaffId: owner.kind === 'staff' ? owner.staffId : null,
    deviceId: owner.kind === 'citizen' ? owner.deviceId : null,
    sha256,
    format: image.format,
    width: image.width,
    height: image.height,
    bytes: bytes.length,
    takenAt: image.takenAt,
    exifLat: image.exifLocation?.lat ?? null,
    exifLng: image.exifLocation?.lng ?? null,
    reportId: null,
    publishedAt: null,
    createdAt: services.clock.now(),
  });
}

async function storeCopies(store: PhotoStore, bytes: Buffer, sha256: string, format: PhotoFormat): Promise<void> {
  const key = (variant: PhotoVariant) => photoKey(sha256, variant, format);
  const [hasOriginal, hasDisplay, hasThumb] = await Promise.all([store.has(key('original')), store.has(key('display')), store.has(key('thumb'))]);
  // Rendered copies exist only after a full decode succeeded, so for bytes seen before they
  // both skip the work and stand as proof that these bytes decode.
  if (!hasDisplay || !hasThumb) {
    const { display, thumb } = await renderVariants(bytes, format);
    await Promise.all([store.put(key('display'), display), store.put(key('thumb'), thumb)]);
  }
  if (!hasOriginal) await store.put(key('original'), bytes);
}
