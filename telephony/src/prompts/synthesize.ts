/**
 * Mandarin speech from text with Debian's espeak-ng (voice cmn) piped to sox: 8 kHz mono 16-bit
 * WAV, what FreeSWITCH plays on a narrowband call without resampling.
 */
import { spawn } from 'node:child_process';
import { rename } from 'node:fs/promises';

/** Changes whenever the pipeline below changes, so built prompts are rebuilt with it. */
export const SYNTHESIS_VERSION = 'espeak-ng cmn | sox 8000 Hz mono s16 gain -n -1';

export async function synthesize(text: string, outputPath: string): Promise<void> {
  const partial = `${outputPath}.${process.pid}.partial.wav`;
  await new Promise<void>((resolve, reject) => {
    const espeak = spawn('espeak-ng', ['-v', 'cmn', '--stdout', '--', text], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sox = spawn('sox', ['-q', '-t', 'wav', '-', '-r', '8000', '-c', '1', '-b', '16', partial, 'gain', '-n', '-1'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    espeak.stdout.pipe(sox.stdin);
    const errors: string[] = [];
    espeak.stderr.on('data', (chunk) => errors.push(String(chunk)));
    sox.stderr.on('data', (chunk) => errors.push(String(chunk)));
    espeak.on('error', reject);
    sox.on('error', reject);
    sox.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`espeak-ng | sox failed (${code}) for "${text}": ${errors.join('')}`))));
  });
  // Renamed into place so FreeSWITCH never plays a half-written file.
  await rename(partial, outputPath);
}
