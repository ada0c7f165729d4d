import Router from '@koa/router';
import { authorize } from '../auth/policies.js';
import { requireStaff } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { findCalendarWarnings, saveCalendarYear } from './calendar-admin.js';
import { presentCalendarYear, presentCalendarYearDetail } from './present.js';
import { findCalendarYear, listCalendarYears } from './queries.js';
import { calendarYearBody, calendarYearParams, type CalendarYearEntry } from './schemas.js';

/** The statutory calendar for staff: entered years, their days, what is missing; administrators enter years. */
export function calendarRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/calendar' });

  const readYear = async (year: number) => {
    const found = await findCalendarYear(services.db, year);
    if (!found) throw AppError.notFound('calendar.year_not_found', `no schedule has been entered for ${year}`);
    return presentCalendarYearDetail(found.row, found.days);
  };

  router.get('/years', async (ctx) => {
    requireStaff(ctx);
    ctx.body = { years: (await listCalendarYears(services.db)).map(presentCalendarYear) };
  });

  router.get('/years/:year', async (ctx) => {
    requireStaff(ctx);
    const { year } = validate(ctx, 'params', calendarYearParams);
    ctx.body = { year: await readYear(year) };
  });

  router.put('/years/:year', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_calendar');
    const { year } = validate(ctx, 'params', calendarYearParams);
    const body = validate<Omit<CalendarYearEntry, 'year'>>(ctx, 'body', calendarYearBody(year));
    await saveCalendarYear(services, { actor, entry: { ...body, year }, ip: ctx.ip });
    ctx.body = { year: await readYear(year) };
  });

  router.get('/warnings', async (ctx) => {
    requireStaff(ctx);
    const today = (await services.calendar.get()).describeDay(services.clock.now()).date;
    ctx.body = await findCalendarWarnings(services.db, today);
  });

  return router;
}
