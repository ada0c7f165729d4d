import { callbackDelayMs, nextAllowedMoment } from './callback-hours.js';

const HOURS = { start: '09:00', end: '20:00' };
const at = (beijing: string) => new Date(`${beijing}+08:00`);

describe('nextAllowedMoment (Beijing time, any day)', () => {
  it('keeps a moment inside the hours', () => {
    expect(nextAllowedMoment(at('2025-11-23T09:00:00'), HOURS)).toEqual(at('2025-11-23T09:00:00'));
    expect(nextAllowedMoment(at('2025-11-23T19:59:59'), HOURS)).toEqual(at('2025-11-23T19:59:59'));
  });

  it('moves an early moment to the same day’s start, a late one to the next day’s (weekends included)', () => {
    expect(nextAllowedMoment(at('2025-11-23T06:30:00'), HOURS)).toEqual(at('2025-11-23T09:00:00'));
    expect(nextAllowedMoment(at('2025-11-22T20:00:00'), HOURS)).toEqual(at('2025-11-23T09:00:00'));
    // 23:30 Beijing is still the 23rd although UTC has it on the 23rd at 15:30.
    expect(nextAllowedMoment(at('2025-11-23T23:30:00'), HOURS)).toEqual(at('2025-11-24T09:00:00'));
    // 00:30 Beijing is the previous day in UTC.
    expect(nextAllowedMoment(at('2025-11-24T00:30:00'), HOURS)).toEqual(at('2025-11-24T09:00:00'));
  });

  it('crosses month and year ends', () => {
    expect(nextAllowedMoment(at('2025-12-31T21:00:00'), HOURS)).toEqual(at('2026-01-01T09:00:00'));
  });
});

describe('callbackDelayMs', () => {
  it('is 0 inside the hours and waits for the start outside them', () => {
    expect(callbackDelayMs(at('2025-11-23T10:00:00'), HOURS)).toBe(0);
    expect(callbackDelayMs(at('2025-11-23T08:00:00'), HOURS)).toBe(3600_000);
  });

  it('adds the retry wait, then finds the next allowed moment', () => {
    expect(callbackDelayMs(at('2025-11-23T10:00:00'), HOURS, 30)).toBe(30 * 60_000);
    // 19:45 + 30 min = 20:15, past the end: tomorrow 09:00.
    expect(callbackDelayMs(at('2025-11-23T19:45:00'), HOURS, 30)).toBe(at('2025-11-24T09:00:00').getTime() - at('2025-11-23T19:45:00').getTime());
  });
});
