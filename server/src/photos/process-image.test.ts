import sharp from 'sharp';
import { canDecodeHeic, inspectImage, MAX_INPUT_PIXELS, renderVariants, sniffFormat } from './process-image.js';
import { buildExifJpeg, buildHeicHeader, buildPngHeader, noise } from './test-images.js';

const SHENZHEN_GPS = { latitude: '22/1 43/1 1234/100', latitudeRef: 'N', longitude: '114/1 14/1 3000/100', longitudeRef: 'E' };

function rawImage(width: number, height: number) {
  return sharp(noise(width, height), { raw: { width, height, channels: 3 } });
}

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error) => ({ status: error.status, code: error.code, message: String(error.message) }),
  );
}

describe('sniffFormat', () => {
  it('recognises formats by their bytes alone', async () => {
    const base = rawImage(8, 8);
    expect(sniffFormat(await base.clone().jpeg().toBuffer())).toBe('jpeg');
    expect(sniffFormat(await base.clone().png().toBuffer())).toBe('png');
    expect(sniffFormat(await base.clone().webp().toBuffer())).toBe('webp');
    expect(sniffFormat(buildHeicHeader())).toBe('heic');
  });

  it('knows nothing else, whatever the name says', async () => {
    expect(sniffFormat(Buffer.from('just some text pretending to be photo.jpg'))).toBeUndefined();
    expect(sniffFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffFormat(await rawImage(8, 8).avif().toBuffer())).toBeUndefined();
    expect(sniffFormat(await rawImage(8, 8).gif().toBuffer())).toBeUndefined();
    expect(sniffFormat(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('inspectImage', () => {
  it('reads DateTimeOriginal as China time and GPS with hemispheres', async () => {
    const image = await inspectImage(await buildExifJpeg({ dateTimeOriginal: '2025:09:29 14:30:05', gps: SHENZHEN_GPS }));
    expect(image).toMatchObject({ format: 'jpeg', width: 400, height: 300 });
    expect(image.takenAt?.toISOString()).toBe('2025-09-29T06:30:05.000Z');
    expect(image.exifLocation?.lat).toBeCloseTo(22 + 43 / 60 + 12.34 / 3600, 9);
    expect(image.exifLocation?.lng).toBeCloseTo(114 + 14 / 60 + 30 / 3600, 9);
  });

  it('honours OffsetTimeOriginal and southern/western references', async () => {
    const image = await inspectImage(
      await buildExifJpeg({
        dateTimeOriginal: '2025:01:02 03:04:05',
        offsetTimeOriginal: '-05:00',
        gps: { latitude: '33/1 30/1 0/1', latitudeRef: 'S', longitude: '70/1 45/1 0/1', longitudeRef: 'W' },
      }),
    );
    expect(image.takenAt?.toISOString()).toBe('2025-01-02T08:04:05.000Z');
    expect(image.exifLocation).toEqual({ lat: -33.5, lng: -70.75 });
  });

  it('records nothing it cannot trust: no EXIF, an unset clock, a bad hemisphere, a 0,0 fix', async () => {
    expect(await inspectImage(await rawImage(20, 10).png().toBuffer())).toEqual({
      format: 'png',
      width: 20,
      height: 10,
      takenAt: null,
      exifLocation: null,
    });
    const unset = await inspectImage(
      await buildExifJpeg({
        dateTimeOriginal: '0000:00:00 00:00:00',
        gps: { latitude: '22/1 0/1 0/1', latitudeRef: 'X', longitude: '114/1 0/1 0/1', longitudeRef: 'E' },
      }),
    );
    expect(unset).toMatchObject({ takenAt: null, exifLocation: null });
    const nullIsland = await inspectImage(
      await buildExifJpeg({ gps: { latitude: '0/1 0/1 0/1', latitudeRef: 'N', longitude: '0/1 0/1 0/1', longitudeRef: 'E' } }),
    );
    expect(nullIsland.exifLocation).toBeNull();
  });

  it('reports the size as seen, after EXIF orientation', async () => {
    const image = await inspectImage(await buildExifJpeg({ orientation: 6, width: 400, height: 300 }));
    expect(image).toMatchObject({ width: 300, height: 400 });
  });

  it('refuses what is not a supported image with 415', async () => {
    expect(await rejection(inspectImage(Buffer.from('plain text renamed to photo.jpg')))).toMatchObject({
      status: 415,
      code: 'photo.unsupported_type',
    });
    expect(await rejection(inspectImage(await rawImage(8, 8).avif().toBuffer()))).toMatchObject({ status: 415 });
  });

  (canDecodeHeic() ? it.skip : it)('refuses HEIC with a clear 415 when this libvips has no HEVC decoder', async () => {
    expect(await rejection(inspectImage(buildHeicHeader()))).toMatchObject({
      status: 415,
      code: 'photo.unsupported_type',
      message: expect.stringContaining('HEIC'),
    });
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 1;
    expect(await rejection(inspectImage(buildPngHeader(side, side)))).toMatchObject({ status: 422, code: 'photo.too_many_pixels' });
  });

  it('calls a file of a known format with a broken header undecodable', async () => {
    const jpeg = await rawImage(64, 64).jpeg().toBuffer();
    expect(await rejection(inspectImage(jpeg.subarray(0, 40)))).toMatchObject({ status: 422, code: 'photo.undecodable' });
  });
});

describe('renderVariants', () => {
  it('bounds the long edge: display 2048, thumbnail 320', async () => {
    const { display, thumb } = await renderVariants(await rawImage(3000, 1000).jpeg().toBuffer(), 'jpeg');
    expect(await sharp(display).metadata()).toMatchObject({ format: 'jpeg', width: 2048, height: 683 });
    // The thumbnail is made from the display copy, so its short edge may round one pixel lower.
    const thumbnail = await sharp(thumb).metadata();
    expect(thumbnail).toMatchObject({ format: 'jpeg', width: 320 });
    expect(Math.abs(thumbnail.height - 107)).toBeLessThanOrEqual(1);
  });

  it('never enlarges small photos', async () => {
    const { display, thumb } = await renderVariants(await rawImage(200, 100).png().toBuffer(), 'png');
    expect(await sharp(display).metadata()).toMatchObject({ width: 200, height: 100 });
    expect(await sharp(thumb).metadata()).toMatchObject({ width: 200, height: 100 });
  });

  it('applies EXIF orientation and strips every kind of metadata', async () => {
    const original = await buildExifJpeg({ orientation: 6, dateTimeOriginal: '2025:09:29 14:30:05', gps: SHENZHEN_GPS });
    const withProfile = await sharp(original).keepExif().withIccProfile('p3').toBuffer();
    expect((await sharp(withProfile).metadata()).exif).toBeDefined();
    const { display, thumb } = await renderVariants(withProfile, 'jpeg');
    for (const copy of [display, thumb]) {
      const metadata = await sharp(copy).metadata();
      for (const field of ['exif', 'icc', 'xmp', 'iptc', 'orientation'] as const) expect(metadata[field]).toBeUndefined();
      expect(copy.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
      expect(copy.includes(Buffer.from('TestCam', 'latin1'))).toBe(false);
    }
    expect(await sharp(display).metadata()).toMatchObject({ width: 300, height: 400 });
  });

  it('flattens transparency onto white', async () => {
    const transparent = await sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const { display } = await renderVariants(transparent, 'png');
    const { channels } = await sharp(display).stats();
    expect(channels.map((channel) => Math.round(channel.mean))).toEqual([255, 255, 255]);
  });

  it.each(['jpeg', 'png', 'webp'] as const)('calls a truncated %s undecodable (422) once it is decoded', async (format) => {
    const whole = await rawImage(400, 300).toFormat(format).toBuffer();
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    const processed = inspectImage(truncated).then((image) => renderVariants(truncated, image.format));
    expect(await rejection(processed)).toMatchObject({ status: 422, code: 'photo.undecodable' });
  });
});
