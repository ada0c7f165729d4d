import Joi from 'joi';

/** A page of a list: `page` counts from 1. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The query keys of every paged list; spread them into the list's joi schema. */
export const pageKeys = {
  page: Joi.number().integer().min(1).max(100_000).default(1),
  pageSize: Joi.number().integer().min(1).max(100).default(20),
};

export function pageOffset({ page, pageSize }: PageRequest): number {
  return (page - 1) * pageSize;
}
