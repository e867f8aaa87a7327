// What the local server writes back: Directo's answers, and the rules for the get filters.
// The markup follows what integrators have seen from Directo itself.

import { escapeAttribute } from '../../templates/runtime/xml-text.js';
import type { PutOutcome, StoredRecord } from './store.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A missing token. */
export const TOKEN_REQUIRED = `${DECLARATION}<err>token required</err>`;

/** A token the server does not know. */
export const UNAUTHORIZED = `${DECLARATION}<result type="5" desc="Unauthorized"/>`;

/** Routing parameters not in the query string, or naming no known component. */
export const INVALID_URL = `${DECLARATION}<result type="404" desc="Invalid url given"/>`;

/** An `<err>` answer with a message of the server's own. */
export function errorAnswer(message: string): string {
  return `${DECLARATION}<err>${escapeText(message)}</err>`;
}

/** A put answer: one `<Result>` per record, in order. */
export function putAnswer(outcomes: readonly PutOutcome[], doctype: string): string {
  const results = outcomes.map((outcome) => {
    const id = outcome.docid === undefined ? '' : ` docid="${escapeAttribute(outcome.docid)}"`;
    const type = outcome.type === 0 || outcome.type === 30 ? ` doctype="${doctype}"` : '';
    const desc = escapeAttribute(outcome.description);
    return `<Result Type="${outcome.type}" Desc="${desc}"${id}${type}/>`;
  });

  return `${DECLARATION}<results>\n${results.join('\n')}\n</results>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The `ts` filter as a zone-less `YYYY-MM-DDTHH:MM:SS`, comparable as text with stored
 * values. Accepted: `d.m.yyyy` (the wiki's form), `yyyy-mm-dd`, each optionally followed by a
 * time `H:MM[:SS]`, and ISO `yyyy-mm-ddTHH:MM:SS`. A time zone is refused: Directo's times
 * carry none, and converting would shift them.
 */
export function parseTs(text: string): string | undefined {
  const time = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?`;
  const dotted = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${time}$`).exec(text);
  const dashed = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${time}$`).exec(text);
  const parts = dotted
    ? [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6]]
    : dashed?.slice(1, 7);
  if (parts === undefined) return undefined;

  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(2000, (month ?? 1) - 1, day ?? 0, hour, minute, second));
  date.setUTCFullYear(year ?? 0); // Date.UTC would read years 0 to 99 as 1900 to 1999
  const isReal =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    (minute ?? 0) < 60 &&
    (second ?? 0) < 60;

  return isReal ? date.toISOString().slice(0, 19) : undefined;
}

/** A get filter: `ts` keeps records changed at or after it; others match a value exactly. */
export type RecordFilter = (record: StoredRecord) => boolean;

/** The filter for one query parameter. */
export function filterFor(name: string, value: string): RecordFilter | string {
  if (name !== 'ts') return (record) => valueText(record[name]) === value;

  const since = parseTs(value);
  if (since === undefined) {
    return `invalid ts "${value}": use d.m.yyyy, yyyy-mm-dd or yyyy-mm-ddTHH:MM:SS, no zone`;
  }
  return (record) => {
    const ts = valueText(record.ts);
    return ts !== undefined && ts.slice(0, 19) >= since;
  };
}

function valueText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
