/**
 * Reads the one file of a photo upload from a multipart/form-data request, the way
 * `wx.uploadFile` sends it: the file alone, in `file`.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error.js';
import { formError, receiveMultipart, type ReceivedFile } from '../http/multipart.js';

/** The form field the photo must arrive in (`wx.uploadFile`'s `name`). */
export const FILE_FIELD = 'file';

/**
 * @throws AppError 400 `request.invalid` (naming the field) for anything but exactly one file in
 *   `file`, 413 `photo.too_large` beyond `maxBytes`
 */
export async function receiveUpload(request: IncomingMessage, maxBytes: number): Promise<ReceivedFile> {
  const tooLarge = () => new AppError(413, 'photo.too_large', `the photo is larger than ${maxBytes} bytes`);
  const { file } = await receiveMultipart(request, { fileField: FILE_FIELD, fileName: 'the photo', maxBytes, tooLarge, maxFields: 0 });
  if (!file) throw formError(FILE_FIELD, `no file in field "${FILE_FIELD}"`);
  return file;
}
