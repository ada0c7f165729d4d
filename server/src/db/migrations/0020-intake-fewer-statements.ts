import { sql, type Kysely } from 'kysely';

/**
 * Fewer statements per report (#3, intake throughput). A `perf` profile of one backend running
 * `intake_reports` put a fifth of PostgreSQL's time in starting executors: every statement a
 * PL/pgSQL function runs is an executor of its own, and a report that founded a case ran
 * about thirteen. Now:
 * - `found_case` writes the case and its 受理 clock in one statement;
 * - `record_report_on_case` writes the report, the case's reporter, the joined case's latest
 *   report time and `report.received` in one statement;
 * - `intake_reports` does the work `intake_report` did (dropped: nothing else called it)
 *   without taking the batch's locks a second time, attaches the photos and reads them back in
 *   one statement, and reads the case's public steps only for a case the report joined (a case
 *   it founded has none).
 * The rules, errors and answers are those of migrations 0014, 0018 and 0019.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function found_case(p_category_code text, p_lat float8, p_lng float8,
                                          p_h3_cell text, p_grid_code text, p_street_code text,
                                          p_now timestamptz, p_clock_kind text, p_limit_ms bigint,
                                          p_due_at timestamptz, p_assumed_years int[])
    returns bigint language plpgsql as $$
    declare
      founded bigint;
    begin
      with new_case as (
        insert into cases (category_code, status, lat, lng, h3_cell, grid_code, street_code,
                           opened_at, last_reported_at, due_at)
        values (p_category_code, 'pending_acceptance', p_lat, p_lng, p_h3_cell, p_grid_code,
                p_street_code, p_now, p_now, p_due_at)
        returning id)
      insert into case_clocks (case_id, stage, kind, limit_ms, started_at, due_at, assumed_years)
      select new_case.id, 'accept', p_clock_kind, p_limit_ms, p_now, p_due_at, p_assumed_years
        from new_case
      returning case_id into founded;
      return founded;
    end
    $$;

    -- As migration 0014 describes it, in one statement. The joined case's update counts the
    -- reporter only if the case_reporters row is new; for the founder (p_is_primary) it is
    -- skipped, the case having been written with this report's time and one reporter.
    create or replace function record_report_on_case(p_citizen_id bigint, p_idempotency_key text,
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
    begin
      with recorded as (
        insert into reports (citizen_id, idempotency_key, request_hash, source, kind, case_id,
                             is_primary, category_code, lat, lng, coord_system, client_lat,
                             client_lng, grid_code, description, address, created_at)
        values (p_citizen_id, p_idempotency_key, p_request_hash, p_source, p_kind, p_case_id,
                p_is_primary, p_category_code, p_lat, p_lng, p_coord_system, p_client_lat,
                p_client_lng, p_grid_code, p_description, p_address, p_created_at)
        returning *),
      reporter as (
        insert into case_reporters (case_id, citizen_id, first_report_id)
        select r.case_id, r.citizen_id, r.id from recorded r
        on conflict (case_id, citizen_id) do nothing
        returning 1),
      joined_case as (
        -- One row version of the case: last_reported_at is an index key, so each version
        -- costs an entry in every index of cases.
        update cases
           set last_reported_at = greatest(last_reported_at, p_created_at),
               reporter_count = reporter_count + (select count(*) from reporter)
         where id = p_case_id and not p_is_primary),
      event as (
        insert into outbox (topic, payload, created_at)
        select 'report.received', jsonb_build_object(
                 'reportId', r.id, 'caseId', r.case_id, 'citizenId', r.citizen_id,
                 'isPrimary', r.is_primary, 'kind', r.kind, 'categoryCode', r.category_code,
                 'gridCode', r.grid_code, 'source', r.source),
               p_created_at
          from recorded r)
      select * into report from recorded;
      return report;
    end
    $$;

    drop function intake_report(bigint, text, text, text, text, float8, float8, text, float8, float8,
                                text, text, uuid[], timestamptz, bigint[], text[], text, float8,
                                timestamptz, text, bigint, timestamptz, int[]);

    -- The batch as migration 0019 describes it, each item what intake_report was: the same key
    -- from the same citizen replays the first report; otherwise the grid is found (outside every
    -- grid raises report.outside_service_area), the report joins the nearest open case of its
    -- category within the radius and window or founds one, and its photos are attached (each
    -- must be the citizen's own and unused, else report.photo_unavailable lists the others).
    create or replace function intake_reports(p_items jsonb)
    returns table (ord bigint, replayed boolean, case_status text, id bigint, case_id bigint,
                   citizen_id bigint, is_primary boolean, kind text, source text,
                   category_code text, lat float8, lng float8, coord_system text,
                   grid_code text, description text, address text, request_hash text,
                   created_at timestamptz, photos jsonb, timeline jsonb,
                   refused_state text, refused_message text, refused_detail text)
    language plpgsql
    -- Cached plans, not a new plan per call: with custom plans, planning the dedup search cost
    -- more than running it.
    set plan_cache_mode = force_generic_plan
    as $$
    #variable_conflict use_column
    declare
      -- The JSON read once, for the locks and the loop.
      items intake_item[] := array(select jsonb_populate_recordset(null::intake_item, p_items));
      item intake_item;
      n bigint := 0;
      report reports;
      grid grids;
      state text;
      was_replayed boolean;
      joined bigint;
      founded boolean;
      attached bigint;
      shown_photos jsonb;
      steps jsonb;
      missing text;
    begin
      -- Every lock of the batch, in ascending order, before any write: the idempotency keys
      -- (queueing concurrent retries of one submission) and the searched dedup cells (two
      -- reports whose search areas overlap share one). Each search below is a statement of its
      -- own, so its snapshot sees every case committed before the locks were granted.
      perform pg_advisory_xact_lock(keys.k)
         from (select hashtextextended('report-key:' || i.citizen_id || ':' || i.idempotency_key, 0)
                 from unnest(items) i
               union
               select unnest(i.cell_locks) from unnest(items) i) keys(k)
        order by keys.k;
      foreach item in array items loop
        n := n + 1;
        begin
          select * into report from reports r
           where r.citizen_id = item.citizen_id and r.idempotency_key = item.idempotency_key;
          was_replayed := found;
          if was_replayed then
            if report.request_hash <> item.request_hash then
              raise exception 'report.idempotency_key_reused';
            end if;
            select c.status into state from cases c where c.id = report.case_id;
            shown_photos := report_photos(report.id);
            founded := false;
          else
            select * into grid from grid_at(item.lat, item.lng);
            if not found then
              raise exception 'report.outside_service_area';
            end if;
            select near.id into joined
              from open_cases_near(item.category_code, item.cells, item.lat, item.lng,
                                   item.radius_m, item.since, 1) near;
            founded := joined is null;
            if not founded then
              select c.status into state from cases c
               where c.id = joined and c.status not in ('closed', 'rejected', 'voided')
                 for update;
              -- Finished between the search and the lock: this report founds a new case instead.
              founded := not found;
            end if;
            if founded then
              joined := found_case(item.category_code, item.lat, item.lng, item.h3_cell, grid.code,
                                   grid.street_code, item.now, item.clock_kind, item.limit_ms,
                                   item.due_at, item.assumed_years);
              state := 'pending_acceptance';
            end if;
            report := record_report_on_case(item.citizen_id, item.idempotency_key,
                                            item.request_hash, item.source, 'report', joined,
                                            founded, item.category_code, item.lat, item.lng,
                                            item.coord_system, item.client_lat, item.client_lng,
                                            grid.code, item.description, item.address, item.now);
            -- The photos must be the citizen's own and unused (a concurrent report of theirs
            -- may have taken one: its row lock makes this wait, then finds it attached). As
            -- report_photos shows them.
            with taken as (
              update photos p set report_id = report.id
               where p.id = any(item.photo_ids) and p.owner_citizen_id = item.citizen_id
                 and p.report_id is null
              returning p.id, p.taken_at, p.exif_lat, p.exif_lng, p.created_at)
            select count(*),
                   coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'takenAt', t.taken_at,
                                                         'exifLat', t.exif_lat, 'exifLng', t.exif_lng)
                                      order by t.created_at, t.id), '[]')
              into attached, shown_photos
              from taken t;
            if attached < cardinality(item.photo_ids) then
              select string_agg(wanted::text, ', ' order by w.n) into missing
                from unnest(item.photo_ids) with ordinality as w(wanted, n)
               where not exists (select from photos p where p.id = w.wanted and p.report_id = report.id);
              raise exception 'report.photo_unavailable' using detail = missing;
            end if;
          end if;
          -- The case's public steps, in the order feedback's listPublicProgress reads them.
          steps := case when founded then '[]'::jsonb
                        else (select coalesce(jsonb_agg(to_jsonb(p) order by p.at, p.event_id), '[]')
                                from case_public_progress p where p.case_id = report.case_id) end;
          return query select n, was_replayed, state, report.id, report.case_id, report.citizen_id,
            report.is_primary, report.kind, report.source, report.category_code, report.lat,
            report.lng, report.coord_system, report.grid_code, report.description, report.address,
            report.request_hash, report.created_at, shown_photos, steps,
            null::text, null::text, null::text;
        exception when others then
          -- refused_*: this function's own output columns.
          get stacked diagnostics refused_state = returned_sqlstate,
                                  refused_message = message_text,
                                  refused_detail = pg_exception_detail;
          return query select n, null::boolean, null::text, null::bigint, null::bigint,
            null::bigint, null::boolean, null::text, null::text, null::text, null::float8,
            null::float8, null::text, null::text, null::text, null::text, null::text,
            null::timestamptz, null::jsonb, null::jsonb,
            refused_state, refused_message, refused_detail;
        end;
      end loop;
    end
    $$;
  `.execute(db);
}
