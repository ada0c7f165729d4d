import type { CaseListQuery } from '../../../server/src/workflow/schemas.js';
import { api } from './client';
import type { ActionOutcome, CaseActionInput, CaseDetail, CaseSummary, GridDetail, NearbyCase, Page, PresentedPhoto } from './contract';

export type CaseFilter = Partial<CaseListQuery>;

export const listCases = (filter: CaseFilter) => api.get<Page & { cases: CaseSummary[] }>('/cases', { ...filter });

export const fetchCase = (id: number) => api.get<{ case: CaseDetail }>(`/cases/${id}`).then((body) => body.case);

/** One workflow step; the server's state machine and policy table decide, and say why not. */
export const actOnCase = (id: number, input: CaseActionInput) =>
  api.post<{ case: ActionOutcome }>(`/cases/${id}/actions`, input).then((body) => body.case);

/** An after-photo (or on-site photo) by staff; attached to the case by the action that names its id. */
export function uploadCasePhoto(file: Blob, filename: string) {
  const form = new FormData();
  form.append('file', file, filename);
  return api.upload<{ photo: PresentedPhoto }>('/photos', form).then((body) => body.photo);
}

/** Unfinished cases around this one, nearest first, to spot duplicates before 立案. */
export const fetchNearbyCases = (id: number, radiusM: number) =>
  api.get<{ radiusM: number; cases: NearbyCase[] }>(`/cases/${id}/nearby`, { radiusM }).then((body) => body.cases);

export const fetchGrid = (code: string) => api.get<{ grid: GridDetail }>(`/grids/${code}`).then((body) => body.grid);
