/** Daily windows in Beijing time (agents, callbacks), on the server's one implementation of them. */
import { nextAllowedMoment } from '../../../server/src/hotline/callback-hours.js';

export interface DailyHours {
  start: string;
  end: string;
}

export { nextAllowedMoment };

export function isWithin(hours: DailyHours, at: Date): boolean {
  return nextAllowedMoment(at, hours).getTime() === at.getTime();
}

/** "09:00-20:00" → { start, end }. @throws when the window does not end after it starts */
export function parseDailyHours(text: string): DailyHours {
  const [start, end] = text.split('-');
  if (start >= end) throw new Error(`${text} must end after it starts`);
  return { start, end };
}
