// The routing parameters of a get, read from a typed query. Every filter is checked against
// the component's documented filters before anything is sent, and every problem is listed.

import type { ValidationIssue } from './errors.js';
import { findInvalidXmlChar } from './xml-text.js';

/** A documented get filter: its name, and the type of value it takes. */
export interface GetFilter {
  readonly name: string;
  readonly type: 'int' | 'string';
}

/** A get's routing parameters, or the issues that keep it from being sent. */
export interface GetQuery {
  readonly routing: Record<string, string>;
  readonly issues: readonly ValidationIssue[];
}

/**
 * The routing of a get of `what` filtered by `query`. With `filters` absent, any filter
 * name but the routing parameters' is passed on, as long as its value is a string.
 */
export function readGetQuery(
  what: string,
  filters: readonly GetFilter[] | undefined,
  query: unknown,
): GetQuery {
  const routing: Record<string, string> = { get: '1', what };
  const issues: ValidationIssue[] = [];
  if (query !== undefined && (typeof query !== 'object' || query === null)) {
    issues.push({ path: 'query', rule: 'type', message: 'the query must be an object' });
  }
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const issue = filterIssue(filters, name, value);
    if (issue !== undefined) issues.push(issue);
    else routing[name] = String(value);
  }

  return { routing, issues };
}

// The parameters that route a request rather than filter it, set by the client alone. The
// service reads parameter names without regard to case, so neither `what` nor `What` may
// come from a query, where it could turn a get of one component into another, or a put.
const ROUTING = new Set(['get', 'put', 'what', 'token', 'key', 'xmldata', 'xd_update']);

function filterIssue(
  filters: readonly GetFilter[] | undefined,
  name: string,
  value: unknown,
): ValidationIssue | undefined {
  const filter = filters?.find((known) => known.name === name);
  const path = `query.${name}`;
  if (ROUTING.has(name.toLowerCase())) {
    return { path, rule: 'unknown-field', message: 'routes the request; the client sets it' };
  }
  if (filters !== undefined && filter === undefined) {
    const known = filters.map((f) => f.name).join(', ');
    return { path, rule: 'unknown-field', message: `no such filter; known: ${known}` };
  }
  if (filter?.type === 'int' ? !isInt32(value) : typeof value !== 'string') {
    const expected = filter?.type === 'int' ? 'a 32-bit integer (xsd:int)' : 'a string';
    return { path, rule: 'type', message: `expected ${expected}` };
  }
  if (typeof value === 'string' && findInvalidXmlChar(value) !== -1) {
    return { path, rule: 'xml-char', message: 'holds a character XML cannot carry' };
  }

  return undefined;
}

function isInt32(value: unknown): boolean {
  return (
    Number.isInteger(value) && (value as number) >= -2147483648 && (value as number) <= 2147483647
  );
}
