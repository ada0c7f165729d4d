/** A bench's counts from its command line: `--name=N`, else the environment variable, else the default. */
import { parseArgs } from 'node:util';

export interface CountOption {
  fallback: number;
  /** The environment variable that may give it instead, e.g. BENCH_CASES. */
  env?: string;
}

/** Each option as a positive integer (`1_000_000` allowed); a bad value stops the bench with its name. */
export function readCountOptions<Name extends string>(spec: Record<Name, CountOption>): Record<Name, number> {
  const names = Object.keys(spec) as Name[];
  const { values } = parseArgs({ options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])) });
  const counts = {} as Record<Name, number>;
  for (const name of names) {
    const { fallback, env } = spec[name];
    const raw = (values[name] as string | undefined) ?? (env ? process.env[env] : undefined) ?? String(fallback);
    const parsed = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    counts[name] = parsed;
  }
  return counts;
}
