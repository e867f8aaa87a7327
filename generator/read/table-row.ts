// One row of a field table: its cells looked up by column name, and the cells that must
// hold one of a few forms (type, length, mandatory) read with an error for anything else.

import type { DiagnosticBag, SourceLocation } from '../diagnostics.js';
import type { XsdType } from './schema-file.js';

/** The Type column's spellings, once an `xs:` or `xsd:` prefix is dropped and lowercased. */
const TYPES: ReadonlyMap<string, XsdType> = new Map([
  ['string', 'string'],
  ['int', 'int'],
  ['decimal', 'decimal'],
  ['datetime', 'dateTime'],
]);

/** The cells of one table row, looked up by column name. */
export class TableRow {
  constructor(
    private readonly cells: readonly string[],
    private readonly columns: ReadonlyMap<string, number>,
    readonly location: SourceLocation,
  ) {}

  /** The cell's text with Markdown escapes removed; undefined when empty or absent. */
  text(column: string): string | undefined {
    const index = this.columns.get(column);
    const cell = index === undefined ? undefined : this.cells[index];
    const text = cell === undefined ? '' : unescapeMarkdown(cell.trim());

    return text === '' ? undefined : text;
  }

  cellLocation(column: string): SourceLocation {
    const index = this.columns.get(column) ?? 0;
    const offset = this.cells.slice(0, index).reduce((sum, cell) => sum + cell.length + 1, 0);

    return { ...this.location, column: offset + 1 };
  }
}

/** The Type cell as an XSD type; an unknown type is an error. */
export function readTypeCell(row: TableRow, diagnostics: DiagnosticBag): XsdType | undefined {
  const raw = row.text('type');
  if (raw === undefined) return undefined;

  const type = TYPES.get(raw.replace(/^xsd?:/i, '').toLowerCase());
  if (type === undefined) {
    diagnostics.error(
      row.cellLocation('type'),
      `unknown type "${raw}"; supported: string, int, decimal, dateTime`,
    );
  }
  return type;
}

/** The Length cell as a whole number; anything else is an error. */
export function readLengthCell(row: TableRow, diagnostics: DiagnosticBag): number | undefined {
  const raw = row.text('length');
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);

  diagnostics.error(row.cellLocation('length'), `length "${raw}" is not a whole number`);
  return undefined;
}

/** The Mandatory cell: yes, no (or empty), or an error. */
export function readMandatoryCell(row: TableRow, diagnostics: DiagnosticBag): boolean {
  const raw = row.text('mandatory')?.toLowerCase();
  if (raw === undefined || ['no', 'false', '0', '-'].includes(raw)) return false;
  if (['yes', 'true', '1', 'x', 'mandatory', 'required'].includes(raw)) return true;

  diagnostics.error(
    row.cellLocation('mandatory'),
    `mandatory cell "${raw}" is neither yes nor no (leave it empty for no)`,
  );
  return false;
}

/** The text with the wiki export's Markdown escapes removed. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\_*`[\]#-])/g, '$1');
}

/** The text with HTML tags removed, trimmed. */
export function stripHtml(text: string): string {
  return text.replace(/<[^>]*>/g, '').trim();
}
