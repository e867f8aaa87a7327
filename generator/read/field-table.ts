// Reads a component's field table: the Directo wiki page exported as text, or a plain
// tab-separated file pasted from it. The page is Markdown-like:
//
//   ## Output (get)            a direction heading; `Input (put)` starts the other one
//   ### Query (get)            the get filters: a `Parameter <tab> Description` table
//   ### Header                 record fields: `XML field <tab> SQL field <tab> Type …`
//   ### Extra fields           the fields of a child collection
//   ### Do not send:           a bullet list of fields never to send
//
// Empty cells are kept, so every row has as many cells as its header. A table that stands
// under no direction heading (a bare pasted table) is a put table when it has a Mandatory
// column and a get table when it has none, which is how the wiki itself tells them apart.

import type { SourceLocation } from '../diagnostics.js';
import type { DiagnosticBag } from '../diagnostics.js';
import { readDescriptionNotes, type FieldNotes } from './field-notes.js';
import { readInputText } from './input-text.js';
import {
  readLengthCell,
  readMandatoryCell,
  readTypeCell,
  stripHtml,
  TableRow,
  unescapeMarkdown,
} from './table-row.js';
import type { XsdType } from './schema-file.js';

/** Get (`output`, what Directo returns) or put (`input`, what it accepts). */
export type Direction = 'output' | 'input';

/** One row of a field table. */
export interface TableField {
  readonly xmlName: string;
  readonly sqlName: string | undefined;
  readonly type: XsdType | undefined;
  readonly length: number | undefined;
  readonly isMandatory: boolean;
  readonly label: string | undefined;
  readonly description: string | undefined;
  /** What the description cell says in the notes mini-language (value meanings and such). */
  readonly notes: FieldNotes;
  readonly location: SourceLocation;
}

/** The rows under one heading (`Header`, `Extra fields`, …) of one direction. */
export interface TableSection {
  readonly direction: Direction;
  readonly title: string;
  readonly fields: readonly TableField[];
  readonly location: SourceLocation;
}

/** A get filter or a field listed as "do not send": a name and what the page says of it. */
export interface TableEntry {
  readonly name: string;
  readonly description: string;
  readonly location: SourceLocation;
}

/** Everything read from one field table file. */
export interface FieldTable {
  readonly file: string;
  readonly what: string | undefined;
  readonly filters: readonly TableEntry[];
  readonly sections: readonly TableSection[];
  readonly doNotSend: readonly TableEntry[];
}

/** Query parameters that route the request rather than filter records. */
const ROUTING_PARAMETERS = new Set(['token', 'key', 'get', 'put', 'what']);

/** Reads a field table file; problems go to `diagnostics`. */
export async function readFieldTable(
  file: string,
  diagnostics: DiagnosticBag,
): Promise<FieldTable | undefined> {
  const text = await readInputText(file, diagnostics);
  if (text === undefined) return undefined;

  return parseFieldTable(file, text, diagnostics);
}

/** Parses field table text already in memory. */
export function parseFieldTable(
  file: string,
  text: string,
  diagnostics: DiagnosticBag,
): FieldTable {
  const parser = new TableParser(file, diagnostics);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((line, index) => parser.readLine(line.replace(/\r$/, ''), index + 1));

  return parser.result();
}

type TableKind = 'fields' | 'filters';

interface OpenTable {
  readonly kind: TableKind;
  readonly columns: ReadonlyMap<string, number>;
  readonly width: number;
  readonly headerLine: number;
  readonly section: MutableSection | undefined;
}

interface MutableSection {
  readonly direction: Direction;
  readonly title: string;
  readonly fields: TableField[];
  readonly location: SourceLocation;
}

class TableParser {
  private what: string | undefined;
  private direction: Direction | undefined;
  private section: string | undefined;
  private table: OpenTable | undefined;
  private readonly filters: TableEntry[] = [];
  private readonly sections: MutableSection[] = [];
  private readonly doNotSend: TableEntry[] = [];

  constructor(
    private readonly file: string,
    private readonly diagnostics: DiagnosticBag,
  ) {}

  result(): FieldTable {
    return {
      file: this.file,
      what: this.what,
      filters: this.filters,
      sections: this.sections,
      doNotSend: this.doNotSend,
    };
  }

  readLine(line: string, lineNumber: number): void {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading !== null) {
      this.table = undefined;
      this.readHeading(heading[1] ?? '', line.startsWith('# '));
      return;
    }
    if (line.trim() === '') {
      this.table = undefined;
      return;
    }

    if (this.table !== undefined) this.readRow(this.table, line, lineNumber);
    else if (line.includes('\t')) this.readTabbedLine(line, lineNumber);
    else if (this.section === 'do not send') this.readDoNotSend(line, lineNumber);
  }

  private readHeading(raw: string, isTopLevel: boolean): void {
    const title = unescapeMarkdown(raw.replace(/\*\*/g, '')).replace(/:\s*$/, '').trim();
    if (/\boutput\s*\(get\)/i.test(title)) this.startDirection('output');
    else if (/\binput\s*\(put\)/i.test(title)) this.startDirection('input');
    else if (/^do not send$/i.test(title)) this.section = 'do not send';
    else {
      if (isTopLevel) this.direction = undefined;
      this.section = title;
    }
  }

  private startDirection(direction: Direction): void {
    this.direction = direction;
    this.section = undefined;
  }

  private readTabbedLine(line: string, lineNumber: number): void {
    const cells = line.split('\t').map((cell) => cell.trim());
    const first = (cells[0] ?? '').toLowerCase();
    if (first === 'xml field') this.openTable('fields', cells, lineNumber);
    else if (first === 'parameter') this.openTable('filters', cells, lineNumber);
    else this.readMetadata(cells);
  }

  private readMetadata(cells: readonly string[]): void {
    const key = stripHtml(cells[0] ?? '').toLowerCase();
    if (key === 'what') this.what = stripHtml(cells[1] ?? '') || undefined;
  }

  private openTable(kind: TableKind, cells: readonly string[], lineNumber: number): void {
    const columns = new Map(cells.map((cell, index) => [cell.toLowerCase(), index] as const));
    const required = kind === 'fields' ? ['xml field', 'type'] : ['parameter'];
    const missing = required.filter((name) => !columns.has(name));
    if (missing.length > 0) {
      this.diagnostics.error(
        this.at(lineNumber, 1),
        `table header lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
      );
    }

    const section = kind === 'fields' ? this.sectionFor(columns, lineNumber) : undefined;
    this.table = { kind, columns, width: cells.length, headerLine: lineNumber, section };
  }

  private sectionFor(columns: ReadonlyMap<string, number>, lineNumber: number): MutableSection {
    const direction = this.direction ?? (columns.has('mandatory') ? 'input' : 'output');
    const title = this.section ?? 'Header';
    const existing = this.sections.find((s) => s.direction === direction && s.title === title);
    if (existing !== undefined) return existing;

    const section = { direction, title, fields: [], location: this.at(lineNumber, 1) };
    this.sections.push(section);
    return section;
  }

  private readRow(table: OpenTable, line: string, lineNumber: number): void {
    const cells = line.split('\t');
    if (cells.length !== table.width) {
      this.diagnostics.error(
        this.at(lineNumber, 1),
        `table row has ${cells.length} cell${cells.length === 1 ? '' : 's'}; ` +
          `its header (line ${table.headerLine}) has ${table.width}`,
      );
      return;
    }

    const row = new TableRow(cells, table.columns, this.at(lineNumber, 1));
    if (table.kind === 'filters') this.addFilter(row);
    else if (table.section !== undefined) this.addField(table.section, row);
  }

  private addFilter(row: TableRow): void {
    const name = row.text('parameter');
    if (name === undefined || ROUTING_PARAMETERS.has(name)) return;

    this.filters.push({ name, description: row.text('description') ?? '', location: row.location });
  }

  private addField(section: MutableSection, row: TableRow): void {
    const xmlName = row.text('xml field');
    if (xmlName === undefined) {
      this.diagnostics.error(row.location, 'table row has no XML field name');
      return;
    }
    const earlier = section.fields.find((field) => field.xmlName === xmlName);
    if (earlier !== undefined) {
      this.diagnostics.error(row.location, `field "${xmlName}" is listed twice`, earlier.location);
      return;
    }

    const description = row.text('description');
    section.fields.push({
      xmlName,
      sqlName: row.text('sql field'),
      type: readTypeCell(row, this.diagnostics),
      length: readLengthCell(row, this.diagnostics),
      isMandatory: readMandatoryCell(row, this.diagnostics),
      label: row.text('ui label'),
      description,
      notes: readDescriptionNotes(description ?? ''),
      location: row.location,
    });
  }

  private readDoNotSend(line: string, lineNumber: number): void {
    const item = /^\s*[-*]\s+(\S+)(?:\s+[-–—:]\s+(.*))?$/.exec(unescapeMarkdown(line));
    if (item === null) return;

    this.doNotSend.push({
      name: item[1] ?? '',
      description: (item[2] ?? '').trim(),
      location: this.at(lineNumber, 1),
    });
  }

  private at(line: number, column: number): SourceLocation {
    return { file: this.file, line, column };
  }
}
