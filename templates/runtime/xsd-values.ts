// The lexical forms of the XSD types Directo's fields use: xsd:int is read to a number, and
// xsd:decimal and xsd:dateTime are checked and kept as the text they were written as.

import type { FieldType } from './schema.js';

/** xsd:int: an optional sign and digits, within 32 bits; of `text` from `from` to `to`. */
export function parseXsdInt(text: string, from = 0, to = text.length): number | undefined {
  const sign = text.charCodeAt(from) === 0x2d ? -1 : 1;
  const start = sign === -1 || text.charCodeAt(from) === 0x2b ? from + 1 : from;
  if (start >= to) return undefined;

  // Digits only, read as they go; leading zeros are allowed, as xsd:int allows them.
  let value = 0;
  for (let i = start; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  value *= sign;
  return value >= -2147483648 && value <= 2147483647 ? value + 0 : undefined;
}

// The form Directo writes, `2024-01-15T10:30:00`, checked without a regular expression or
// any allocation, since a get response holds one or two per record; undefined for any other
// form, which the full check reads.
function plainDateTime(text: string): boolean | undefined {
  if (text.length !== 19 || !isAt(text, 4, 0x2d) || !isAt(text, 7, 0x2d)) return undefined;
  if (!isAt(text, 10, 0x54) || !isAt(text, 13, 0x3a) || !isAt(text, 16, 0x3a)) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if ((year | month | day | hour | minute | second) < 0) return undefined;

  return fieldsInRange(year, month, day, hour, minute, second, true);
}

// Whether the character at `at` is `code`. The checks above call this rather than a closure
// made in each call: tools that keep function names (tsx, esbuild's keepNames) name every
// closure as it is made, which in a function run for every value costs more than the check.
function isAt(text: string, at: number, code: number): boolean {
  return text.charCodeAt(at) === code;
}

// Year, month, day, hour, minute and second in range; 24:00:00 only with a zero fraction.
function fieldsInRange(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  isFractionZero: boolean,
): boolean {
  const isMidnight = hour === 24 && minute === 0 && second === 0 && isFractionZero;

  return (
    year !== 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    (hour <= 23 || isMidnight) &&
    minute <= 59 &&
    second <= 59
  );
}

// The number written by `count` digits at `at`, or -1.
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const code = text.charCodeAt(i) - 0x30;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** True for the lexical form of xsd:decimal: digits with an optional sign and point. */
export function isXsdDecimal(text: string): boolean {
  return /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(text);
}

/**
 * True when `text` is written as its field type requires: xsd:decimal and xsd:dateTime are
 * checked here, xsd:int by parseXsdInt, and any text is a string.
 */
export function hasTypeSyntax(type: FieldType, text: string): boolean {
  if (type === 'decimal') return isXsdDecimal(text);

  return type !== 'dateTime' || isXsdDateTime(text);
}

// year-month-day, T, hours:minutes:seconds, optional fraction, optional zone.
const DATE_TIME = new RegExp(
  String.raw`^(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-([0-9]{2})-([0-9]{2})` +
    String.raw`T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$`,
);

/** True for the lexical form of xsd:dateTime, with its fields in range. */
export function isXsdDateTime(text: string): boolean {
  const plain = plainDateTime(text);
  if (plain !== undefined) return plain;
  const match = DATE_TIME.exec(text);
  if (match === null) return false;

  const field = (group: number) => Number(match[group]);
  const isFractionZero = !/[1-9]/.test(match[7] ?? '');
  const [year, month, day] = [field(1), field(2), field(3)];
  return (
    fieldsInRange(year, month, day, field(4), field(5), field(6), isFractionZero) &&
    isValidZone(match[8])
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;

  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidZone(zone: string | undefined): boolean {
  if (zone === undefined || zone === 'Z') return true;

  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return minutes <= 59 && (hours < 14 || (hours === 14 && minutes === 0));
}
