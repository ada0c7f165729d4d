/**
 * Who may see a photo, and the reads that enforce it. Anyone not allowed gets the same 404 as
 * for a photo that does not exist, so ids reveal nothing.
 */
import type { Services } from '../services.js';
import type { Actor } from '../auth/tokens.js';
import { can } from '../auth/policies.js';
import { AppError } from '../errors/app-error.js';
import { verifyPhotoSignature } from './photo-urls.js';
import { findPhoto, findPhotoCase, type Photo } from './queries.js';
import { photoContentType, photoKey, type PhotoVariant } from './variants.js';

export interface ReadPhotoFileProps {
  photoId: string;
  variant: PhotoVariant;
  /** Whoever's bearer token came with the request, if one did. */
  actor?: Actor;
  /** `exp` and `sig` of a signed URL, if the request carried them. */
  signed?: { expiresAt: number; signature: string };
}

export interface PhotoFile {
  bytes: Buffer;
  contentType: string;
}

/**
 * A photo as its uploader, or staff who may view its case, see it.
 * @throws AppError 404 `photo.not_found` for anyone else
 */
export async function findReadablePhoto(services: Pick<Services, 'db'>, photoId: string, actor: Actor): Promise<Photo> {
  const photo = await findPhoto(services.db, photoId);
  if (!photo || !(await mayReadByToken(services, photo, actor))) throw notFound();
  return photo;
}

/**
 * The bytes of one copy. Display copy and thumbnail: to a valid signed URL, to anyone once
 * published, or as for the original. Original (EXIF and GPS intact): by bearer token only, to
 * its uploader or to staff who may view its case.
 * @throws AppError 404 `photo.not_found`
 */
export async function readPhotoFile(
  services: Pick<Services, 'db' | 'photoStore' | 'config' | 'clock'>,
  props: ReadPhotoFileProps,
): Promise<PhotoFile> {
  const photo = await findPhoto(services.db, props.photoId);
  if (!photo || !(await mayRead(photo, props, services))) throw notFound();
  const bytes = await services.photoStore.get(photoKey(photo.sha256, props.variant, photo.format));
  // Files are written before the row, so a missing one is a broken store, not a client error.
  if (!bytes) throw new Error(`photo ${photo.id}: ${props.variant} copy missing from the store`);
  return { bytes, contentType: photoContentType(props.variant, photo.format) };
}

async function mayRead(photo: Photo, { variant, actor, signed }: ReadPhotoFileProps, services: Pick<Services, 'db' | 'config' | 'clock'>) {
  // The cheap checks first: image tags fetch signed URLs without a token, many at a time.
  if (variant !== 'original' && (photo.publishedAt !== null || isSignedFor(photo, variant, signed, services))) return true;
  return actor !== undefined && mayReadByToken(services, photo, actor);
}

function isSignedFor(photo: Photo, variant: Exclude<PhotoVariant, 'original'>, signed: ReadPhotoFileProps['signed'], { config, clock }: Pick<Services, 'config' | 'clock'>) {
  return signed !== undefined && verifyPhotoSignature(config.tokenSecret, { photoId: photo.id, variant, expiresAt: signed.expiresAt }, signed.signature, clock.now());
}

/** Its uploader, citizen or staff; or staff whose roles let them view the case it documents. */
async function mayReadByToken({ db }: Pick<Services, 'db'>, photo: Photo, actor: Actor): Promise<boolean> {
  if (actor.kind === 'citizen') return photo.ownerCitizenId === actor.citizenId;
  if (photo.ownerStaffId === actor.staffId) return true;
  const scope = await findPhotoCase(db, photo);
  return scope !== undefined && can(actor, 'view_case', scope);
}

function notFound() {
  return AppError.notFound('photo.not_found', 'no such photo');
}
