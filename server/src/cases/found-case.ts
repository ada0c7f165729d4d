import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { LatLng } from '../grids/coordinates.js';
import { cellOf } from '../dedup/spatial.js';
import { planStageClock, type StageLimits } from '../workflow/clocks.js';

export interface FoundCaseProps {
  category: StageLimits & { code: string };
  point: LatLng;
  grid: { gridCode: string; streetCode: string };
  now: Date;
  calendar: WorkingCalendar;
}

/**
 * Founds a case at 待受理 with its 受理 clock running, split off another case. Intake founds
 * cases inside its own statement through the same SQL function (`found_case`, migration 0014).
 */
export async function foundCase(trx: Trx, { category, point, grid, now, calendar }: FoundCaseProps): Promise<{ id: number }> {
  const plan = planStageClock(category, 'accept', now, calendar);
  const { rows } = await sql<{ id: number }>`
    select found_case(
      p_category_code => ${category.code}, p_lat => ${point.lat}, p_lng => ${point.lng},
      p_h3_cell => ${cellOf(point)}, p_grid_code => ${grid.gridCode}, p_street_code => ${grid.streetCode},
      p_now => ${now}, p_clock_kind => ${plan.kind}, p_limit_ms => ${plan.limitMs}, p_due_at => ${plan.dueAt},
      p_assumed_years => ${plan.assumedYears}::int[]) as id
  `.execute(trx);
  return rows[0];
}
