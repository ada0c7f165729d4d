/** Reads a WAV FreeSWITCH wrote; a missing or empty file means nothing was captured. */
import { readFile } from 'node:fs/promises';

export interface Recording {
  audio: Buffer | null;
  durationMs: number;
}

export async function readRecording(path: string): Promise<Recording> {
  const audio = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!audio || audio.length <= 44) return { audio: null, durationMs: 0 };
  return { audio, durationMs: wavDurationMs(audio) };
}

/** Duration from the RIFF header (byte rate) and the data actually present, which a cut-off file may lack in its header. */
export function wavDurationMs(wav: Buffer): number {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return 0;
  let offset = 12;
  let byteRate = 0;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ') byteRate = wav.readUInt32LE(offset + 16);
    if (id === 'data') {
      const present = Math.min(size, wav.length - offset - 8);
      return byteRate ? Math.round((present / byteRate) * 1000) : 0;
    }
    offset += 8 + size + (size % 2);
  }
  return 0;
}
