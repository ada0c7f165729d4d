/**
 * Reads the IVR ticket upload: multipart/form-data with text fields and at most one audio file
 * in `recording`, stopping the moment the size limit is passed.
 */
import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error.js';

export const RECORDING_FIELD = 'recording';

export interface TicketForm {
  fields: Record<string, string>;
  recording?: { bytes: Buffer; sha256: string };
}

/**
 * @throws AppError 400 `request.invalid` for a body that is not such a form, 413
 *   `hotline.recording_too_large` beyond `maxBytes`
 */
export function receiveTicketForm(request: IncomingMessage, maxBytes: number): Promise<TicketForm> {
  let parser: Busboy.Busboy;
  try {
    parser = Busboy({ headers: request.headers, limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1024 } });
  } catch {
    return Promise.reject(formError(RECORDING_FIELD, 'send multipart/form-data with the fields and the recording'));
  }
  return new Promise((resolve, reject) => {
    const form: TicketForm = { fields: {} };
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      reject(error);
    };
    parser.on('field', (name, value) => {
      form.fields[name] = value;
    });
    parser.on('file', (field, stream) => {
      if (field !== RECORDING_FIELD) {
        stream.resume();
        return fail(formError(field, `unexpected file field "${field}"; send the audio in "${RECORDING_FIELD}"`));
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(new AppError(413, 'hotline.recording_too_large', `the recording is larger than ${maxBytes} bytes`)));
      stream.on('end', () => {
        if (!stream.truncated) form.recording = { bytes: Buffer.concat(chunks), sha256: hash.digest('hex') };
      });
    });
    parser.on('filesLimit', () => fail(formError(RECORDING_FIELD, 'send at most one recording')));
    parser.on('fieldsLimit', () => fail(formError('fields', 'too many form fields')));
    parser.on('error', () => fail(formError(RECORDING_FIELD, 'the multipart/form-data body is malformed')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(form);
    });
    request.on('close', () => {
      if (!request.complete) fail(formError(RECORDING_FIELD, 'the upload was interrupted'));
    });
    request.pipe(parser);
  });
}

function formError(field: string, message: string) {
  return AppError.badRequest('request.invalid', message, [{ field, message }]);
}
