/**
 * The image work of an upload, free of HTTP and storage: recognise the format from the bytes,
 * read what reviewers need from EXIF, and render the metadata-free copies citizens see.
 */
import exifReader from 'exif-reader';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { AppError } from '../errors/app-error.js';

/** Formats an upload may have; the name is what `photos.format` records. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'heic';

export interface InspectedImage {
  format: PhotoFormat;
  /** Size as seen, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** EXIF DateTimeOriginal as an instant; null when absent or unset. */
  takenAt: Date | null;
  /** EXIF GPS position (the phone's satellite fix, WGS-84); null when absent or unusable. */
  exifLocation: { lat: number; lng: number } | null;
}

export interface RenderedVariants {
  /** Auto-rotated, long edge ≤ DISPLAY_LONG_EDGE, JPEG, no metadata at all. */
  display: Buffer;
  /** Long edge ≤ THUMB_LONG_EDGE, JPEG, no metadata at all. */
  thumb: Buffer;
}

/** Long edge of the display copy: sharp on any phone screen, a few hundred KB as JPEG. */
export const DISPLAY_LONG_EDGE = 2048;
/** Long edge of the thumbnail shown in lists. */
export const THUMB_LONG_EDGE = 320;
/**
 * Decompression-bomb guard. 100 MP admits every phone camera's ordinary output (a 108 MP
 * sensor's full-resolution JPEG is far over the 10 MB upload limit anyway) while a 10 MB PNG
 * of flat colour claiming 50,000 × 50,000 pixels is refused before any pixel is decoded.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/** EXIF times carry no zone unless OffsetTimeOriginal is set; phones here run on China time. */
const DEFAULT_EXIF_OFFSET_MINUTES = 8 * 60;
/** Cameras with unset clocks write 0000:00:00 or 1970; no real photo predates digital EXIF. */
const EARLIEST_PLAUSIBLE_YEAR = 1990;

// failOn 'error' refuses truncated or corrupt pixel data; 'warning' (sharp's default) would
// also refuse phone JPEGs with harmless oddities such as extraneous bytes before a marker.
const INPUT_OPTIONS: SharpOptions = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS };

const LIBVIPS_FORMAT: Record<PhotoFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heic: 'heif' };
// HEIF major brands of HEVC-coded images (`mif1`/`msf1` are generic: the codec is checked later).
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);

/**
 * The format the bytes themselves declare (magic numbers), never the file name or MIME type.
 * Only these formats ever reach libvips, so its other loaders (SVG, TIFF, PDF…) never see
 * untrusted input.
 */
export function sniffFormat(bytes: Buffer): PhotoFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.toString('latin1', 4, 8) === 'ftyp' && HEIC_BRANDS.has(bytes.toString('latin1', 8, 12))) return 'heic';
  return undefined;
}

/**
 * Whether this libvips decodes HEVC-coded HEIF. sharp's prebuilt binaries carry only the AV1
 * (AVIF) decoder, for patent reasons, and then list `.avif` alone; a libvips built with
 * libde265 lists `.heic` too.
 */
export function canDecodeHeic(): boolean {
  const heif = sharp.format.heif;
  return heif?.input.buffer === true && (heif.input.fileSuffix ?? []).includes('.heic');
}

/**
 * Checks the bytes are a supported image of sane size and reads its EXIF. Reads headers only:
 * `renderVariants` is what proves every pixel decodes.
 * @throws AppError 415 `photo.unsupported_type`, 422 `photo.undecodable` or `photo.too_many_pixels`
 */
export async function inspectImage(bytes: Buffer): Promise<InspectedImage> {
  const format = sniffFormat(bytes);
  if (!format) throw unsupported('the file is not a JPEG, PNG, WebP or HEIC image');
  if (format === 'heic' && !canDecodeHeic()) {
    throw unsupported('this server cannot decode HEIC photos; send JPEG (WeChat sends JPEG for compressed photos)');
  }
  let metadata: Metadata;
  try {
    // Headers only, so no pixel limit here: the check below then names the real problem.
    metadata = await sharp(bytes, { ...INPUT_OPTIONS, limitInputPixels: false }).metadata();
  } catch {
    throw undecodable(format);
  }
  if (metadata.format !== LIBVIPS_FORMAT[format]) throw undecodable(format);
  if (format === 'heic' && metadata.compression !== 'hevc') throw unsupported('only HEVC-coded HEIF (HEIC) is accepted, not AVIF');
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw AppError.unprocessable(
      'photo.too_many_pixels',
      `the image is ${metadata.width} × ${metadata.height} pixels; at most ${MAX_INPUT_PIXELS / 1e6} megapixels are accepted`,
    );
  }
  const tags = readExif(metadata.exif);
  return {
    format,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    takenAt: tags ? takenAtOf(tags.Photo) : null,
    exifLocation: tags ? locationOf(tags.GPSInfo) : null,
  };
}

/**
 * Renders the display copy and thumbnail. sharp writes no metadata unless asked (no EXIF, XMP,
 * IPTC or ICC: colours are converted to sRGB), so GPS and camera details never reach them.
 * @throws AppError 422 `photo.undecodable` when the pixel data is truncated or corrupt
 */
export async function renderVariants(bytes: Buffer, format: PhotoFormat): Promise<RenderedVariants> {
  try {
    const display = await sharp(bytes, { ...INPUT_OPTIONS, autoOrient: true })
      .resize(DISPLAY_LONG_EDGE, DISPLAY_LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
      // Screenshots may be transparent PNGs; JPEG has no alpha, and black is the worse default.
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer();
    // From the display copy rather than the original: decoding ~2 MP instead of up to 100 MP.
    const thumb = await sharp(display)
      .resize(THUMB_LONG_EDGE, THUMB_LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { display, thumb };
  } catch {
    throw undecodable(format);
  }
}

type ExifTags = ReturnType<typeof exifReader>;

function readExif(raw: Buffer | undefined): ExifTags | null {
  if (!raw) return null;
  try {
    return exifReader(raw);
  } catch {
    // Broken EXIF is common (editing apps) and says nothing about the pixels: keep the photo.
    return null;
  }
}

function takenAtOf(photo: ExifTags['Photo']): Date | null {
  const wallClock: unknown = photo?.DateTimeOriginal;
  // exif-reader reads the zone-less "YYYY:MM:DD hh:mm:ss" as if it were UTC.
  if (!(wallClock instanceof Date) || Number.isNaN(wallClock.getTime())) return null;
  if (wallClock.getUTCFullYear() < EARLIEST_PLAUSIBLE_YEAR) return null;
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(String(photo?.OffsetTimeOriginal ?? '').trim());
  const offsetMinutes = offset
    ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))
    : DEFAULT_EXIF_OFFSET_MINUTES;
  return new Date(wallClock.getTime() - offsetMinutes * 60_000);
}

function locationOf(gps: ExifTags['GPSInfo']): { lat: number; lng: number } | null {
  const lat = coordinate(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'N', 'S', 90);
  const lng = coordinate(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'E', 'W', 180);
  // 0,0 is what phones write when they had no fix.
  if (lat === null || lng === null || (lat === 0 && lng === 0)) return null;
  return { lat, lng };
}

/** Degrees/minutes/seconds and a hemisphere letter to signed degrees; null if anything is off. */
function coordinate(dms: unknown, ref: unknown, positive: string, negative: string, limit: number): number | null {
  if (!Array.isArray(dms) || dms.length !== 3 || !dms.every((part) => Number.isFinite(part) && part >= 0)) return null;
  const hemisphere = typeof ref === 'string' ? ref.trim().toUpperCase() : '';
  // Without a hemisphere the sign is a guess; a wrong location misleads reviewers more than none.
  if (hemisphere !== positive && hemisphere !== negative) return null;
  const [degrees, minutes, seconds] = dms as number[];
  const value = (degrees + minutes / 60 + seconds / 3600) * (hemisphere === negative ? -1 : 1);
  return Math.abs(value) <= limit ? value : null;
}

function unsupported(message: string) {
  return new AppError(415, 'photo.unsupported_type', message);
}

function undecodable(format: PhotoFormat) {
  return AppError.unprocessable('photo.undecodable', `the ${format.toUpperCase()} file is truncated or corrupt`);
}
