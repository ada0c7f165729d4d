/** Administration: staff accounts, the audit log, the statutory calendar, taxonomy and dispatch rules. */
import { api, type QueryValue } from './client';
import type {
  AuditEntry,
  CalendarWarnings,
  CalendarYear,
  CalendarYearDetail,
  CalendarYearEntry,
  Category,
  CreateStaffInput,
  Department,
  DispatchRule,
  Page,
  StaffAccount,
  UpdateCategoryInput,
  UpdateStaffInput,
} from './contract';

export const listStaff = (query: Record<string, QueryValue>) => api.get<Page & { staff: StaffAccount[] }>('/staff', query);
export const createStaff = (input: CreateStaffInput) => api.post<{ staff: StaffAccount }>('/staff', input);
export const updateStaff = (id: number, input: UpdateStaffInput) => api.patch<{ staff: StaffAccount }>(`/staff/${id}`, input);
export const unlockStaff = (id: number) => api.post<{ staff: StaffAccount }>(`/staff/${id}/unlock`);

export const searchAuditLog = (query: Record<string, QueryValue>) => api.get<Page & { entries: AuditEntry[] }>('/audit-log', query);

export const listCalendarYears = () => api.get<{ years: CalendarYear[] }>('/calendar/years').then((body) => body.years);
export const fetchCalendarYear = (year: number) => api.get<{ year: CalendarYearDetail }>(`/calendar/years/${year}`).then((body) => body.year);
export const saveCalendarYear = (year: number, entry: Omit<CalendarYearEntry, 'year'>) =>
  api.put<{ year: CalendarYearDetail }>(`/calendar/years/${year}`, entry).then((body) => body.year);
export const fetchCalendarWarnings = () => api.get<CalendarWarnings>('/calendar/warnings');

export const updateCategory = (code: string, input: UpdateCategoryInput) => api.patch<{ category: Category }>(`/categories/${code}`, input);
export const updateDepartment = (code: string, name: string) => api.patch<{ department: Department }>(`/departments/${code}`, { name });

export const listDispatchRules = () => api.get<{ rules: DispatchRule[] }>('/dispatch-rules').then((body) => body.rules);
export const setDispatchRule = (categoryCode: string, streetCode: string, departmentCode: string) =>
  api.put<{ rule: DispatchRule }>(`/dispatch-rules/${categoryCode}/${streetCode}`, { departmentCode });
export const removeDispatchRule = (categoryCode: string, streetCode: string) => api.delete<void>(`/dispatch-rules/${categoryCode}/${streetCode}`);
