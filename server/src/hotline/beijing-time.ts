/** The hotline's calendar is Beijing's: China keeps +08:00 all year, so a fixed offset is exact. */
export const BEIJING_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;

/** The Beijing calendar day of `at` as YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** 11月23日: a day as the IVR speaks it. */
export function spokenDate(at: Date): string {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}
