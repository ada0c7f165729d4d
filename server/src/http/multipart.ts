/**
 * Reads an upload sent as multipart/form-data (the way `wx.uploadFile` and the telephony service
 * send them): at most one file, in a named field, hashed as the bytes arrive, given up the moment
 * the size limit is passed; and a few short text fields beside it when the upload has any.
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

export interface ReceivedForm {
  fields: Record<string, string>;
  file?: ReceivedFile;
}

export interface UploadSpec {
  /** The form field the file must arrive in. */
  fileField: string;
  /** What the file is, for messages: "the photo", "the recording". */
  fileName: string;
  maxBytes: number;
  /** The 413 to answer beyond `maxBytes`. */
  tooLarge: () => AppError;
  /** Text fields accepted beside the file; 0 for an upload of the file alone. */
  maxFields: number;
}

// Boundaries, part headers and short fields around the file. A request declaring more than the
// file limit plus this cannot carry an acceptable file and is refused before a byte is read.
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/** @throws AppError 400 `request.invalid` naming the field, or the spec's 413 */
export function receiveMultipart(request: IncomingMessage, spec: UploadSpec): Promise<ReceivedForm> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
    return Promise.reject(formError(spec.fileField, `send multipart/form-data with ${spec.fileName} in field "${spec.fileField}"`));
  }
  if (Number(request.headers['content-length'] ?? 0) > spec.maxBytes + MULTIPART_OVERHEAD_BYTES) return Promise.reject(spec.tooLarge());
  let parser: Busboy.Busboy;
  try {
    // fileSize one past the limit: busboy stops at its limit, so reaching it means "too large".
    parser = Busboy({ headers: request.headers, limits: { fileSize: spec.maxBytes + 1, files: 1, fields: spec.maxFields, fieldSize: 1024 } });
  } catch {
    return Promise.reject(formError(spec.fileField, 'the multipart/form-data content type has no boundary'));
  }
  return new Promise((resolve, reject) => {
    const form: ReceivedForm = { fields: {} };
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      // Stop feeding the parser: nothing more of this request is wanted. (Destroying busboy
      // from inside its own event callbacks crashes it; unpiped, it is simply dropped.)
      request.unpipe(parser);
      reject(error);
    };
    parser.on('field', (name, value) => {
      form.fields[name] = value;
    });
    parser.on('file', (field, stream) => {
      if (field !== spec.fileField) {
        stream.resume();
        return fail(formError(field, `unexpected file field "${field}"; send ${spec.fileName} in "${spec.fileField}"`));
      }
      readFile(stream, (file) => (form.file = file), () => fail(spec.tooLarge()));
    });
    parser.on('filesLimit', () => fail(formError(spec.fileField, `send at most one file, ${spec.fileName}`)));
    // busboy does not name refused text fields; the message says what is wanted instead.
    parser.on('fieldsLimit', () =>
      fail(formError(spec.fileField, spec.maxFields === 0 ? `text fields are not accepted; send only ${spec.fileName} in "${spec.fileField}"` : 'too many form fields')),
    );
    parser.on('error', () => fail(formError(spec.fileField, 'the multipart/form-data body is malformed')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(form);
    });
    const interrupted = () => fail(formError(spec.fileField, 'the upload was interrupted'));
    request.on('error', interrupted);
    request.on('close', () => {
      if (!request.complete) interrupted();
    });
    request.pipe(parser);
  });
}

function readFile(stream: NodeJS.ReadableStream & { truncated?: boolean }, done: (file: ReceivedFile) => void, tooLarge: () => void) {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    chunks.push(chunk);
  });
  stream.on('limit', tooLarge);
  stream.on('end', () => {
    if (!stream.truncated) done({ bytes: Buffer.concat(chunks), sha256: hash.digest('hex') });
  });
}

export function formError(field: string, message: string) {
  return AppError.badRequest('request.invalid', message, [{ field, message }]);
}
