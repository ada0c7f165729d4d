import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { currentActor, type Actor } from '../auth/tokens.js';
import { authorize } from '../auth/policies.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { photoUrlSigner } from './photo-urls.js';
import { presentPhoto } from './present.js';
import { findReadablePhoto, readPhotoFile } from './read-photo.js';
import { photoFileParams, photoFileQuery, photoIdParams, photoUploadHeaders } from './schemas.js';
import { uploadPhoto, type PhotoOwner } from './upload-photo.js';

/**
 * Photo upload (multipart, field `file`) by citizens and by staff who take case photos, the
 * view of a photo for its uploader and for staff of its case, and the image bytes themselves.
 */
export function photoRoutes(services: Services): Router {
  const router = new Router();
  const signer = photoUrlSigner(services.config, services.clock);

  router.post('/api/v1/photos', closeIfBodyUnread, async (ctx) => {
    const owner = photoOwnerOf(currentActor(ctx), validate(ctx, 'headers', photoUploadHeaders)['x-device-id'] ?? null);
    const photo = await uploadPhoto(services, { owner, request: ctx.req });
    ctx.status = 201;
    ctx.body = { photo: presentPhoto(photo, signer) };
  });

  router.get('/api/v1/photos/:id', async (ctx) => {
    const { id } = validate(ctx, 'params', photoIdParams);
    const photo = await findReadablePhoto(services, id, currentActor(ctx));
    ctx.body = { photo: presentPhoto(photo, signer) };
  });

  // Image tags fetch this without headers: a signed URL's exp/sig stand in for the bearer token.
  router.get('/api/v1/photos/:id/:variant', async (ctx) => {
    const { id, variant } = validate(ctx, 'params', photoFileParams);
    const { exp, sig } = validate(ctx, 'query', photoFileQuery);
    const file = await readPhotoFile(services, {
      photoId: id,
      variant,
      actor: ctx.state.actor as Actor | undefined,
      signed: exp !== undefined && sig !== undefined ? { expiresAt: exp, signature: sig } : undefined,
    });
    ctx.type = file.contentType;
    ctx.set('Cache-Control', 'private');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = file.bytes;
  });

  return router;
}

/**
 * A refused upload (no token, too large, malformed) is answered before its body is read. Node
 * would keep the connection and read the rest of the body to discard it; closing instead spares
 * us reading, and the client sending, up to the whole oversized file.
 */
async function closeIfBodyUnread(ctx: Context, next: Next) {
  try {
    await next();
  } finally {
    if (!ctx.req.complete) ctx.set('Connection', 'close');
  }
}

/**
 * A staff upload is not yet tied to a case, so the question is whether the actor may ever take
 * case photos; the case itself is checked when the action attaches them (`attachCasePhotos`).
 */
function photoOwnerOf(actor: Actor, deviceId: string | null): PhotoOwner {
  if (actor.kind === 'citizen') return { kind: 'citizen', citizenId: actor.citizenId, deviceId };
  authorize(actor, 'upload_case_photo');
  return { kind: 'staff', staffId: actor.staffId };
}
