/**
 * The shape of one year's State Council schedule, shared by the shipped data file
 * (data/holidays.json) and the administrators' entry of later years, so both pass the same rules.
 */
import Joi from 'joi';
import { weekdayNameOf, type SpecialDay } from './working-calendar.js';

export interface CalendarYearEntry {
  year: number;
  /** Where the schedule comes from, normally the title of the State Council notice. */
  source: string;
  /** Every day off, including the weekend days inside a holiday block. */
  holidays: { date: string; name: string }[];
  /** 调休: weekend days that are working days; named after the holiday they make up for. */
  makeupWorkdays: { date: string; name?: string | null }[];
}

const dateSchema = Joi.string()
  .custom((date: string, helpers) => {
    // A real YYYY-MM-DD date survives the round trip unchanged; 2027-02-30 and 2027-1-3 do not.
    const parsed = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      return helpers.message({ custom: `${date} is not a calendar date YYYY-MM-DD` });
    }
    return date;
  })
  .required();

/**
 * The rules that span entries; every message starts with the date at fault so an administrator
 * (or a developer editing the data file) sees at once which day to fix.
 */
function findScheduleProblems(entry: CalendarYearEntry): string[] {
  const problems: string[] = [];
  const seen = new Map<string, 'holiday' | 'makeup workday'>();
  const lists = [
    { label: 'holiday', days: entry.holidays },
    { label: 'makeup workday', days: entry.makeupWorkdays },
  ] as const;
  for (const { label, days } of lists) {
    for (const { date } of days) {
      if (Number(date.slice(0, 4)) !== entry.year) problems.push(`${date} is outside the year ${entry.year}`);
      const earlier = seen.get(date);
      if (earlier === label) problems.push(`${date} is listed twice as a ${label}`);
      else if (earlier) problems.push(`${date} is both a holiday and a makeup workday`);
      seen.set(date, label);
    }
  }
  for (const { date } of entry.makeupWorkdays) {
    const weekday = weekdayNameOf(date);
    if (weekday !== 'Saturday' && weekday !== 'Sunday') {
      problems.push(`${date} is a ${weekday}: a makeup workday must be a Saturday or Sunday`);
    }
  }
  return problems;
}

/** One year's schedule as an administrator enters it (`PUT /api/v1/calendar/years/:year`, checked by enterCalendarYear). */
export const calendarYearEntrySchema = Joi.object<CalendarYearEntry>({
  year: Joi.number().integer().min(2000).max(2100).required(),
  source: Joi.string().trim().min(2).max(200).required(),
  holidays: Joi.array()
    .items(
      Joi.object({
        date: dateSchema,
        name: Joi.string().trim().min(1).max(40).required().messages({ 'any.required': 'every holiday needs a name' }),
      }),
    )
    .min(1)
    .required(),
  makeupWorkdays: Joi.array()
    .items(Joi.object({ date: dateSchema, name: Joi.string().trim().min(1).max(40).allow(null) }))
    .required(),
}).custom((entry: CalendarYearEntry, helpers) => {
  const problems = findScheduleProblems(entry);
  return problems.length > 0 ? helpers.message({ custom: problems.join('; ') }) : entry;
});

/** Prefixes a problem inside one day's item with that day's date, unless it already starts with it. */
function describeProblem(raw: unknown, detail: Joi.ValidationErrorItem): string {
  const [list, index] = detail.path;
  const day = typeof list === 'string' && typeof index === 'number' ? (raw as Record<string, { date?: unknown }[]>)[list]?.[index] : undefined;
  return typeof day?.date === 'string' && !detail.message.startsWith(day.date) ? `${day.date}: ${detail.message}` : detail.message;
}

/** Problems of one year's entry (empty when valid) and the converted value. */
export function checkCalendarYearEntry(raw: unknown): { value: CalendarYearEntry; problems: string[] } {
  const { value, error } = calendarYearEntrySchema.validate(raw, { abortEarly: false, errors: { wrap: { label: false } } });
  return { value, problems: (error?.details ?? []).map((detail) => describeProblem(raw, detail)) };
}

/**
 * Validates the contents of data/holidays.json: a list of year entries, one per year. Throws one
 * error listing every problem, each prefixed with the entry (`holidays.json[1] (2026)`).
 */
export function parseCalendarData(raw: unknown): CalendarYearEntry[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new Error('invalid calendar data: holidays.json must be a non-empty list of years');
  const problems: string[] = [];
  const years = new Set<unknown>();
  const entries = raw.map((item: unknown, index) => {
    const year = (item as { year?: unknown } | null)?.year;
    const label = `holidays.json[${index}]${typeof year === 'number' ? ` (${year})` : ''}`;
    if (years.has(year)) problems.push(`${label}: the year is listed twice`);
    years.add(year);
    const checked = checkCalendarYearEntry(item);
    problems.push(...checked.problems.map((problem) => `${label}: ${problem}`));
    return checked.value;
  });
  if (problems.length > 0) throw new Error(`invalid calendar data:\n  ${problems.join('\n  ')}`);
  return entries;
}

/** The entry's days in the form the WorkingCalendar and the calendar_days table take. */
export function specialDaysOf(entry: CalendarYearEntry): SpecialDay[] {
  return [
    ...entry.holidays.map(({ date, name }) => ({ date, kind: 'holiday' as const, name })),
    ...entry.makeupWorkdays.map(({ date, name }) => ({ date, kind: 'makeup_workday' as const, name: name ?? null })),
  ];
}

export const calendarYearParams = Joi.object({ year: Joi.number().integer().min(2000).max(2100).required() });

/**
 * The body of `PUT /api/v1/calendar/years/:year`: here only an object whose `year`, if given,
 * is the path's; `enterCalendarYear` checks the schedule itself (422 `calendar.invalid_year`).
 */
export function calendarYearBody(year: number) {
  return Joi.object({
    year: Joi.number().valid(year).messages({ 'any.only': `year must be ${year}, the year in the path` }),
  })
    .unknown(true)
    .required();
}
