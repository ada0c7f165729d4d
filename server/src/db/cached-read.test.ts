import { CachedRead } from './cached-read.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';

/** A cached working calendar over a counting builder and a hand-moved real-time clock. */
function provider(build: () => Promise<WorkingCalendar> = async () => new WorkingCalendar({ years: [], specialDays: [] })) {
  const state = { elapsedMs: 0, builds: 0 };
  const calendars = new CachedRead(() => {
    state.builds += 1;
    return build();
  }, () => state.elapsedMs);
  return { calendars, state };
}

describe('CachedRead', () => {
  it('reads once for concurrent and repeated callers, and again after a minute', async () => {
    const { calendars, state } = provider();
    const [first, second] = await Promise.all([calendars.get(), calendars.get()]);
    expect(first).toBe(second);
    state.elapsedMs = 59_999;
    expect(await calendars.get()).toBe(first);
    expect(state.builds).toBe(1);
    state.elapsedMs = 60_000;
    expect(await calendars.get()).not.toBe(first);
    expect(state.builds).toBe(2);
  });

  it('reads again at once after invalidate', async () => {
    const { calendars, state } = provider();
    const first = await calendars.get();
    calendars.invalidate();
    expect(await calendars.get()).not.toBe(first);
    expect(state.builds).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const { calendars, state } = provider(async () => {
      if (fail) throw new Error('database is down');
      return new WorkingCalendar({ years: [], specialDays: [] });
    });
    await expect(calendars.get()).rejects.toThrow('database is down');
    fail = false;
    await expect(calendars.get()).resolves.toBeInstanceOf(WorkingCalendar);
    expect(state.builds).toBe(2);
  });
});
