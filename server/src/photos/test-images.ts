/**
 * Images for the photo tests: real encodes with chosen EXIF, pixel data that does not compress
 * to nothing (so truncation hits the scan data), and headers for formats we cannot encode here.
 */
import zlib from 'node:zlib';
import sharp from 'sharp';

export interface ExifOptions {
  /** EXIF "YYYY:MM:DD hh:mm:ss" (no zone). */
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  gps?: { latitude: string; latitudeRef: string; longitude: string; longitudeRef: string };
  orientation?: number;
  width?: number;
  height?: number;
}

/** A noisy JPEG carrying the given EXIF (GPS as EXIF rationals, e.g. "22/1 43/1 1234/100"). */
export async function buildExifJpeg(options: ExifOptions = {}): Promise<Buffer> {
  const image = sharp(noise(options.width ?? 400, options.height ?? 300), {
    raw: { width: options.width ?? 400, height: options.height ?? 300, channels: 3 },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Secret Phone 9' },
      IFD2: {
        ...(options.dateTimeOriginal ? { DateTimeOriginal: options.dateTimeOriginal } : {}),
        ...(options.offsetTimeOriginal ? { OffsetTimeOriginal: options.offsetTimeOriginal } : {}),
      },
      IFD3: options.gps
        ? {
            GPSLatitudeRef: options.gps.latitudeRef,
            GPSLatitude: options.gps.latitude,
            GPSLongitudeRef: options.gps.longitudeRef,
            GPSLongitude: options.gps.longitude,
          }
        : {},
    });
  return options.orientation ? image.withMetadata({ orientation: options.orientation }).toBuffer() : image.toBuffer();
}

/** Deterministic pseudo-random RGB pixels. */
export function noise(width: number, height: number, seed = 7919): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let index = 0; index < pixels.length; index++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pixels[index] = state >> 16;
  }
  return pixels;
}

/** A valid PNG header claiming `width` × `height` pixels, with (almost) no pixel data. */
export function buildPngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(0))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of an iPhone HEIC file: an ISO-BMFF `ftyp` box with the `heic` brand. */
export function buildHeicHeader(): Buffer {
  const brands = Buffer.from('heic\0\0\0\0mif1heicmiaf', 'latin1');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + brands.length);
  return Buffer.concat([size, Buffer.from('ftyp', 'latin1'), brands, Buffer.alloc(64)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}
