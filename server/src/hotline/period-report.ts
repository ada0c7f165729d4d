/**
 * The hotline's 日报/周报/月报 (as Chongqing's 12319 publishes them): calls, answered rate,
 * abandoned calls, average wait and talk, tickets, their top categories and the satisfaction
 * callbacks, for a Beijing day, ISO week or month; also as an .xlsx workbook.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { writeWorkbook, type Sheet } from '../http/xlsx.js';
import { beijingDate, DAY_MS } from './beijing-time.js';
import { listCalls } from './queries.js';
import { presentCall, OUTCOME_LABELS } from './present.js';

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

export interface Period {
  kind: PeriodKind;
  /** 2025-11-23, 2025-W47 or 2025-11. */
  label: string;
  from: Date;
  to: Date;
}

function beijingMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The period named by `value`, or the one containing `now` when none is given. */
export function periodOf(kind: PeriodKind, value: string | undefined, now: Date): Period {
  if (kind === 'daily') {
    const label = value ?? beijingDate(now);
    const from = beijingMidnight(label);
    if (Number.isNaN(from.getTime()) || beijingDate(from) !== label) throw invalidPeriod('date', label);
    return { kind, label, from, to: new Date(from.getTime() + DAY_MS) };
  }
  if (kind === 'weekly') {
    const label = value ?? isoWeekOf(beijingDate(now));
    const [year, week] = label.split('-W').map(Number);
    const from = new Date(isoWeekOneMonday(year).getTime() + (week - 1) * 7 * DAY_MS);
    if (isoWeekOf(beijingDate(from)) !== label) throw invalidPeriod('week', label);
    return { kind, label, from, to: new Date(from.getTime() + 7 * DAY_MS) };
  }
  const label = value ?? beijingDate(now).slice(0, 7);
  const [year, month] = label.split('-').map(Number);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { kind, label, from: beijingMidnight(`${label}-01`), to: beijingMidnight(`${next}-01`) };
}

function invalidPeriod(field: string, value: string) {
  return AppError.badRequest('request.invalid', `${value} is not a ${field}`, [{ field, message: `no such ${field}: ${value}` }]);
}

/** Monday (Beijing midnight) of ISO week 1: the week holding 4 January. */
function isoWeekOneMonday(year: number): Date {
  const jan4 = beijingMidnight(`${year}-01-04`);
  const weekday = (new Date(`${year}-01-04T00:00:00Z`).getUTCDay() + 6) % 7;
  return new Date(jan4.getTime() - weekday * DAY_MS);
}

/** ISO week (2025-W47) of a calendar date. */
export function isoWeekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  // The week's Thursday decides its year.
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface PeriodReport {
  period: string;
  calls: number;
  answered: number;
  answeredRate: number | null;
  abandoned: number;
  averageWaitSeconds: number | null;
  averageTalkSeconds: number | null;
  ticketsCreated: number;
  topCategories: Array<{ code: string; name: string; count: number }>;
  callbacks: {
    done: number;
    unreachable: number;
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    satisfactionRate: number | null;
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const average = (value: unknown) => (value === null ? null : Math.round(Number(value) * 10) / 10);

/**
 * The figures of a period. A call counts in the period it started in; answered = served (a
 * ticket, a progress answer or an agent), abandoned = hung up before any of those; tickets by
 * creation, their categories once completed; callbacks by the time they finished.
 */
export async function buildPeriodReport(db: Executor, period: Period): Promise<PeriodReport> {
  const [calls, tickets, topCategories, callbacks] = await Promise.all([
    db
      .selectFrom('hotlineCalls')
      .select([
        sql<number>`count(*)`.as('calls'),
        sql<number>`count(*) filter (where outcome in ('ticket', 'query', 'agent'))`.as('answered'),
        sql<number>`count(*) filter (where outcome = 'abandoned')`.as('abandoned'),
        sql<number>`count(*) filter (where outcome is not null)`.as('ended'),
        sql<number | null>`avg(wait_seconds)`.as('averageWait'),
        sql<number | null>`avg(talk_seconds)`.as('averageTalk'),
      ])
      .where('startedAt', '>=', period.from)
      .where('startedAt', '<', period.to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('hotlineTickets')
      .select(sql<number>`count(*)`.as('count'))
      .where('createdAt', '>=', period.from)
      .where('createdAt', '<', period.to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('hotlineTickets')
      .innerJoin('reports', 'reports.id', 'hotlineTickets.reportId')
      .innerJoin('categories', 'categories.code', 'reports.categoryCode')
      .select(['categories.code', 'categories.name', sql<number>`count(*)`.as('count')])
      .where('hotlineTickets.createdAt', '>=', period.from)
      .where('hotlineTickets.createdAt', '<', period.to)
      .groupBy(['categories.code', 'categories.name'])
      .orderBy('count', 'desc')
      .orderBy('categories.code')
      .limit(10)
      .execute(),
    db
      .selectFrom('hotlineCallbacks')
      .select([
        sql<number>`count(*) filter (where status = 'done')`.as('done'),
        sql<number>`count(*) filter (where status = 'unreachable')`.as('unreachable'),
        sql<number>`count(*) filter (where rating = 'satisfied')`.as('satisfied'),
        sql<number>`count(*) filter (where rating = 'basically_satisfied')`.as('basicallySatisfied'),
        sql<number>`count(*) filter (where rating = 'dissatisfied')`.as('dissatisfied'),
      ])
      .where('finishedAt', '>=', period.from)
      .where('finishedAt', '<', period.to)
      .executeTakeFirstOrThrow(),
  ]);
  const rated = Number(callbacks.satisfied) + Number(callbacks.basicallySatisfied) + Number(callbacks.dissatisfied);
  return {
    period: period.label,
    calls: Number(calls.calls),
    answered: Number(calls.answered),
    answeredRate: ratio(Number(calls.answered), Number(calls.ended)),
    abandoned: Number(calls.abandoned),
    averageWaitSeconds: average(calls.averageWait),
    averageTalkSeconds: average(calls.averageTalk),
    ticketsCreated: Number(tickets.count),
    topCategories: topCategories.map((row) => ({ code: row.code, name: row.name, count: Number(row.count) })),
    callbacks: {
      done: Number(callbacks.done),
      unreachable: Number(callbacks.unreachable),
      satisfied: Number(callbacks.satisfied),
      basicallySatisfied: Number(callbacks.basicallySatisfied),
      dissatisfied: Number(callbacks.dissatisfied),
      satisfactionRate: ratio(Number(callbacks.satisfied) + Number(callbacks.basicallySatisfied), rated),
    },
  };
}

const KIND_TITLES: Record<PeriodKind, string> = { daily: '日报', weekly: '周报', monthly: '月报' };
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);

/** The report as a workbook: the figures, the top categories and, for a day, the call log. */
export async function periodReportWorkbook(db: Executor, period: Period): Promise<Buffer> {
  const report = await buildPeriodReport(db, period);
  const sheets: Sheet[] = [
    {
      name: `热线${KIND_TITLES[period.kind]}`,
      columns: [{ header: '指标', width: 20 }, { header: period.label, width: 16 }],
      rows: [
        ['来电总数', report.calls],
        ['接通（已服务）', report.answered],
        ['接通率', percent(report.answeredRate)],
        ['放弃呼叫', report.abandoned],
        ['平均等待(秒)', report.averageWaitSeconds],
        ['平均通话(秒)', report.averageTalkSeconds],
        ['新建工单', report.ticketsCreated],
        ['回访完成', report.callbacks.done],
        ['回访未接通', report.callbacks.unreachable],
        ['满意', report.callbacks.satisfied],
        ['基本满意', report.callbacks.basicallySatisfied],
        ['不满意', report.callbacks.dissatisfied],
        ['满意率', percent(report.callbacks.satisfactionRate)],
      ],
    },
    {
      name: '问题类别排行',
      columns: [{ header: '类别编码', text: true }, { header: '类别名称', width: 24 }, { header: '工单数' }],
      rows: report.topCategories.map((category) => [category.code, category.name, category.count]),
    },
  ];
  if (period.kind === 'daily') {
    const { rows } = await listCalls(db, period);
    sheets.push({
      name: '通话日志',
      columns: [
        { header: '开始时间', width: 20 },
        { header: '来电号码', width: 16, text: true },
        { header: '菜单路径' },
        { header: '结果' },
        { header: '等待(秒)' },
        { header: '通话(秒)' },
        { header: '坐席' },
      ],
      rows: rows.map(presentCall).map((call) => [
        call.startedAt,
        call.maskedNumber ?? '未显示号码',
        call.menuPath.join('>'),
        call.outcome ? OUTCOME_LABELS[call.outcome] : '通话中',
        call.waitSeconds,
        call.talkSeconds,
        call.agent,
      ]),
    });
  }
  return writeWorkbook(sheets);
}
