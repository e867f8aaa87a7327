// Emits a component's Markdown reference from the handlebars template in `templates/`.
// The template decides the layout; this file builds the plain view it is rendered with.

import { readFile } from 'node:fs/promises';

import Handlebars from 'handlebars';

import { formatDiagnostic } from '../diagnostics.js';
import type {
  ComponentModel,
  DirectionModel,
  Field,
  RecordType,
} from '../model/component-model.js';
import { describeRemarks, describeType, describeValues } from './field-docs.js';
import { fieldType } from './emit-types.js';
import { markdownBanner } from './generated-file.js';

/** A compiled template: view in, Markdown out. */
export type ReadmeRenderer = (view: ReadmeView) => string;

/** What the component reference template is rendered with. */
export interface ReadmeView {
  readonly banner: string;
  readonly model: ComponentModel;
  readonly directions: readonly DirectionView[];
  readonly diagnostics: readonly string[];
}

interface DirectionView {
  readonly title: string;
  readonly source: string;
  readonly records: readonly RecordView[];
}

interface RecordView {
  readonly typeName: string;
  readonly path: string;
  readonly relation: string;
  readonly fields: readonly FieldView[];
  readonly children: readonly string[];
}

interface FieldView {
  readonly name: string;
  readonly sqlName: string;
  readonly tsType: string;
  readonly type: string;
  readonly mandatory: string;
  readonly label: string;
  readonly notes: string;
}

/** Loads and compiles the reference template. */
export async function loadReadmeRenderer(templateFile: string): Promise<ReadmeRenderer> {
  const source = await readFile(templateFile, 'utf8');
  const instance = Handlebars.create();
  instance.registerHelper('cell', (text: unknown) => markdownCell(String(text ?? '')));

  return instance.compile<ReadmeView>(source, { noEscape: true, strict: true });
}

/** Renders the reference of one component. */
export function emitReadme(model: ComponentModel, render: ReadmeRenderer): string {
  const view: ReadmeView = {
    banner: markdownBanner(model.sources),
    model,
    directions: [model.output, model.input]
      .filter((direction): direction is DirectionModel => direction !== undefined)
      .map((direction) => toDirectionView(model, direction)),
    diagnostics: model.diagnostics.map((diagnostic) => formatDiagnostic(diagnostic)),
  };

  return render(view);
}

function toDirectionView(model: ComponentModel, direction: DirectionModel): DirectionView {
  const isInput = direction.direction === 'input';
  const records: RecordView[] = [];
  const visit = (record: RecordType, path: string) => {
    records.push(toRecordView(record, path, isInput));
    for (const child of record.children) {
      visit(child.record, `${path}/${child.wrapperName}/${child.record.elementName}`);
    }
  };
  visit(direction.record, `${direction.containerName}/${direction.record.elementName}`);

  return {
    title: isInput ? `Put (\`put=1&what=${model.what}\`)` : `Get (\`get=1&what=${model.what}\`)`,
    source: direction.source,
    records,
  };
}

function toRecordView(record: RecordType, path: string, isInput: boolean): RecordView {
  return {
    typeName: record.typeName,
    path,
    relation: record.relation ?? '',
    fields: record.fields.map((field) => toFieldView(field, isInput)),
    children: record.children.map((child) => `${child.wrapperName}: ${child.record.typeName}[]`),
  };
}

function toFieldView(field: Field, isInput: boolean): FieldView {
  const notes = [describeValues(field), ...describeRemarks(field), ...field.description];

  return {
    name: field.wireName,
    sqlName: field.sqlName,
    tsType: isInput && field.isDoNotSend ? '(not in the type)' : fieldType(field),
    type: describeType(field),
    mandatory: field.isMandatory ? 'yes' : '',
    label: field.label ?? '',
    notes: notes.filter((note) => note !== undefined).join('; '),
  };
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
