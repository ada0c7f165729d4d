/**
 * Reads the one file of a photo upload from a multipart/form-data request, the way
 * `wx.uploadFile` sends it, hashing as the bytes arrive and giving up the moment the size limit
 * is passed.
 */
import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error.js';

export interface ReceivedFile {
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
}

/** The form field the photo must arrive in (`wx.uploadFile`'s `name`). */
export const FILE_FIELD = 'file';

// Boundaries and part headers around the file. A request declaring more than the file limit
// plus this cannot carry an acceptable file and is refused before a byte is read.
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/**
 * @throws AppError 400 `request.invalid` (naming the field) for anything but exactly one file in
 *   `file`, 413 `photo.too_large` beyond `maxBytes`
 */
export function receiveUpload(request: IncomingMessage, maxBytes: number): Promise<ReceivedFile> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
    return Promise.reject(formError(FILE_FIELD, `send multipart/form-data with the photo in field "${FILE_FIELD}"`));
  }
  if (Number(request.headers['content-length'] ?? 0) > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    return Promise.reject(tooLarge(maxBytes));
  }
  let parser: Busboy.Busboy;
  try {
    // fileSize one past the limit: busboy stops at its limit, so reaching it means "too large".
    parser = Busboy({ headers: request.headers, limits: { fileSize: maxBytes + 1, files: 1, fields: 0, parts: 2 } });
  } catch {
    return Promise.reject(formError(FILE_FIELD, 'the multipart/form-data content type has no boundary'));
  }

  return new Promise((resolve, reject) => {
    let received: ReceivedFile | undefined;
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      // Stop feeding the parser: nothing more of this request is wanted. (Destroying busboy
      // from inside its own event callbacks crashes it; unpiped, it is simply dropped.)
      request.unpipe(parser);
      reject(error);
    };

    parser.on('file', (field, stream) => {
      if (field !== FILE_FIELD) {
        stream.resume();
        return fail(formError(field, `unexpected file field "${field}"; send the photo in "${FILE_FIELD}"`));
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      stream.on('end', () => {
        if (!stream.truncated) received = { bytes: Buffer.concat(chunks, size), sha256: hash.digest('hex') };
      });
    });
    parser.on('filesLimit', () => fail(formError(FILE_FIELD, 'send exactly one file')));
    // busboy does not name refused text fields; the message says what is wanted instead.
    parser.on('fieldsLimit', () => fail(formError(FILE_FIELD, `text fields are not accepted; send only the file in "${FILE_FIELD}"`)));
    parser.on('partsLimit', () => fail(formError(FILE_FIELD, `send only the file in "${FILE_FIELD}"`)));
    parser.on('error', () => fail(formError(FILE_FIELD, 'the multipart/form-data body is malformed')));
    parser.on('close', () => {
      if (settled) return;
      if (!received) return fail(formError(FILE_FIELD, `no file in field "${FILE_FIELD}"`));
      settled = true;
      resolve(received);
    });
    const interrupted = () => fail(formError(FILE_FIELD, 'the upload was interrupted'));
    request.on('error', interrupted);
    request.on('close', () => {
      if (!request.complete) interrupted();
    });
    request.pipe(parser);
  });
}

function formError(field: string, message: string) {
  return AppError.badRequest('request.invalid', message, [{ field, message }]);
}

function tooLarge(maxBytes: number) {
  return new AppError(413, 'photo.too_large', `the photo is larger than ${maxBytes} bytes`);
}
