// Builds a component's model from what was read: both schema files and the field table.
// The field-level rules live in merge-record.ts; this file names things and joins the parts.

import path from 'node:path';

import {
  compareDiagnostics,
  DiagnosticBag,
  displayPath,
  relativeDiagnostic,
} from '../diagnostics.js';
import type { ComponentFolder } from '../read/component-folder.js';
import type { Direction, FieldTable } from '../read/field-table.js';
import type { SchemaFile } from '../read/schema-file.js';
import { checkDirections } from './check-directions.js';
import type {
  ComponentModel,
  ComponentNames,
  DirectionModel,
  QueryFilter,
  RecordType,
} from './component-model.js';
import { mergeRecord } from './merge-record.js';
import { toPascalCase } from './names.js';

/** Everything read for one component. */
export interface ComponentSources {
  readonly folder: ComponentFolder;
  /** Paths in the model and its diagnostics are shown relative to this folder. */
  readonly baseDir: string;
  readonly output: SchemaFile | undefined;
  readonly input: SchemaFile | undefined;
  readonly table: FieldTable | undefined;
}

/** Merges one component's sources; warnings go to `diagnostics` and into the model. */
export function toComponentModel(
  sources: ComponentSources,
  diagnostics: DiagnosticBag,
): ComponentModel | undefined {
  const primary = sources.output ?? sources.input;
  if (primary === undefined) return undefined;

  const local = new DiagnosticBag();
  const names = componentNames(primary);
  const output = toDirectionModel(sources, 'output', names.record, local);
  const input = toDirectionModel(sources, 'input', names.input, local);
  if (output !== undefined && input !== undefined) {
    checkDirections(output.record, input.record, local);
  }
  reportTableWithoutSchema(sources, local);
  reportTypeNameClashes([output?.record, input?.record], local);
  diagnostics.items.push(...local.items);

  return {
    name: sources.folder.name,
    what: sources.folder.manifest.what ?? sources.table?.what ?? primary.record.elementName,
    names,
    output,
    input,
    // A field table without a filter table (a bare pasted put table, say) documents none.
    filters:
      sources.table && sources.table.filters.length > 0
        ? toFilters(sources.table, output?.record)
        : undefined,
    sources: sourceList(sources),
    diagnostics: local.items
      .map((diagnostic) => relativeDiagnostic(diagnostic, sources.baseDir))
      .sort(compareDiagnostics),
  };
}

function componentNames(primary: SchemaFile): ComponentNames {
  const record = toPascalCase(primary.record.elementName);

  return {
    record,
    input: `${record}Input`,
    query: `${record}Query`,
    plural: toPascalCase(primary.containerName),
  };
}

function toDirectionModel(
  sources: ComponentSources,
  direction: Direction,
  typeName: string,
  diagnostics: DiagnosticBag,
): DirectionModel | undefined {
  const schema = direction === 'output' ? sources.output : sources.input;
  if (schema === undefined) return undefined;

  const table = sources.table;
  const record = mergeRecord(
    schema.record,
    {
      typeName,
      prefix: toPascalCase(schema.record.elementName),
      suffix: direction === 'input' ? 'Input' : '',
      sections: table?.sections.filter((section) => section.direction === direction) ?? [],
      sectionAliases: sources.folder.manifest.sections ?? {},
      doNotSend: direction === 'input' ? (table?.doNotSend ?? []) : [],
    },
    diagnostics,
  );

  return {
    direction,
    source: displayPath(schema.file, sources.baseDir),
    containerName: schema.containerName,
    record,
  };
}

function reportTableWithoutSchema(sources: ComponentSources, diagnostics: DiagnosticBag): void {
  for (const section of sources.table?.sections ?? []) {
    const schema = section.direction === 'output' ? sources.output : sources.input;
    if (schema !== undefined) continue;
    const kind = section.direction === 'output' ? 'get (ws_*.xsd)' : 'put (xml_IN_*.xsd)';
    diagnostics.warning(
      section.location,
      `field table section "${section.title}" describes ${kind} but the component has no ` +
        'such schema; it is not used',
    );
  }
}

function reportTypeNameClashes(
  records: readonly (RecordType | undefined)[],
  diagnostics: DiagnosticBag,
): void {
  const seen = new Map<string, RecordType>();
  const visit = (record: RecordType) => {
    const earlier = seen.get(record.typeName);
    if (earlier !== undefined && earlier.elementName !== record.elementName) {
      diagnostics.error(
        record.location,
        `records <${earlier.elementName}> and <${record.elementName}> would both be ` +
          `named ${record.typeName}`,
        earlier.location,
      );
    }
    seen.set(record.typeName, record);
    record.children.forEach((child) => visit(child.record));
  };
  records.forEach((record) => record && visit(record));
}

function toFilters(table: FieldTable, output: RecordType | undefined): QueryFilter[] {
  return table.filters.map((filter) => {
    const field = output?.fields.find((candidate) => candidate.wireName === filter.name);
    return {
      name: filter.name,
      description: filter.description,
      type: field?.type === 'int' ? 'int' : 'string',
      location: filter.location,
    };
  });
}

function sourceList(sources: ComponentSources): string[] {
  const files = [sources.output?.file, sources.input?.file, sources.table?.file];

  return files
    .filter((file): file is string => file !== undefined)
    .map((file) => displayPath(path.resolve(file), sources.baseDir));
}
