// Checks records against their schema before anything is written or sent. Every issue is
// collected, each with the path of the value, so a caller can fix a whole batch at once.
// The checks assume nothing about the caller: plain JavaScript may pass any value.

import type { ValidationIssue, ValidationRule } from './errors.js';
import type { FieldSchema, RecordSchema } from './schema.js';
import { codePointLabel, findInvalidXmlChar } from './xml-text.js';
import { isXsdDateTime, isXsdDecimal } from './xsd-values.js';

/**
 * A copy of `records` taken by reading every value once, to validate and then write: what
 * is written is then exactly what was checked, even when a record hands out a different
 * value each time it is read (a getter, a proxy). Plain objects are copied, field values,
 * child lists and unknown properties alike; anything else is kept as it is, for the
 * validator to refuse.
 */
export function snapshotRecords(schema: RecordSchema, records: unknown): unknown {
  if (!Array.isArray(records)) return records;
  const copy: unknown[] = [];
  for (let index = 0; index < records.length; index += 1) {
    copy.push(snapshotRecord(schema, records[index] as unknown));
  }

  return copy;
}

function snapshotRecord(schema: RecordSchema, record: unknown): unknown {
  if (!isPlainObject(record)) return record;
  // Spreading reads each property once (getters, proxies) into plain data properties, quickly
  // for objects of one shape; a property named `__proto__` stays a property, to be refused.
  const copy: Record<string, unknown> = { ...record };
  for (const child of schema.children) {
    const items = copy[child.wrapper];
    if (items !== undefined) copy[child.wrapper] = snapshotRecords(child.record, items);
  }

  return copy;
}

/** Validates a list of records; paths start with `container[index]`. */
export function validateRecords(
  schema: RecordSchema,
  records: unknown,
  container: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(records)) {
    issues.push(issue(container, 'type', `expected an array of records, got ${describe(records)}`));
    return issues;
  }
  // A plain loop, so that a hole in a sparse array is reported rather than skipped.
  for (let index = 0; index < records.length; index += 1) {
    checkRecord(schema, records[index] as unknown, `${container}[${index}]`, issues);
  }

  return issues;
}

/** Validates one record; paths start with `path`. */
export function validateRecord(
  schema: RecordSchema,
  record: unknown,
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  checkRecord(schema, record, path, issues);

  return issues;
}

function checkRecord(
  schema: RecordSchema,
  record: unknown,
  path: string,
  issues: ValidationIssue[],
): void {
  if (!isPlainObject(record)) {
    issues.push(
      issue(path, 'type', `expected a ${schema.element} record, got ${describe(record)}`),
    );
    return;
  }

  const values = record as Readonly<Record<string, unknown>>;
  for (const field of schema.fields) {
    const value = values[field.name];
    // Paths are built only for issues: a valid batch of thousands allocates none.
    if (value !== undefined) checkField(field, value, path, issues);
    else if (field.isMandatory) {
      issues.push(issue(`${path}.${field.name}`, 'mandatory', 'is mandatory but missing'));
    }
  }
  for (const child of schema.children) {
    const value = values[child.wrapper];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      issues.push(
        issue(`${path}.${child.wrapper}`, 'type', `expected an array, got ${describe(value)}`),
      );
      continue;
    }
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index] as unknown;
      checkRecord(child.record, item, `${path}.${child.wrapper}[${index}]`, issues);
    }
  }
  checkUnknown(schema, values, path, issues);
}

function checkUnknown(
  schema: RecordSchema,
  values: Readonly<Record<string, unknown>>,
  path: string,
  issues: ValidationIssue[],
): void {
  const known = namesOf(schema);
  for (const name in values) {
    if (!Object.hasOwn(values, name) || values[name] === undefined) continue;
    const field = known.get(name);
    if (field === 'child') continue;
    if (field?.isDoNotSend) {
      issues.push(
        issue(
          `${path}.${name}`,
          'do-not-send',
          'is for Directo’s internal use and must not be sent',
        ),
      );
    } else if (field === undefined) {
      issues.push(
        issue(
          `${path}.${name}`,
          'unknown-field',
          `is not a field of ${schema.element}; Directo would ignore it`,
        ),
      );
    }
  }
}

const names = new WeakMap<RecordSchema, ReadonlyMap<string, FieldSchema | 'child'>>();

// The record's attribute and wrapper names, looked up once per schema.
function namesOf(schema: RecordSchema): ReadonlyMap<string, FieldSchema | 'child'> {
  let found = names.get(schema);
  if (found === undefined) {
    const entries: [string, FieldSchema | 'child'][] = [
      ...schema.fields.map((field): [string, FieldSchema] => [field.name, field]),
      ...schema.children.map((child): [string, 'child'] => [child.wrapper, 'child']),
    ];
    found = new Map(entries);
    names.set(schema, found);
  }
  return found;
}

function checkField(
  field: FieldSchema,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
): void {
  if (field.isDoNotSend) return;
  if (field.type === 'int') {
    checkInt(field, value, path, issues);
    return;
  }
  if (typeof value !== 'string') {
    issues.push(
      issue(
        at(path, field),
        'type',
        `expected a string (xsd:${field.type}), got ${describe(value)}`,
      ),
    );
    return;
  }

  checkText(field, value, path, issues);
  if (field.type === 'decimal' && !isXsdDecimal(value)) {
    issues.push(
      issue(
        at(path, field),
        'decimal',
        `${quote(value)} is not a decimal such as 150.00 (no exponent, dot as separator)`,
      ),
    );
  }
  if (field.type === 'dateTime' && !isXsdDateTime(value)) {
    issues.push(
      issue(
        at(path, field),
        'dateTime',
        `${quote(value)} is not a dateTime such as 2024-01-15T10:30:00`,
      ),
    );
  }
  if (field.values !== undefined && !field.values.includes(value)) {
    issues.push(
      issue(
        at(path, field),
        'enumeration',
        `${quote(value)} is not one of ${field.values.join(', ')}`,
      ),
    );
  }
}

function checkText(
  field: FieldSchema,
  value: string,
  path: string,
  issues: ValidationIssue[],
): void {
  if (field.isMandatory && value.trim() === '') {
    issues.push(issue(at(path, field), 'mandatory', 'is mandatory but empty'));
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    issues.push(
      issue(
        at(path, field),
        'length',
        `is ${value.length} characters long; at most ${field.maxLength} are allowed`,
      ),
    );
  }
  const bad = findInvalidXmlChar(value);
  if (bad !== -1) {
    issues.push(
      issue(
        at(path, field),
        'xml-char',
        `holds ${codePointLabel(value, bad)} at index ${bad}, which XML cannot carry`,
      ),
    );
  }
}

function checkInt(
  field: FieldSchema,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
): void {
  if (typeof value !== 'number') {
    issues.push(
      issue(at(path, field), 'type', `expected a number (xsd:int), got ${describe(value)}`),
    );
  } else if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
    issues.push(issue(at(path, field), 'int-range', `${value} is not a 32-bit integer`));
  } else if (field.values !== undefined && !field.values.includes(value)) {
    issues.push(
      issue(at(path, field), 'enumeration', `${value} is not one of ${field.values.join(', ')}`),
    );
  }
}

// A field's path, such as `contacts[3].email`, made only when there is an issue to report.
function at(path: string, field: FieldSchema): string {
  return `${path}.${field.name}`;
}

function issue(path: string, rule: ValidationRule, message: string): ValidationIssue {
  return { path, rule, message };
}

// A record is a plain object: a Map, a Date or a Promise (a forgotten `await`) would pass
// every field check as a record with no fields.
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Promise) return 'a Promise (is an await missing?)';
  if (typeof value === 'object' && !isPlainObject(value)) {
    // A class's getters live on its prototype, where copying own fields would miss them; a
    // record must be a plain object, such as a literal or parsed JSON.
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    const kind = typeof name === 'string' && name !== '' ? name : 'class';
    return `a ${kind} object (records are plain objects: literals or parsed JSON)`;
  }
  if (typeof value === 'string') return `the string ${quote(value)}`;

  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
