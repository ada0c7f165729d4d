import { api } from './client';
import type { CreateTemplateInput, Template, TemplateFilter, UpdateTemplateInput } from './contract';

export const fetchTemplates = (filter: TemplateFilter = {}) =>
  api.get<{ templates: Template[] }>('/templates', { ...filter }).then((body) => body.templates);
export const createTemplate = (input: CreateTemplateInput) => api.post<{ template: Template }>('/templates', input);
export const updateTemplate = (id: number, input: UpdateTemplateInput) => api.patch<{ template: Template }>(`/templates/${id}`, input);
export const deleteTemplate = (id: number) => api.delete<void>(`/templates/${id}`);
