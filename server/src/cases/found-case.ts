import type { Trx } from '../db/database.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { LatLng } from '../grids/coordinates.js';
import { cellOf } from '../dedup/spatial.js';
import { insertStageClock, planStageClock, type StageLimits } from '../workflow/clocks.js';
import { insertCase } from './queries.js';

export interface FoundCaseProps {
  category: StageLimits & { code: string };
  point: LatLng;
  grid: { gridCode: string; streetCode: string };
  now: Date;
  calendar: WorkingCalendar;
}

/** Founds a case at 待受理 with its 受理 clock running: from a first report, or split off another case. */
export async function foundCase(trx: Trx, { category, point, grid, now, calendar }: FoundCaseProps): Promise<{ id: number }> {
  const plan = planStageClock(category, 'accept', now, calendar);
  const created = await insertCase(trx, {
    categoryCode: category.code,
    lat: point.lat,
    lng: point.lng,
    h3Cell: cellOf(point),
    gridCode: grid.gridCode,
    streetCode: grid.streetCode,
    now,
    dueAt: plan.dueAt,
  });
  await insertStageClock(trx, created.id, plan);
  return created;
}
