import type { TemplateRow } from './queries.js';

/** A template as every staff client gets it. */
export function presentTemplate(template: TemplateRow) {
  return {
    id: template.id,
    action: template.action,
    categoryCode: template.categoryCode,
    text: template.text,
    sortOrder: template.sortOrder,
  };
}
