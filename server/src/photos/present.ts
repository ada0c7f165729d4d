/** What a photo looks like to a client. */
import type { PhotoUrlSigner } from './photo-urls.js';
import type { Photo } from './queries.js';

export interface PresentedPhoto {
  id: string;
  /** Signed, expiring URL of the display copy (relative to the API origin). */
  url: string;
  /** Signed, expiring URL of the thumbnail. */
  thumbUrl: string;
  /** ISO 8601 instant from EXIF DateTimeOriginal. */
  takenAt?: string;
  /** EXIF GPS position, WGS-84. */
  exifLocation?: { lat: number; lng: number };
}

/**
 * A photo for its uploader (or staff): signed URLs of the stripped copies, plus when and where
 * EXIF says it was taken. The EXIF fields are the uploader's precise location: a view shown to
 * other citizens must leave them out rather than reuse this presenter as it is.
 */
export function presentPhoto(photo: Pick<Photo, 'id' | 'takenAt' | 'exifLat' | 'exifLng'>, signer: PhotoUrlSigner): PresentedPhoto {
  return {
    id: photo.id,
    url: signer(photo.id, 'display'),
    thumbUrl: signer(photo.id, 'thumb'),
    ...(photo.takenAt ? { takenAt: photo.takenAt.toISOString() } : {}),
    ...(photo.exifLat !== null && photo.exifLng !== null ? { exifLocation: { lat: photo.exifLat, lng: photo.exifLng } } : {}),
  };
}

/** A photo as the public side sees it: signed URLs of the stripped copies, no EXIF time or place. */
export type PresentedPublicPhoto = Pick<PresentedPhoto, 'id' | 'url' | 'thumbUrl'>;

/**
 * A photo shown to someone other than its uploader and the staff, such as a staff after-photo
 * on a citizen's progress timeline: the copies carry no EXIF, and neither does this answer.
 */
export function presentPublicPhoto(photo: Pick<Photo, 'id'>, signer: PhotoUrlSigner): PresentedPublicPhoto {
  return { id: photo.id, url: signer(photo.id, 'display'), thumbUrl: signer(photo.id, 'thumb') };
}
