/**
 * Prompt files as FreeSWITCH plays them: one prompt by id, numbers digit by digit, stages by
 * their prompt, and several in a row as one `file_string://` playback. Text that only the server
 * knows (a case's result) is synthesized on first use and kept by content hash.
 */
import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { synthesize } from './synthesize.js';

export class PromptLibrary {
  private readonly spokenDir: string;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    readonly dir: string,
    private readonly ids: ReadonlySet<string>,
  ) {
    this.spokenDir = path.join(dir, 'spoken');
  }

  /** The file of a prompt in prompts.json. @throws for an unknown id: a typo must not play silence */
  file(id: string): string {
    if (!this.ids.has(id)) throw new Error(`no prompt ${id} in prompts.json`);
    return path.join(this.dir, `${id}.wav`);
  }

  /** "2511230007" → the files of 二 五 幺 幺 二 三 零 零 零 七. */
  digits(number: string): string[] {
    return [...number].filter((char) => /\d/.test(char)).map((digit) => this.file(`digit_${digit}`));
  }

  /** The prompt of a public stage, or null when prompts.json has none for it. */
  stage(stage: string): string | null {
    return this.ids.has(`stage_${stage}`) ? this.file(`stage_${stage}`) : null;
  }

  /** A sentence from the server (safe to speak) as a file, synthesized once per distinct text. */
  spoken(text: string): Promise<string> {
    const file = path.join(this.spokenDir, `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.wav`);
    let pending = this.inFlight.get(file);
    if (!pending) {
      pending = access(file)
        .catch(async () => {
          await mkdir(this.spokenDir, { recursive: true });
          await synthesize(text, file);
        })
        .then(() => file)
        .finally(() => this.inFlight.delete(file));
      this.inFlight.set(file, pending);
    }
    return pending;
  }
}

/** One playback argument for several files (FreeSWITCH's file_string, `!`-separated). */
export function sequence(files: string[]): string {
  return files.length === 1 ? files[0] : `file_string://${files.join('!')}`;
}
