/**
 * When a satisfaction callback may ring: inside the allowed hours (HOTLINE_CALLBACK_HOURS,
 * Beijing time, any day of the week). Pure, so the scheduling is tested with any clock.
 */

import { BEIJING_OFFSET_MS, DAY_MS } from './beijing-time.js';

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The first moment at or after `from` inside the allowed hours. */
export function nextAllowedMoment(from: Date, hours: { start: string; end: string }): Date {
  const beijing = from.getTime() + BEIJING_OFFSET_MS;
  const dayStart = Math.floor(beijing / DAY_MS) * DAY_MS;
  const start = dayStart + minutesOf(hours.start) * 60_000;
  const end = dayStart + minutesOf(hours.end) * 60_000;
  if (beijing >= start && beijing < end) return new Date(from);
  const next = beijing < start ? start : start + DAY_MS;
  return new Date(next - BEIJING_OFFSET_MS);
}

/** Milliseconds from `now` until the attempt may ring, at least `waitMinutes` (a retry's wait) away. */
export function callbackDelayMs(now: Date, hours: { start: string; end: string }, waitMinutes = 0): number {
  const earliest = new Date(now.getTime() + waitMinutes * 60_000);
  return nextAllowedMoment(earliest, hours).getTime() - now.getTime();
}
