import { sql, type Kysely } from 'kysely';

/**
 * A report in one round trip to PostgreSQL (#3, intake throughput). On our 2-core machines a
 * round trip costs more CPU than the statement it carries (the socket write wakes the other
 * side), and a report took three or four: the grid lookup, `intake_report`, and its photos and
 * its case's public steps for the answer. Now `intake_report` finds the grid itself, through
 * `grid_at`, the one definition the grid lookup route also uses, and returns the report's
 * photos and its case's public steps with the report. Its statements
 * run on generic plans, and found_case's are cached too (pg_stat_statements showed every call
 * planning the dedup search and the case's insert anew).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The unit grid containing a WGS-84 point. The && test against the point's degenerate box is
    -- what the GiST index on boundary answers (the polygon opclass has no contains-point
    -- strategy); @> then checks the polygon exactly, edges included. A point on an edge shared
    -- by several grids belongs to the lowest code. Inlined where it is called.
    create function grid_at(p_lat float8, p_lng float8) returns setof grids
    language sql stable as $$
      select * from grids g
       where g.boundary && polygon(box(point(p_lng, p_lat), point(p_lng, p_lat)))
         and g.boundary @> point(p_lng, p_lat)
       order by g.code
       limit 1
    $$;

    -- A report's photos as its reporter sees them, oldest upload first.
    create function report_photos(p_report_id bigint) returns jsonb
    language sql stable as $$
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'takenAt', p.taken_at,
                                                   'exifLat', p.exif_lat, 'exifLng', p.exif_lng)
                                order by p.created_at, p.id), '[]')
        from photos p where p.report_id = p_report_id
    $$;

    -- found_case of migration 0014 as PL/pgSQL: a SQL function's body is parsed and planned on
    -- every call, a PL/pgSQL one's statements once per connection.
    create or replace function found_case(p_category_code text, p_lat float8, p_lng float8,
                                          p_h3_cell text, p_grid_code text, p_street_code text,
                                          p_now timestamptz, p_clock_kind text, p_limit_ms bigint,
                                          p_due_at timestamptz, p_assumed_years int[])
    returns bigint language plpgsql as $$
    declare
      founded bigint;
    begin
      insert into cases (category_code, status, lat, lng, h3_cell, grid_code, street_code,
                         opened_at, last_reported_at, due_at)
      values (p_category_code, 'pending_acceptance', p_lat, p_lng, p_h3_cell, p_grid_code,
              p_street_code, p_now, p_now, p_due_at)
      returning id into founded;
      insert into case_clocks (case_id, stage, kind, limit_ms, started_at, due_at, assumed_years)
      values (founded, 'accept', p_clock_kind, p_limit_ms, p_now, p_due_at, p_assumed_years);
      return founded;
    end
    $$;

    drop function intake_report(bigint, text, text, text, text, float8, float8, text, float8, float8,
                                text, text, text, text, uuid[], timestamptz, bigint[], text[],
                                text, float8, timestamptz, text, bigint, timestamptz, int[]);

    -- A citizen's report, in one transaction, as migration 0014 describes it; the grid is found
    -- here (outside every grid raises report.outside_service_area) and the photos come back.
    create function intake_report(p_citizen_id bigint, p_idempotency_key text,
                                  p_request_hash text, p_source text, p_category_code text,
                                  p_lat float8, p_lng float8, p_coord_system text,
                                  p_client_lat float8, p_client_lng float8,
                                  p_description text, p_address text,
                                  p_photo_ids uuid[], p_now timestamptz,
                                  p_cell_locks bigint[], p_cells text[], p_h3_cell text,
                                  p_radius_m float8, p_since timestamptz, p_clock_kind text,
                                  p_limit_ms bigint, p_due_at timestamptz, p_assumed_years int[])
    returns table (replayed boolean, case_status text, id bigint, case_id bigint,
                   citizen_id bigint, is_primary boolean, kind text, source text,
                   category_code text, lat float8, lng float8, coord_system text,
                   grid_code text, description text, address text, request_hash text,
                   created_at timestamptz, photos jsonb, timeline jsonb)
    language plpgsql
    -- Its statements' cached plans, not a new plan per call: with the custom plans PostgreSQL
    -- otherwise keeps choosing, planning the dedup search cost more than running it.
    set plan_cache_mode = force_generic_plan
    as $$
    #variable_conflict use_column
    declare
      report reports;
      grid grids;
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
        select * into grid from grid_at(p_lat, p_lng);
        if not found then
          raise exception 'report.outside_service_area';
        end if;
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
          joined := found_case(p_category_code, p_lat, p_lng, p_h3_cell, grid.code,
                               grid.street_code, p_now, p_clock_kind, p_limit_ms, p_due_at,
                               p_assumed_years);
          state := 'pending_acceptance';
        end if;

        report := record_report_on_case(p_citizen_id, p_idempotency_key, p_request_hash,
                                        p_source, 'report', joined, founded, p_category_code,
                                        p_lat, p_lng, p_coord_system, p_client_lat, p_client_lng,
                                        grid.code, p_description, p_address, p_now);
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
        report.request_hash, report.created_at, report_photos(report.id),
        -- The case's public steps, in the order feedback's listPublicProgress reads them.
        (select coalesce(jsonb_agg(to_jsonb(p) order by p.at, p.event_id), '[]')
           from case_public_progress p where p.case_id = report.case_id);
    end
    $$;
  `.execute(db);
}
