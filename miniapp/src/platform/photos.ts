/**
 * Photos taken or chosen for a report, compressed on the device and kept where the outbox can
 * still find them after the app is killed: weapp saves the files (temp files are deleted when
 * the app closes); H5 keeps a compressed JPEG data URL, which Taro.uploadFile accepts as a path.
 */
import Taro from '@tarojs/taro';

export const MAX_PHOTOS = 9;
/** The long side of an H5 photo after compression: enough to see the problem, small enough to store. */
const H5_MAX_SIDE = 1280;
const H5_QUALITY = 0.7;

/** weapp: opens the camera or album for up to `count` photos; returns kept file paths. */
export async function chooseWeappPhotos(count: number): Promise<string[]> {
  const { tempFiles } = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] });
  const kept: string[] = [];
  for (const file of tempFiles) {
    const { tempFilePath } = await Taro.compressImage({ src: file.tempFilePath, quality: 70 });
    const { savedFilePath } = (await Taro.saveFile({ tempFilePath })) as Taro.saveFile.SuccessCallbackResult;
    kept.push(savedFilePath);
  }
  return kept;
}

/** H5: files from the file input → compressed JPEG data URLs. */
export async function compressH5Files(files: File[]): Promise<string[]> {
  return Promise.all(files.map(compressH5File));
}

async function compressH5File(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, H5_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', H5_QUALITY);
}

/** Frees a kept photo once the server has it or the citizen removed it. */
export function discardPhoto(path: string): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  Taro.removeSavedFile({ filePath: path }).catch(() => undefined);
}
