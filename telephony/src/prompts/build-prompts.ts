/**
 * Builds the prompt audio from telephony/prompts/prompts.json into the prompts directory
 * (git-ignored). A manifest holds the hash of the texts and of the synthesis pipeline: when
 * neither changed and every file is there, nothing is rebuilt.
 * Run: node --import tsx telephony/src/prompts/build-prompts.ts [prompts dir]
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYNTHESIS_VERSION, synthesize } from './synthesize.js';

export const PROMPT_TEXTS_FILE = fileURLToPath(new URL('../../prompts/prompts.json', import.meta.url));
const MANIFEST = 'manifest.json';
/** Two at a time: the machine's cores are shared with the API and PostgreSQL. */
const PARALLEL = 2;

export async function readPromptTexts(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(PROMPT_TEXTS_FILE, 'utf8'));
}

/** Rebuilds the prompts when stale; returns how many files were written (0 when fresh). */
export async function buildPrompts(dir: string, log: (line: string) => void = () => undefined): Promise<number> {
  const texts = await readPromptTexts();
  const hash = createHash('sha256').update(SYNTHESIS_VERSION).update(JSON.stringify(texts)).digest('hex');
  if (await isFresh(dir, hash, Object.keys(texts))) return 0;
  log(`building ${Object.keys(texts).length} prompts into ${dir}`);
  await mkdir(dir, { recursive: true });
  const queue = Object.entries(texts);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await synthesize(next[1], path.join(dir, `${next[0]}.wav`));
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  await writeFile(path.join(dir, MANIFEST), JSON.stringify({ hash, prompts: Object.keys(texts) }, null, 2));
  return Object.keys(texts).length;
}

async function isFresh(dir: string, hash: string, ids: string[]): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8'));
    if (manifest.hash !== hash) return false;
    await Promise.all(ids.map((id) => access(path.join(dir, `${id}.wav`))));
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'var/telephony/prompts');
  const written = await buildPrompts(dir, console.log);
  console.log(written ? `prompts: ${written} files written to ${dir}` : `prompts: up to date in ${dir}`);
}
