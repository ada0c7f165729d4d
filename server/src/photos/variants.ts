/**
 * The three stored copies of a photo and how they are named. Names derive from the content hash,
 * so identical uploads share files and a row needs only its `sha256` and `format` to find them.
 */
import type { PhotoFormat } from './process-image.js';

/** `original`: the bytes as uploaded, EXIF and all, for staff; the others are stripped copies. */
export const PHOTO_VARIANTS = ['original', 'display', 'thumb'] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];

const ORIGINAL_FILE: Record<PhotoFormat, { extension: string; contentType: string }> = {
  jpeg: { extension: 'jpg', contentType: 'image/jpeg' },
  png: { extension: 'png', contentType: 'image/png' },
  webp: { extension: 'webp', contentType: 'image/webp' },
  heic: { extension: 'heic', contentType: 'image/heic' },
};
// Display copies and thumbnails are always rendered as JPEG (see renderVariants).
const RENDERED_FILE = { extension: 'jpg', contentType: 'image/jpeg' };

function fileOf(variant: PhotoVariant, format: PhotoFormat) {
  return variant === 'original' ? ORIGINAL_FILE[format] : RENDERED_FILE;
}

/** The store key `<first 2 hex>/<sha256>-<variant>.<ext>`: the prefix keeps directories small. */
export function photoKey(sha256: string, variant: PhotoVariant, format: PhotoFormat): string {
  return `${sha256.slice(0, 2)}/${sha256}-${variant}.${fileOf(variant, format).extension}`;
}

/** The Content-Type a stored copy is served with. */
export function photoContentType(variant: PhotoVariant, format: PhotoFormat): string {
  return fileOf(variant, format).contentType;
}
