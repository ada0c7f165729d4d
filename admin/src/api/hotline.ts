/** The hotline console's calls to /api/v1/hotline (agents; supervisors and admins read). */
import { api, downloadFile, fetchBlob } from './client';
import type { ActiveCall, CompletedTicket, CompleteTicketInput, GridLookup, HotlineCall, HotlinePlace, HotlineReport, HotlineTicket, Page, StaffTicketInput } from './contract';
import type { Datum, LatLng } from '../map/projection';

export type ReportKind = 'daily' | 'weekly' | 'monthly';
/** The query key naming each kind's period: ?date=2025-11-23, ?week=2025-W47, ?month=2025-11. */
export const PERIOD_KEYS: Record<ReportKind, 'date' | 'week' | 'month'> = { daily: 'date', weekly: 'week', monthly: 'month' };

export const fetchActiveCalls = () => api.get<{ calls: ActiveCall[] }>('/hotline/calls/active').then((body) => body.calls);

export const fetchCallLog = (date: string, page: number) =>
  api.get<Page & { date: string; calls: HotlineCall[] }>('/hotline/calls', { date, page, pageSize: 20 });

export const fetchTickets = (status: 'open' | 'completed', page: number) =>
  api.get<Page & { tickets: HotlineTicket[] }>('/hotline/tickets', { status, page, pageSize: 10 });

export const createTicket = (input: StaffTicketInput) => api.post<{ ticket: HotlineTicket }>('/hotline/tickets', input).then((body) => body.ticket);

export const completeTicket = (id: number, input: CompleteTicketInput) => api.post<CompletedTicket>(`/hotline/tickets/${id}/complete`, input);

/** The caller's number in clear; the server audits every reveal. */
export const revealPhone = (citizenId: number) => api.post<{ citizenId: number; phone: string }>(`/hotline/citizens/${citizenId}/phone`).then((body) => body.phone);

export const searchPlaces = (q: string) => api.get<{ places: HotlinePlace[] }>('/hotline/places', { q }).then((body) => body.places);

/** The unit grid (and WGS-84 point) of a place picked on the map, in the map's datum. */
export const locatePoint = ({ lat, lng }: LatLng, coordSystem: Datum) => api.get<GridLookup>('/grids/lookup', { lat, lng, coordSystem });

/** A recording is personal data: fetched with the bearer token, played from a blob URL. */
export const fetchRecording = (url: string) => fetchBlob(url.replace(/^\/api\/v1/, ''));

export const fetchHotlineReport = (kind: ReportKind, period: string) => api.get<HotlineReport>(`/hotline/reports/${kind}`, { [PERIOD_KEYS[kind]]: period });

export const downloadHotlineReport = (kind: ReportKind, period: string) =>
  downloadFile(`/hotline/reports/${kind}.xlsx`, `热线${{ daily: '日报', weekly: '周报', monthly: '月报' }[kind]}-${period}.xlsx`, { [PERIOD_KEYS[kind]]: period });
