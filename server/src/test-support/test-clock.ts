import type { Clock } from '../config/clock.js';

/** A clock tests move by hand; never sleep to wait for time. */
export class TestClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2025-09-30T08:00:00+08:00') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
