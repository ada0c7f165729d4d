import { sql, type Kysely } from 'kysely';

/**
 * Reports taken in batches (#3, intake throughput): one statement, one transaction and one WAL
 * flush for every report the API has waiting, instead of one each. A round trip and a commit
 * cost more CPU on our 2-core machines than most of the writes a report makes.
 *
 * `intake_reports` takes the batch as a JSON array of `intake_item`s and answers one row per
 * item, `ord` its place in the array. Each item runs `intake_report` of migration 0018 in its own
 * subtransaction, so a refused item (a rule raising P0001, or any other error) is answered with
 * its SQLSTATE, message and detail and leaves nothing behind, while the rest of the batch
 * commits. Every advisory lock of the batch (the idempotency keys and the dedup cells) is taken
 * first, in ascending order, the order 拆分 and 关注 take theirs in, so two batches never wait on
 * each other in a cycle; `intake_report` taking them again costs a lookup in the backend's own
 * lock table. Items of one batch see each other's writes: the first of twenty reports of one
 * new spot founds its case and the other nineteen join it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One report of a batch: intake_report's parameters as a row.
    create type intake_item as (
      citizen_id bigint, idempotency_key text, request_hash text, source text,
      category_code text, lat float8, lng float8, coord_system text, client_lat float8,
      client_lng float8, description text, address text, photo_ids uuid[], now timestamptz,
      cell_locks bigint[], cells text[], h3_cell text, radius_m float8, since timestamptz,
      clock_kind text, limit_ms bigint, due_at timestamptz, assumed_years int[]);

    create function intake_reports(p_items jsonb)
    returns table (ord bigint, replayed boolean, case_status text, id bigint, case_id bigint,
                   citizen_id bigint, is_primary boolean, kind text, source text,
                   category_code text, lat float8, lng float8, coord_system text,
                   grid_code text, description text, address text, request_hash text,
                   created_at timestamptz, photos jsonb, timeline jsonb,
                   refused_state text, refused_message text, refused_detail text)
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $$
    declare
      -- The JSON read once, for the locks and the loop.
      items intake_item[] := array(select jsonb_populate_recordset(null::intake_item, p_items));
      item record;
    begin
      perform pg_advisory_xact_lock(keys.k)
         from (select hashtextextended('report-key:' || i.citizen_id || ':' || i.idempotency_key, 0)
                 from unnest(items) i
               union
               select unnest(i.cell_locks) from unnest(items) i) keys(k)
        order by keys.k;
      for item in select * from unnest(items) with ordinality loop
        begin
          return query select item.ordinality, r.*, null::text, null::text, null::text
            from intake_report(item.citizen_id, item.idempotency_key, item.request_hash,
                               item.source, item.category_code, item.lat, item.lng,
                               item.coord_system, item.client_lat, item.client_lng,
                               item.description, item.address, item.photo_ids, item.now,
                               item.cell_locks, item.cells, item.h3_cell, item.radius_m,
                               item.since, item.clock_kind, item.limit_ms, item.due_at,
                               item.assumed_years) r;
        exception when others then
          -- refused_*: this function's own output columns.
          get stacked diagnostics refused_state = returned_sqlstate,
                                  refused_message = message_text,
                                  refused_detail = pg_exception_detail;
          return query select item.ordinality, null::boolean, null::text, null::bigint,
            null::bigint, null::bigint, null::boolean, null::text, null::text, null::text,
            null::float8, null::float8, null::text, null::text, null::text, null::text,
            null::text, null::timestamptz, null::jsonb, null::jsonb,
            refused_state, refused_message, refused_detail;
        end;
      end loop;
    end
    $$;
  `.execute(db);
}
