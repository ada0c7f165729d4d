/**
 * Who may see a photo, and the reads that enforce it. Anyone not allowed gets the same 404 as
 * for a photo that does not exist, so ids reveal nothing.
 */
import type { Services } from '../services.js';
import { AppError } from '../errors/app-error.js';
import { verifyPhotoSignature } from './photo-urls.js';
import { findPhoto, type Photo } from './queries.js';
import { photoContentType, photoKey, type PhotoVariant } from './variants.js';

export interface ReadPhotoFileProps {
  photoId: string;
  variant: PhotoVariant;
  /** The citizen whose bearer token came with the request, if one did. */
  citizenId?: number;
  /** `exp` and `sig` of a signed URL, if the request carried them. */
  signed?: { expiresAt: number; signature: string };
}

export interface PhotoFile {
  bytes: Buffer;
  contentType: string;
}

/** The uploader's view of their photo. @throws AppError 404 `photo.not_found` for anyone else */
export async function findOwnPhoto(services: Pick<Services, 'db'>, photoId: string, citizenId: number): Promise<Photo> {
  const photo = await findPhoto(services.db, photoId);
  if (!photo || photo.ownerCitizenId !== citizenId) throw notFound();
  return photo;
}

/**
 * The bytes of one copy. Display copy and thumbnail: to the uploader, to a valid signed URL,
 * or to anyone once published. Original (EXIF and GPS intact): to the uploader only, by bearer
 * token; staff access arrives with the workflow.
 * @throws AppError 404 `photo.not_found`
 */
export async function readPhotoFile(
  services: Pick<Services, 'db' | 'photoStore' | 'config' | 'clock'>,
  props: ReadPhotoFileProps,
): Promise<PhotoFile> {
  const photo = await findPhoto(services.db, props.photoId);
  if (!photo || !mayRead(photo, props, services)) throw notFound();
  const bytes = await services.photoStore.get(photoKey(photo.sha256, props.variant, photo.format));
  // Files are written before the row, so a missing one is a broken store, not a client error.
  if (!bytes) throw new Error(`photo ${photo.id}: ${props.variant} copy missing from the store`);
  return { bytes, contentType: photoContentType(props.variant, photo.format) };
}

function mayRead(photo: Photo, { variant, citizenId, signed }: ReadPhotoFileProps, { config, clock }: Pick<Services, 'config' | 'clock'>): boolean {
  const isUploader = citizenId === photo.ownerCitizenId;
  if (variant === 'original') return isUploader;
  if (isUploader || photo.publishedAt !== null) return true;
  return signed !== undefined && verifyPhotoSignature(config.tokenSecret, { photoId: photo.id, variant, expiresAt: signed.expiresAt }, signed.signature, clock.now());
}

function notFound() {
  return AppError.notFound('photo.not_found', 'no such photo');
}
