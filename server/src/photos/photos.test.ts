import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { buildCitizen, buildJpeg, buildPhoto, buildStaff, uploadPhoto, type TestCitizen, type TestStaff } from '../test-support/factories.js';
import { buildCase } from '../test-support/case-factories.js';
import { attachCasePhotos, listCasePhotos, listReportPhotos } from './queries.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { canDecodeHeic } from './process-image.js';
import { buildExifJpeg, buildHeicHeader, noise } from './test-images.js';

function rawImage(width: number, height: number) {
  return sharp(noise(width, height), { raw: { width, height, channels: 3 } });
}

/** GET returning the body as bytes (TestApp.request decodes text). */
async function fetchBytes(app: TestApp, url: string, token?: string) {
  const response = await fetch(app.url + url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

function postForm(app: TestApp, citizen: TestCitizen, fill: (form: FormData) => void, headers: Record<string, string> = {}) {
  const form = new FormData();
  fill(form);
  return app.request('POST', '/api/v1/photos', { token: citizen.token, rawBody: form, headers });
}

function fileBlob(bytes: Buffer) {
  return new Blob([new Uint8Array(bytes)]);
}

function withSearch(url: string, change: (search: URLSearchParams) => void) {
  const parsed = new URL(url, 'http://x');
  change(parsed.searchParams);
  return `${parsed.pathname}?${parsed.searchParams}`;
}

describe('photos', () => {
  let app: TestApp;
  let citizen: TestCitizen;
  let stranger: TestCitizen;

  beforeAll(async () => {
    app = await startTestApp();
    citizen = await buildCitizen(app);
    stranger = await buildCitizen(app);
  });
  afterAll(() => app.close());

  describe('POST /api/v1/photos', () => {
    it('records the installation a citizen uploads from, and refuses a malformed X-Device-Id with 400', async () => {
      const jpeg = await buildJpeg();
      const sent = await postForm(app, citizen, (form) => form.append('file', fileBlob(jpeg), 'photo.jpg'), { 'X-Device-Id': 'mp-install-0123abcd' });
      expect(sent.status).toBe(201);
      const row = await app.services.db.selectFrom('photos').select('deviceId').where('id', '=', sent.body.photo.id).executeTakeFirstOrThrow();
      expect(row.deviceId).toBe('mp-install-0123abcd');
      expect(JSON.stringify(sent.body)).not.toContain('mp-install');
      const before = await app.services.db.selectFrom('photos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const refused = await postForm(app, citizen, (form) => form.append('file', fileBlob(jpeg), 'photo.jpg'), { 'X-Device-Id': 'bad id!' });
      expect([refused.status, refused.body.error.fields]).toEqual([400, [{ field: 'x-device-id', message: expect.stringContaining('X-Device-Id') }]]);
      const after = await app.services.db.selectFrom('photos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it.each(['jpeg', 'png', 'webp'] as const)('accepts a %s and serves a JPEG display copy', async (format) => {
      const bytes = await rawImage(120, 80).toFormat(format).toBuffer();
      const response = await uploadPhoto(app, citizen, bytes, `photo.${format}`);
      expect(response.status).toBe(201);
      const { photo } = response.body;
      expect(Object.keys(photo).sort()).toEqual(['id', 'thumbUrl', 'url']);
      const row = await app.services.db.selectFrom('photos').selectAll().where('id', '=', photo.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ ownerCitizenId: citizen.id, format, width: 120, height: 80, bytes: bytes.length, reportId: null });
      expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const display = await fetchBytes(app, photo.url);
      expect(display.status).toBe(200);
      expect(display.headers.get('content-type')).toBe('image/jpeg');
      expect(display.headers.get('cache-control')).toBe('private');
      expect((await sharp(display.bytes).metadata()).format).toBe('jpeg');
    });

    it('refuses a text file named .jpg with 415', async () => {
      const response = await uploadPhoto(app, citizen, Buffer.from('definitely not a photo'), 'photo.jpg');
      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('photo.unsupported_type');
    });

    (canDecodeHeic() ? it.skip : it)('refuses HEIC with a clear 415 when the bundled libvips cannot decode it', async () => {
      const response = await uploadPhoto(app, citizen, buildHeicHeader(), 'IMG_0001.HEIC');
      expect(response.status).toBe(415);
      expect(response.body.error).toMatchObject({ code: 'photo.unsupported_type', message: expect.stringContaining('HEIC') });
    });

    it('refuses a truncated JPEG with 422', async () => {
      const whole = await rawImage(400, 300).jpeg().toBuffer();
      const response = await uploadPhoto(app, citizen, whole.subarray(0, Math.floor(whole.length * 0.6)));
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('photo.undecodable');
    });

    it('requires a citizen token', async () => {
      const form = new FormData();
      form.append('file', fileBlob(await buildJpeg()), 'photo.jpg');
      const response = await app.request('POST', '/api/v1/photos', { rawBody: form });
      expect(response.status).toBe(401);
    });

    it.each([
      ['no parts at all', (_form: FormData, _jpeg: Buffer) => {}, 'file'],
      ['a text field instead of the file', (form: FormData) => form.append('file', 'hello'), 'file'],
      ['the file plus a text field', (form: FormData, jpeg: Buffer) => (form.append('file', fileBlob(jpeg), 'a.jpg'), form.append('note', 'x')), 'file'],
      ['two files', (form: FormData, jpeg: Buffer) => (form.append('file', fileBlob(jpeg), 'a.jpg'), form.append('file', fileBlob(jpeg), 'b.jpg')), 'file'],
      ['the file in the wrong field', (form: FormData, jpeg: Buffer) => form.append('photo', fileBlob(jpeg), 'a.jpg'), 'photo'],
    ])('answers 400 naming the field for %s', async (_case, fill, field) => {
      const jpeg = await buildJpeg();
      const response = await postForm(app, citizen, (form) => fill(form, jpeg));
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'request.invalid', fields: [{ field }] });
    });

    it('answers 400 to a body that is not multipart', async () => {
      const response = await app.request('POST', '/api/v1/photos', { token: citizen.token, body: { file: 'x' } });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual([{ field: 'file', message: expect.stringContaining('multipart/form-data') }]);
    });

    it('records EXIF time and GPS for reviewers, and strips all metadata from the copies', async () => {
      const original = await buildExifJpeg({
        dateTimeOriginal: '2025:09:29 14:30:05',
        gps: { latitude: '22/1 43/1 1234/100', latitudeRef: 'N', longitude: '114/1 14/1 3000/100', longitudeRef: 'E' },
      });
      const response = await uploadPhoto(app, citizen, original);
      expect(response.status).toBe(201);
      const { photo } = response.body;
      expect(photo.takenAt).toBe('2025-09-29T06:30:05.000Z');
      expect(photo.exifLocation.lat).toBeCloseTo(22.720094, 6);
      expect(photo.exifLocation.lng).toBeCloseTo(114.241667, 6);
      const row = await app.services.db.selectFrom('photos').selectAll().where('id', '=', photo.id).executeTakeFirstOrThrow();
      expect(row.takenAt?.toISOString()).toBe('2025-09-29T06:30:05.000Z');
      expect(row.exifLat).toBeCloseTo(22.720094, 6);
      expect(row.exifLng).toBeCloseTo(114.241667, 6);

      for (const url of [photo.url, photo.thumbUrl]) {
        const copy = await fetchBytes(app, url);
        expect(copy.status).toBe(200);
        expect((await sharp(copy.bytes).metadata()).exif).toBeUndefined();
        expect(copy.bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
        expect(copy.bytes.includes(Buffer.from('TestCam', 'latin1'))).toBe(false);
      }
      const kept = await fetchBytes(app, `/api/v1/photos/${photo.id}/original`, citizen.token);
      expect(kept.status).toBe(200);
      expect(kept.headers.get('content-type')).toBe('image/jpeg');
      expect(kept.bytes.equals(original)).toBe(true);
    });

    it('bounds the display copy to a 2048 px long edge and the thumbnail to 320', async () => {
      const response = await uploadPhoto(app, citizen, await rawImage(3000, 1000).jpeg().toBuffer());
      const display = await sharp((await fetchBytes(app, response.body.photo.url)).bytes).metadata();
      const thumb = await sharp((await fetchBytes(app, response.body.photo.thumbUrl)).bytes).metadata();
      expect([display.width, display.height]).toEqual([2048, 683]);
      expect(Math.max(thumb.width, thumb.height)).toBe(320);
    });

    it('stores identical bytes once but records each upload as its own photo', async () => {
      const bytes = await buildJpeg({ seed: 4242 });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const first = await uploadPhoto(app, citizen, bytes);
      const directory = path.resolve(app.services.config.dataDir, 'photos', sha256.slice(0, 2));
      const files = async () => (await readdir(directory)).filter((name) => name.startsWith(sha256)).sort();
      const inodes = async () => Promise.all((await files()).map(async (name) => (await stat(path.join(directory, name))).ino));
      const before = await inodes();
      const second = await uploadPhoto(app, stranger, bytes);

      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.photo.id).not.toBe(first.body.photo.id);
      const rows = await app.services.db
        .selectFrom('photos')
        .select(['id', 'ownerCitizenId'])
        .where('sha256', '=', sha256)
        .where('ownerCitizenId', 'in', [citizen.id, stranger.id])
        .orderBy('ownerCitizenId')
        .execute();
      expect(rows).toEqual([
        { id: first.body.photo.id, ownerCitizenId: citizen.id },
        { id: second.body.photo.id, ownerCitizenId: stranger.id },
      ]);
      expect(await files()).toEqual([`${sha256}-display.jpg`, `${sha256}-original.jpg`, `${sha256}-thumb.jpg`]);
      expect(await inodes()).toEqual(before);
    });
  });

  describe('GET /api/v1/photos/:id/:variant', () => {
    let photo: { id: string; url: string; thumbUrl: string };
    beforeAll(async () => {
      photo = (await uploadPhoto(app, citizen)).body.photo;
    });

    it('serves signed URLs without a token', async () => {
      expect((await fetchBytes(app, photo.url)).status).toBe(200);
      expect((await fetchBytes(app, photo.thumbUrl)).status).toBe(200);
    });

    it('answers 404 to a tampered or mismatched signature', async () => {
      const tampered = withSearch(photo.url, (search) => search.set('sig', `${search.get('sig')!.slice(0, -2)}AA`));
      const later = withSearch(photo.url, (search) => search.set('exp', String(Number(search.get('exp')) + 3600)));
      const thumbWithDisplaySig = photo.url.replace('/display?', '/thumb?');
      for (const url of [tampered, later, thumbWithDisplaySig]) {
        const response = await app.request('GET', url);
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('photo.not_found');
      }
    });

    it('answers 404 to anyone but the uploader without a valid signature', async () => {
      const bare = `/api/v1/photos/${photo.id}/display`;
      expect((await app.request('GET', bare)).status).toBe(404);
      expect((await app.request('GET', bare, { token: stranger.token })).status).toBe(404);
      expect((await fetchBytes(app, bare, citizen.token)).status).toBe(200);
    });

    it('serves the original only to the uploader by token, never by signature', async () => {
      const original = `/api/v1/photos/${photo.id}/original`;
      const signedLike = photo.url.replace('/display?', '/original?');
      expect((await app.request('GET', signedLike)).status).toBe(404);
      expect((await app.request('GET', original, { token: stranger.token })).status).toBe(404);
      expect((await fetchBytes(app, original, citizen.token)).status).toBe(200);
    });

    it('serves the copies of a published photo to anyone, but still not the original', async () => {
      const other = (await uploadPhoto(app, citizen)).body.photo;
      await app.services.db.updateTable('photos').set({ publishedAt: app.clock.now() }).where('id', '=', other.id).execute();
      expect((await fetchBytes(app, `/api/v1/photos/${other.id}/thumb`)).status).toBe(200);
      expect((await app.request('GET', `/api/v1/photos/${other.id}/original`, { token: stranger.token })).status).toBe(404);
    });

    it('answers 400 to an unknown variant or a malformed id, 404 to an unknown id', async () => {
      const unknownVariant = await app.request('GET', `/api/v1/photos/${photo.id}/poster`);
      expect(unknownVariant.status).toBe(400);
      expect(unknownVariant.body.error.fields).toEqual([{ field: 'variant', message: expect.any(String) }]);
      const malformed = await app.request('GET', '/api/v1/photos/not-a-uuid/display', { token: citizen.token });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
      const unknown = await app.request('GET', '/api/v1/photos/00000000-0000-4000-8000-000000000000/display', { token: citizen.token });
      expect(unknown.status).toBe(404);
    });

    it('stops honouring a signed URL once it expires', async () => {
      const expiresAt = Number(new URL(photo.url, 'http://x').searchParams.get('exp'));
      app.clock.set(new Date(expiresAt * 1000 - 1000));
      expect((await fetchBytes(app, photo.url)).status).toBe(200);
      app.clock.advance(1000);
      expect((await app.request('GET', photo.url)).status).toBe(404);
      expect((await fetchBytes(app, `/api/v1/photos/${photo.id}/display`, citizen.token)).status).toBe(200);
    });
  });

  describe('GET /api/v1/photos/:id', () => {
    it('shows the uploader their photo with fresh signed URLs, and no one else', async () => {
      const uploaded = (await uploadPhoto(app, citizen)).body.photo;
      const own = await app.request('GET', `/api/v1/photos/${uploaded.id}`, { token: citizen.token });
      expect(own.status).toBe(200);
      expect(own.body.photo).toEqual({ id: uploaded.id, url: expect.stringContaining('/display?exp='), thumbUrl: expect.stringContaining('/thumb?exp=') });
      expect((await app.request('GET', `/api/v1/photos/${uploaded.id}`, { token: stranger.token })).status).toBe(404);
      expect((await app.request('GET', `/api/v1/photos/${uploaded.id}`)).status).toBe(401);
    });
  });
});

describe('staff photos', () => {
  let app: TestApp;
  let citizen: TestCitizen;
  let handler: TestStaff;
  let verifier: TestStaff;
  let dispatcher: TestStaff;
  let otherUnit: TestStaff;

  beforeAll(async () => {
    app = await startTestApp();
    citizen = await buildCitizen(app);
    handler = await buildStaff(app, { roles: ['department'], departmentCode: 'cg-huanwei' });
    verifier = await buildStaff(app, { roles: ['verifier'] });
    dispatcher = await buildStaff(app, { roles: ['dispatcher'] });
    otherUnit = await buildStaff(app, { roles: ['department'], departmentCode: 'cg-ludeng' });
  });
  afterAll(() => app.close());

  async function uploadAs(staff: TestStaff) {
    const form = new FormData();
    form.append('file', fileBlob(await buildJpeg()), 'after.jpg');
    return app.request('POST', '/api/v1/photos', { token: staff.token, rawBody: form });
  }

  async function staffPhoto(staff: TestStaff): Promise<string> {
    const response = await uploadAs(staff);
    expect(response.status).toBe(201);
    return response.body.photo.id;
  }

  /** A citizen's report through the API, its case then dispatched to cg-huanwei; the case and the report's photo. */
  async function dispatchedCase() {
    const { caseId, reportId } = await buildCase(app, { citizen });
    await app.services.db.updateTable('cases').set({ status: 'dispatched', departmentCode: 'cg-huanwei' }).where('id', '=', caseId).execute();
    const [reportPhoto] = await listReportPhotos(app.services.db, [reportId]);
    return { caseId, reportPhotoId: reportPhoto.id };
  }

  it('takes uploads from staff who take case photos, owned by the staff member', async () => {
    for (const staff of [handler, verifier]) {
      const id = await staffPhoto(staff);
      const row = await app.services.db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ ownerStaffId: staff.id, ownerCitizenId: null, caseId: null, reportId: null });
    }
  });

  it('refuses an upload from staff who take no case photos', async () => {
    const response = await uploadAs(dispatcher);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.forbidden');
  });

  it("attaches a staff member's own unattached photos to a case, once", async () => {
    const { caseId } = await dispatchedCase();
    const [first, second] = [await staffPhoto(handler), await staffPhoto(handler)];
    const someoneElses = await staffPhoto(verifier);
    const citizens = await buildPhoto(app, citizen);
    const attach = (photoIds: string[]) => attachCasePhotos(app.services.db, { caseId, staffId: handler.id, photoIds });
    expect(await attach([someoneElses, citizens, randomUUID()])).toBe(0);
    expect(await attach([first, second])).toBe(2);
    expect(await attach([first])).toBe(0);
    expect(await attach([])).toBe(0);
    expect((await listCasePhotos(app.services.db, caseId)).map((photo) => photo.id).sort()).toEqual([first, second].sort());
  });

  it("lets staff who may view the case read its photos, original included, and no one else", async () => {
    const { caseId, reportPhotoId } = await dispatchedCase();
    const afterPhoto = await staffPhoto(handler);
    await attachCasePhotos(app.services.db, { caseId, staffId: handler.id, photoIds: [afterPhoto] });
    for (const id of [afterPhoto, reportPhotoId]) {
      for (const staff of [handler, dispatcher, verifier]) {
        const view = await app.request('GET', `/api/v1/photos/${id}`, { token: staff.token });
        expect(view.status).toBe(200);
        expect(view.body.photo.id).toBe(id);
        expect((await fetchBytes(app, `/api/v1/photos/${id}/original`, staff.token)).status).toBe(200);
      }
      expect((await app.request('GET', `/api/v1/photos/${id}`, { token: otherUnit.token })).status).toBe(404);
      expect((await app.request('GET', `/api/v1/photos/${id}/display`, { token: otherUnit.token })).status).toBe(404);
    }
    expect((await app.request('GET', `/api/v1/photos/${afterPhoto}`, { token: citizen.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/photos/${afterPhoto}/original`, { token: citizen.token })).status).toBe(404);
  });

  it('keeps an unattached photo to its uploader', async () => {
    const staffUpload = await staffPhoto(handler);
    expect((await app.request('GET', `/api/v1/photos/${staffUpload}`, { token: handler.token })).status).toBe(200);
    expect((await app.request('GET', `/api/v1/photos/${staffUpload}`, { token: dispatcher.token })).status).toBe(404);
    const citizenUpload = await buildPhoto(app, citizen);
    expect((await app.request('GET', `/api/v1/photos/${citizenUpload}`, { token: dispatcher.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/photos/${citizenUpload}/original`, { token: dispatcher.token })).status).toBe(404);
  });

  it('serves signed URLs of a staff photo to anyone holding them, but never its original', async () => {
    const { photo } = (await uploadAs(handler)).body;
    expect((await fetchBytes(app, photo.url)).status).toBe(200);
    expect((await app.request('GET', photo.url.replace('/display?', '/original?'))).status).toBe(404);
  });
});

describe('photo size limit', () => {
  let app: TestApp;
  let citizen: TestCitizen;
  beforeAll(async () => {
    app = await startTestApp({ PHOTO_MAX_BYTES: '200000' });
    citizen = await buildCitizen(app);
  });
  afterAll(() => app.close());

  it('refuses a file one byte over the limit with 413', async () => {
    const oversized = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(200_000 - 2)]);
    const response = await uploadPhoto(app, citizen, oversized);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('photo.too_large');
    // The rest of the body is not read: the connection closes rather than being drained.
    expect(response.headers.get('connection')).toBe('close');
  });

  it('refuses a request declaring far more than the limit before reading it', async () => {
    const response = await uploadPhoto(app, citizen, randomBytes(1_000_000));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('photo.too_large');
  });

  it('accepts a photo right at the limit', async () => {
    const jpeg = await rawImage(64, 64).jpeg().toBuffer();
    // JPEG decoders ignore bytes after the end-of-image marker; the padding makes the size exact.
    const atLimit = Buffer.concat([jpeg, Buffer.alloc(200_000 - jpeg.length)]);
    const response = await uploadPhoto(app, citizen, atLimit);
    expect(response.status).toBe(201);
  });
});
