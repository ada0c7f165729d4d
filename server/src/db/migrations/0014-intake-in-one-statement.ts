import { sql, type Kysely } from 'kysely';

/**
 * A report's whole transaction as one statement (#3, intake throughput). Taken statement by
 * statement it cost ~13 round trips, and building, sending and parsing them was half of the
 * API's CPU. The rules stay where the TypeScript decides them
 * (category, grid, coordinates, the 受理 deadline on the WorkingCalendar, the dedup cells and
 * lock keys); these functions only do the writes and the dedup search, under the same locks:
 * - `distance_m`, `open_cases_near`: the dedup search, also behind the nearby-cases list;
 * - `found_case`: a new 待受理 case with its 受理 clock (intake and 拆分);
 * - `record_report_on_case`: the report row, the case's reporters and latest report time, and
 *   `report.received` in the outbox (intake and 关注);
 * - `intake_report`: idempotency, dedup, the writes, and the photos' check and attach.
 * A rule that fails raises `P0001` with the API's error code as message, the details after it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Haversine on the mean Earth radius. A plain SQL expression function: the planner inlines it.
    create function distance_m(lat1 float8, lng1 float8, lat2 float8, lng2 float8) returns float8
    language sql immutable parallel safe as $$
      select 2 * 6371008.8 * asin(least(1, sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2))))
    $$;

    -- Open cases (before 结案/不予立案/作废) of a category within p_radius_m, last reported since
    -- p_since, nearest first. Reads only the searched H3 cells of cases_open_by_cell (the status
    -- predicate is written as the index's literal so the planner matches it). Inlined when called.
    create function open_cases_near(p_category_code text, p_cells text[], p_lat float8, p_lng float8,
                                    p_radius_m float8, p_since timestamptz, p_limit int)
    returns table (id bigint, distance_m float8)
    language sql stable as $$
      select c.id, distance_m(p_lat, p_lng, c.lat, c.lng) as d
        from cases c
       where c.category_code = p_category_code
         and c.h3_cell = any(p_cells)
         and c.status not in ('closed', 'rejected', 'voided')
         and c.last_reported_at >= p_since
         and distance_m(p_lat, p_lng, c.lat, c.lng) <= p_radius_m
       order by d, c.id
       limit p_limit
    $$;

    -- A new case at 待受理 with its 受理 clock running; the clock's plan comes from the caller's
    -- WorkingCalendar, and the deadline is on the case row from the start.
    create function found_case(p_category_code text, p_lat float8, p_lng float8, p_h3_cell text,
                               p_grid_code text, p_street_code text, p_now timestamptz,
                               p_clock_kind text, p_limit_ms bigint, p_due_at timestamptz,
                               p_assumed_years int[])
    returns bigint language sql as $$
      with founded as (
        insert into cases (category_code, status, lat, lng, h3_cell, grid_code, street_code,
                           opened_at, last_reported_at, due_at)
        values (p_category_code, 'pending_acceptance', p_lat, p_lng, p_h3_cell, p_grid_code,
                p_street_code, p_now, p_now, p_due_at)
        returning id
      ), clock as (
        insert into case_clocks (case_id, stage, kind, limit_ms, started_at, due_at, assumed_years)
        select id, 'accept', p_clock_kind, p_limit_ms, p_now, p_due_at, p_assumed_years from founded
      )
      select id from founded
    $$;

    -- The writes every report and 关注 makes on its case, after the dedup locks (and the case's
    -- row lock for a further report): the row; the citizen counted among the case's reporters
    -- once however often they report it; for a further report the case's latest report time
    -- and, for a new supporter, its reporter count (the founder is counted by the case itself);
    -- and report.received.
    create function record_report_on_case(p_citizen_id bigint, p_idempotency_key text,
                                          p_request_hash text, p_source text, p_kind text,
                                          p_case_id bigint, p_is_primary boolean,
                                          p_category_code text, p_lat float8, p_lng float8,
                                          p_coord_system text, p_client_lat float8,
                                          p_client_lng float8, p_grid_code text,
                                          p_description text, p_address text,
                                          p_created_at timestamptz)
    returns reports language plpgsql as $$
    declare
      report reports;
      added int;
    begin
      insert into reports (citizen_id, idempotency_key, request_hash, source, kind, case_id,
                           is_primary, category_code, lat, lng, coord_system, client_lat,
                           client_lng, grid_code, description, address, created_at)
      values (p_citizen_id, p_idempotency_key, p_request_hash, p_source, p_kind, p_case_id,
              p_is_primary, p_category_code, p_lat, p_lng, p_coord_system, p_client_lat,
              p_client_lng, p_grid_code, p_description, p_address, p_created_at)
      returning * into report;
      insert into case_reporters (case_id, citizen_id, first_report_id)
      values (p_case_id, p_citizen_id, report.id)
      on conflict (case_id, citizen_id) do nothing;
      get diagnostics added = row_count;
      -- One row version of the case: last_reported_at is an index key, so each version costs
      -- an entry in every index of cases.
      if not p_is_primary then
        update cases
           set last_reported_at = greatest(last_reported_at, p_created_at),
               reporter_count = reporter_count + added
         where id = p_case_id;
      end if;
      insert into outbox (topic, payload, created_at)
      values ('report.received', jsonb_build_object(
                'reportId', report.id, 'caseId', report.case_id, 'citizenId', report.citizen_id,
                'isPrimary', report.is_primary, 'kind', report.kind,
                'categoryCode', report.category_code, 'gridCode', report.grid_code,
                'source', report.source),
              p_created_at);
      return report;
    end
    $$;

    -- A citizen's report, in one transaction. The idempotency key's lock queues concurrent
    -- retries of one submission: the first commits, the rest replay it. The advisory locks on
    -- every searched dedup cell (sorted by the caller; two reports whose search areas overlap
    -- share one) make "one problem, one case" hold when many report one spot at once; the
    -- search after them is a statement of its own, so its snapshot sees every case committed
    -- before the locks were granted.
    create function intake_report(p_citizen_id bigint, p_idempotency_key text,
                                  p_request_hash text, p_source text, p_category_code text,
                                  p_lat float8, p_lng float8, p_coord_system text,
                                  p_client_lat float8, p_client_lng float8, p_grid_code text,
                                  p_street_code text, p_description text, p_address text,
                                  p_photo_ids uuid[], p_now timestamptz,
                                  p_cell_locks bigint[], p_cells text[], p_h3_cell text,
                                  p_radius_m float8, p_since timestamptz, p_clock_kind text,
                                  p_limit_ms bigint, p_due_at timestamptz, p_assumed_years int[])
    returns table (replayed boolean, case_status text, id bigint, case_id bigint,
                   citizen_id bigint, is_primary boolean, kind text, source text,
                   category_code text, lat float8, lng float8, coord_system text,
                   grid_code text, description text, address text, request_hash text,
                   created_at timestamptz)
    language plpgsql as $$
    #variable_conflict use_column
    declare
      report reports;
      state text;
      was_replayed boolean := true;
      joined bigint;
      founded boolean := false;
      missing text;
      attached int;
    begin
      perform pg_advisory_xact_lock(hashtextextended('report-key:' || p_citizen_id || ':' || p_idempotency_key, 0));
      select * into report from reports r
       where r.citizen_id = p_citizen_id and r.idempotency_key = p_idempotency_key;
      if not found then
        was_replayed := false;
        perform pg_advisory_xact_lock(l.k) from unnest(p_cell_locks) with ordinality as l(k, n) order by l.n;
        select near.id into joined
          from open_cases_near(p_category_code, p_cells, p_lat, p_lng, p_radius_m, p_since, 1) near;
        if joined is not null then
          select c.status into state from cases c
           where c.id = joined and c.status not in ('closed', 'rejected', 'voided')
             for update;
          -- Finished between the search and the lock: this report founds a new case instead.
          founded := not found;
        else
          founded := true;
        end if;
        if founded then
          joined := found_case(p_category_code, p_lat, p_lng, p_h3_cell, p_grid_code,
                               p_street_code, p_now, p_clock_kind, p_limit_ms, p_due_at,
                               p_assumed_years);
          state := 'pending_acceptance';
        end if;

        report := record_report_on_case(p_citizen_id, p_idempotency_key, p_request_hash,
                                        p_source, 'report', joined, founded, p_category_code,
                                        p_lat, p_lng, p_coord_system, p_client_lat, p_client_lng,
                                        p_grid_code, p_description, p_address, p_now);
        -- The photos must be the citizen's own and unused (a concurrent report of theirs may
        -- have taken one: its row lock makes this wait, then finds it attached).
        update photos set report_id = report.id
         where id = any(p_photo_ids) and owner_citizen_id = p_citizen_id and report_id is null;
        get diagnostics attached = row_count;
        if attached < cardinality(p_photo_ids) then
          select string_agg(wanted::text, ', ' order by n) into missing
            from unnest(p_photo_ids) with ordinality as w(wanted, n)
           where not exists (select from photos p where p.id = w.wanted and p.report_id = report.id);
          raise exception 'report.photo_unavailable' using detail = missing;
        end if;
      elsif report.request_hash <> p_request_hash then
        raise exception 'report.idempotency_key_reused';
      else
        select c.status into state from cases c where c.id = report.case_id;
      end if;
      return query select was_replayed, state, report.id, report.case_id, report.citizen_id,
        report.is_primary, report.kind, report.source, report.category_code, report.lat,
        report.lng, report.coord_system, report.grid_code, report.description, report.address,
        report.request_hash, report.created_at;
    end
    $$;
  `.execute(db);
}
