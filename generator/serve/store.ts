// The local server's records of one component, kept in memory in the shape a get returns
// them. A put record is carried over field by field: an input field goes to the output field
// with the same XML name, or else to the one with the same SQL name (customers call the VAT
// region `vatzone` in put and `vatregion` in get; both are SQL field `maa`).

import type { ComponentModel, Field, RecordType } from '../model/component-model.js';

/** A record as get returns it: values by output attribute name, child lists by wrapper. */
export type StoredRecord = Record<string, unknown>;

/** What happened to one record of a put, as Directo's result types say it. */
export interface PutOutcome {
  readonly type: number;
  readonly description: string;
  readonly docid?: string;
}

/** The first record's key for a component whose integer keys the server assigns. */
const FIRST_ASSIGNED_KEY = 100_001;
/** Keys are xsd:int, so none is assigned beyond this. */
const MAX_INT = 2_147_483_647;

/** Records of one component, by key, in the order first stored. */
export class ComponentStore {
  readonly keyField: Field | undefined;
  private readonly records = new Map<string, StoredRecord>();
  private nextKey = FIRST_ASSIGNED_KEY;
  private readonly toOutput: FieldMap | undefined;
  private source: { count: number; make: (n: number) => StoredRecord } | undefined;

  constructor(
    readonly model: ComponentModel,
    private readonly now: () => Date,
  ) {
    const output = model.output?.record;
    this.keyField = output?.fields.find((f) => f.wireName === 'code' || f.wireName === 'number');
    this.toOutput = output && model.input && fieldMap(model.input.record, output);
  }

  /**
   * Every record as it is now: those of the source first, then those stored, in the order
   * first stored. Puts made while an answer streams do not change what it holds.
   */
  *all(): Generator<StoredRecord> {
    const stored = [...this.records.values()];
    if (this.source !== undefined) {
      for (let n = 1; n <= this.source.count; n += 1) yield this.source.make(n);
    }
    yield* stored;
  }

  get size(): number {
    return this.records.size + (this.source?.count ?? 0);
  }

  /**
   * Serves `count` records made on demand before the stored ones, for answers larger than
   * memory (benchmarks, load tests). They are not keys for put, and cannot be changed.
   */
  useSource(count: number, make: (n: number) => StoredRecord): void {
    this.source = { count, make };
  }

  /** Adds records in get shape, such as those of a `--data` file, replacing equal keys. */
  load(records: readonly StoredRecord[]): void {
    for (const record of records) {
      const key = this.keyField && record[this.keyField.wireName];
      const id = key === undefined ? `#${this.records.size + 1}` : String(key);
      this.records.set(id, record);
      if (typeof key === 'number' && key >= this.nextKey) this.nextKey = key + 1;
    }
  }

  /** Stores one put record (already checked against the input schema). */
  put(input: StoredRecord, isUpdate: boolean): PutOutcome {
    const key = this.keyField;
    if (this.toOutput === undefined) {
      return { type: 9, description: 'this component cannot be stored: it has no get schema' };
    }
    if (key === undefined) {
      return { type: 9, description: 'this component cannot be stored: no code or number' };
    }
    const record = this.toOutput.convert(input);
    let value = record[key.wireName];
    if (value === undefined) {
      if (key.type !== 'int') return { type: 12, description: `missing ${key.wireName}` };
      if (this.nextKey > MAX_INT) return { type: 17, description: 'insert failed: no key left' };
      value = this.nextKey;
      this.nextKey += 1;
      record[key.wireName] = value;
    }

    const existing = this.records.get(String(value));
    if (existing !== undefined && !isUpdate) return { type: 11, description: 'duplicate' };
    if (existing !== undefined && isLocked(existing)) {
      return { type: 14, description: 'update not allowed: the record is closed or confirmed' };
    }
    if (typeof value === 'number' && value >= this.nextKey) this.nextKey = value + 1;
    this.stamp(record);
    this.records.delete(String(value));
    this.records.set(String(value), record);

    return { type: 0, description: 'OK', docid: String(value) };
  }

  private stamp(record: StoredRecord): void {
    if (!this.model.output?.record.fields.some((field) => field.wireName === 'ts')) return;
    record.ts = this.now().toISOString().slice(0, 19);
  }
}

// A closed contact or customer, or a confirmed document, can no longer be modified.
function isLocked(record: StoredRecord): boolean {
  return ['closed', 'confirmed'].some((name) => String(record[name] ?? '') === '1');
}

/** Carries a put record's values over to the get shape. */
interface FieldMap {
  convert(input: StoredRecord): StoredRecord;
}

function fieldMap(input: RecordType, output: RecordType): FieldMap {
  const fields: [string, string][] = [];
  for (const field of input.fields) {
    const target =
      output.fields.find((f) => f.wireName === field.wireName) ??
      output.fields.find((f) => f.sqlName === field.sqlName);
    if (target !== undefined && !field.isDoNotSend) fields.push([field.wireName, target.wireName]);
  }
  const children: [string, FieldMap][] = [];
  for (const child of input.children) {
    const target = output.children.find((c) => c.wrapperName === child.wrapperName);
    if (target !== undefined)
      children.push([child.wrapperName, fieldMap(child.record, target.record)]);
  }

  return {
    convert(record) {
      const result: StoredRecord = {};
      for (const [from, to] of fields) if (record[from] !== undefined) result[to] = record[from];
      for (const [wrapper, map] of children) {
        const items = (record[wrapper] ?? []) as StoredRecord[];
        result[wrapper] = items.map((item) => map.convert(item));
      }
      return result;
    },
  };
}
