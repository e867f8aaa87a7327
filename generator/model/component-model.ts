// The typed model between reading and emitting: one component, its records for get (output)
// and put (input), their fields and child collections, with the schema files and the field
// table already merged. It holds plain data only, so every emitter can be tested on it.

import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import type { EnumerationValue, FieldLength } from '../read/field-notes.js';
import type { Direction } from '../read/field-table.js';
import type { XsdType } from '../read/schema-file.js';

export type { Direction, EnumerationValue, FieldLength, XsdType };

/** One field of a record: an XML attribute on the wire. */
export interface Field {
  /** The attribute name on the wire, never changed. */
  readonly wireName: string;
  readonly sqlName: string;
  readonly type: XsdType;
  readonly length: FieldLength | undefined;
  readonly label: string | undefined;
  readonly isMandatory: boolean;
  /** Documented values with their meanings. */
  readonly values: readonly EnumerationValue[];
  /**
   * True when `values` lists every allowed value, so the type narrows to them. A lone
   * documented value (`yes = 1`) explains that value without ruling out others.
   */
  readonly isEnumeration: boolean;
  /** Where Directo takes the value from when none is sent (`ALT.FROM:`). */
  readonly defaultSource: string | undefined;
  readonly isDoNotSend: boolean;
  /** Directo ignores the field when a record is modified. */
  readonly isUpdateLocked: boolean;
  readonly description: readonly string[];
  readonly location: SourceLocation;
  readonly tableLocation: SourceLocation | undefined;
}

/** A constant wrapper element (such as `datafields`) holding child records. */
export interface ChildCollection {
  readonly wrapperName: string;
  /** The schema requires the wrapper element, so put documents always carry it. */
  readonly isWrapperRequired: boolean;
  readonly record: RecordType;
  readonly relationship: Relationship | undefined;
  readonly location: SourceLocation;
}

/** How a child table joins its parent, from `sql:relationship`. */
export interface Relationship {
  readonly name: string;
  readonly parent: string;
  readonly parentKey: readonly string[];
  readonly child: string;
  readonly childKey: readonly string[];
}

/** A record element with its fields and child collections in schema order. */
export interface RecordType {
  readonly elementName: string;
  /** The TypeScript type emitted for this record in its direction. */
  readonly typeName: string;
  readonly relation: string | undefined;
  readonly fields: readonly Field[];
  readonly children: readonly ChildCollection[];
  readonly location: SourceLocation;
}

/** What one schema file declares for one direction. */
export interface DirectionModel {
  readonly direction: Direction;
  /** The schema file, relative to the schemas folder. */
  readonly source: string;
  readonly containerName: string;
  readonly record: RecordType;
}

/** A get filter. */
export interface QueryFilter {
  readonly name: string;
  readonly description: string;
  /** int filters take numbers; every other filter is sent as text. */
  readonly type: 'int' | 'string';
  readonly location: SourceLocation;
}

/** The TypeScript names derived for a component. */
export interface ComponentNames {
  /** `Contact`: the record type read by get. */
  readonly record: string;
  /** `ContactInput`: the record type sent by put. */
  readonly input: string;
  /** `ContactQuery`: the get filters. */
  readonly query: string;
  /** `Contacts`: the plural, from the container element. */
  readonly plural: string;
}

/** One Directo component, such as contacts (`what=contact`). */
export interface ComponentModel {
  /** The folder name under `schemas/` and `generated/`. */
  readonly name: string;
  /** The `what` request parameter. */
  readonly what: string;
  readonly names: ComponentNames;
  readonly output: DirectionModel | undefined;
  readonly input: DirectionModel | undefined;
  /** Undefined when no field table documents the filters. */
  readonly filters: readonly QueryFilter[] | undefined;
  /** Every input file, relative to the schemas folder, in a stable order. */
  readonly sources: readonly string[];
  /** Warnings and notes from the merge, paths relative like `sources`, for the reference. */
  readonly diagnostics: readonly Diagnostic[];
}
