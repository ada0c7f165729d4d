/**
 * Reads the IVR ticket upload: multipart/form-data with text fields and at most one audio file
 * in `recording` (none when the caller hung up before saying anything).
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error.js';
import { receiveMultipart, type ReceivedFile } from '../http/multipart.js';

export const RECORDING_FIELD = 'recording';

export interface TicketForm {
  fields: Record<string, string>;
  recording?: ReceivedFile;
}

/**
 * @throws AppError 400 `request.invalid` for a body that is not such a form, 413
 *   `hotline.recording_too_large` beyond `maxBytes`
 */
export async function receiveTicketForm(request: IncomingMessage, maxBytes: number): Promise<TicketForm> {
  const tooLarge = () => new AppError(413, 'hotline.recording_too_large', `the recording is larger than ${maxBytes} bytes`);
  const { fields, file } = await receiveMultipart(request, { fileField: RECORDING_FIELD, fileName: 'the recording', maxBytes, tooLarge, maxFields: 10 });
  return { fields, recording: file };
}
