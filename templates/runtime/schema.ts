// The shape of a component as the codecs need it at run time: which elements hold records,
// which attributes each record has, and the rules each value must follow. Generated code
// declares one of these per component; the parser, serializer and validator read it.

/** The XSD simple types Directo uses. */
export type FieldType = 'string' | 'int' | 'decimal' | 'dateTime';

/** One attribute of a record. */
export interface FieldSchema {
  readonly name: string;
  readonly type: FieldType;
  /** Maximum length in UTF-16 code units, as SQL Server counts nvarchar lengths. */
  readonly maxLength?: number;
  readonly isMandatory?: boolean;
  /** Every allowed value, when the schema lists them all. */
  readonly values?: readonly (string | number)[];
  /** Present in the put schema but never to be sent. */
  readonly isDoNotSend?: boolean;
}

/** A constant wrapper element holding child records: `<datafields><data/></datafields>`. */
export interface ChildSchema {
  readonly wrapper: string;
  /** The XSD requires the wrapper element, so it is written even when empty. */
  readonly isWrapperRequired: boolean;
  readonly record: RecordSchema;
}

/** A record element: its attributes and child collections, in schema order. */
export interface RecordSchema {
  readonly element: string;
  readonly fields: readonly FieldSchema[];
  readonly children: readonly ChildSchema[];
}

/** A whole document: the plural container and its records. */
export interface DocumentSchema {
  /** The container element, such as `contacts`. */
  readonly container: string;
  readonly record: RecordSchema;
}
