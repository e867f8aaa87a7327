// What reading one Directo XSD yields: its container, record, fields and child collections,
// each with where it was declared, before any merging with the field table.

import type { SourceLocation } from '../diagnostics.js';
import type { FieldNotes } from './field-notes.js';

/** The XSD simple types Directo uses, by local name. */
export type XsdType = 'string' | 'int' | 'decimal' | 'dateTime';

/** One `xsd:attribute`: a field of a record. */
export interface SchemaAttribute {
  readonly name: string;
  readonly sqlField: string;
  readonly type: XsdType;
  readonly isRequired: boolean;
  /** The comments after the attribute, exactly as written. */
  readonly comments: readonly string[];
  readonly notes: FieldNotes;
  readonly location: SourceLocation;
}

/** An `sql:relationship` joining a child table to its parent. */
export interface SchemaRelationship {
  readonly name: string;
  readonly parent: string;
  readonly parentKey: readonly string[];
  readonly child: string;
  readonly childKey: readonly string[];
  readonly location: SourceLocation;
}

/** A constant wrapper element holding the records of a child table. */
export interface SchemaCollection {
  readonly wrapperName: string;
  /** The wrapper's minOccurs is not 0, so a valid document always has it. */
  readonly isWrapperRequired: boolean;
  readonly record: SchemaRecord;
  readonly relationship: SchemaRelationship | undefined;
  readonly location: SourceLocation;
}

/** A record element: its fields and child collections, in schema order. */
export interface SchemaRecord {
  readonly elementName: string;
  readonly relation: string | undefined;
  readonly attributes: readonly SchemaAttribute[];
  readonly collections: readonly SchemaCollection[];
  readonly location: SourceLocation;
}

/** What one XSD file declares. */
export interface SchemaFile {
  readonly file: string;
  readonly containerName: string;
  readonly record: SchemaRecord;
  readonly location: SourceLocation;
}
