import type { SpecialDay } from './working-calendar.js';
import type { CalendarYearRow } from './queries.js';

/** An entered year: its source and who entered it (null: seeded from the shipped data file). */
export function presentCalendarYear(row: CalendarYearRow) {
  return {
    year: row.year,
    source: row.source,
    enteredBy: row.enteredBy,
    enteredAt: row.enteredAt.toISOString(),
    fromDataFile: row.enteredBy === null,
  };
}

/** A year with its days, in the shape `PUT /api/v1/calendar/years/:year` takes, so it can be edited and sent back. */
export function presentCalendarYearDetail(row: CalendarYearRow, days: SpecialDay[]) {
  return {
    ...presentCalendarYear(row),
    holidays: days.filter((day) => day.kind === 'holiday').map(({ date, name }) => ({ date, name })),
    makeupWorkdays: days.filter((day) => day.kind === 'makeup_workday').map(({ date, name }) => ({ date, name })),
  };
}
