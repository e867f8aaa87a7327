// Reads the notes Directo keeps in XML comments after each attribute, and in the wiki's
// description cells. There is no grammar; these are the forms found in published files:
//
//   length: 32; UI|Kood|               a length, then the UI label between bars
//   255; UI|Objekt|   ; UI|Kaal|       a bare length, or none before the semicolon
//   4000 or infinite (slower); UI|…|   a length with a remark
//   32                                 a length alone
//   local = 0, EU = 1, export = 2      value meanings, label first …
//   0=service; 1=stock item            … or value first
//   ALT.FROM: tr.params                where Directo takes the default from
//   mandatory / do not send / cannot be updated, inside free text
//
// Anything that is not one of these is kept as description text, so nothing is dropped.

/** One documented value of a field and what it means. */
export interface EnumerationValue {
  /** The value exactly as written in the comment, e.g. `1`. */
  readonly value: string;
  readonly label: string;
}

/** The maximum length of a field's value in characters. */
export interface FieldLength {
  readonly max: number;
  /** Text that qualified the number, such as `or infinite (slower)`. */
  readonly remark?: string;
}

/** Everything the notes say about one field. */
export interface FieldNotes {
  readonly length?: FieldLength;
  readonly label?: string;
  readonly values: readonly EnumerationValue[];
  /** The `ALT.FROM:` source of the default value. */
  readonly defaultSource?: string;
  readonly isMandatory: boolean;
  readonly isDoNotSend: boolean;
  /** Directo ignores this field when a record is modified. */
  readonly isUpdateLocked: boolean;
  readonly description: readonly string[];
}

interface MutableNotes {
  length?: FieldLength;
  label?: string;
  values: EnumerationValue[];
  defaultSource?: string;
  isMandatory: boolean;
  isDoNotSend: boolean;
  isUpdateLocked: boolean;
  description: string[];
}

/** Reads the comments that follow one attribute, in order. */
export function readFieldNotes(comments: readonly string[]): FieldNotes {
  const notes: MutableNotes = {
    values: [],
    isMandatory: false,
    isDoNotSend: false,
    isUpdateLocked: false,
    description: [],
  };
  for (const comment of comments) readComment(comment.trim(), notes);

  return notes;
}

/** Reads a wiki description cell, which uses the same free-text forms as the comments. */
export function readDescriptionNotes(text: string): FieldNotes {
  const notes = readFieldNotes([]) as MutableNotes;
  readFreeText(text.trim(), notes);

  return notes;
}

function readComment(text: string, notes: MutableNotes): void {
  const labelled = /^(.*?)UI\|([^|]*)\|(.*)$/s.exec(text);
  if (labelled !== null) {
    readLengthPart(labelled[1] ?? '', notes);
    notes.label ??= cleanLabel(labelled[2] ?? '');
    readFreeText((labelled[3] ?? '').trim(), notes);
    return;
  }

  if (!readLengthPart(text, notes)) readFreeText(text, notes);
}

// Returns false when the text is not a length at all, so the caller can read it as prose.
function readLengthPart(text: string, notes: MutableNotes): boolean {
  const part = text.replace(/[\s;]+$/, '').trim();
  if (part === '') return true;

  const match = /^(?:length\s*:\s*)?(\d+)\s*(.*)$/is.exec(part);
  const remark = match?.[2]?.trim() ?? '';
  if (match === null || !(remark === '' || /^(or\b|\()[^=,;]*$/i.test(remark))) {
    if (/^length\s*:/i.test(part)) notes.description.push(part);
    else return false;
    return true;
  }

  notes.length ??= remark === '' ? { max: Number(match[1]) } : { max: Number(match[1]), remark };
  return true;
}

// Labels come with stray tabs and padding (`UI|A/a\t|`, `UI| |`); only the words are kept.
function cleanLabel(raw: string): string | undefined {
  const label = raw.replace(/\s+/g, ' ').trim();

  return label === '' ? undefined : label;
}

function readFreeText(text: string, notes: MutableNotes): void {
  if (text === '') return;

  for (const sentence of splitSentences(text)) {
    const values = readEnumeration(sentence);
    if (values !== undefined) {
      addValues(values, notes);
      continue;
    }
    if (!readKeywordClauses(sentence, notes)) notes.description.push(sentence);
  }
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

// Every clause must be a value mapping, or the sentence is prose that merely contains `=`.
function readEnumeration(sentence: string): EnumerationValue[] | undefined {
  const items = sentence
    .replace(/\.$/, '')
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const values = items.map(readEnumerationItem);
  if (values.length === 0 || values.some((value) => value === undefined)) return undefined;

  return values as EnumerationValue[];
}

function readEnumerationItem(item: string): EnumerationValue | undefined {
  const valueFirst = /^(-?\d+)\s*=\s*([^=]+)$/.exec(item);
  if (valueFirst !== null) {
    return { value: valueFirst[1] ?? '', label: (valueFirst[2] ?? '').trim() };
  }

  const labelFirst = /^([^=]+?)\s*=\s*(-?\d+)(?:\s+or\s+null)?$/i.exec(item);
  if (labelFirst !== null) {
    return { value: labelFirst[2] ?? '', label: (labelFirst[1] ?? '').trim() };
  }

  return undefined;
}

function addValues(values: readonly EnumerationValue[], notes: MutableNotes): void {
  for (const value of values) {
    if (!notes.values.some((known) => known.value === value.value)) notes.values.push(value);
  }
}

// Returns true when every clause was a keyword, so the sentence carries no prose of its own.
function readKeywordClauses(sentence: string, notes: MutableNotes): boolean {
  const clauses = sentence
    .replace(/[.!]$/, '')
    .split(/[;,]/)
    .map((clause) => clause.trim());
  let isAllKeywords = true;
  for (const clause of clauses) {
    if (!readKeywordClause(clause, notes)) isAllKeywords = false;
  }

  return isAllKeywords;
}

function readKeywordClause(clause: string, notes: MutableNotes): boolean {
  const alternative = /^ALT\.FROM\s*:\s*(.+)$/i.exec(clause);
  if (alternative !== null) {
    notes.defaultSource ??= (alternative[1] ?? '').trim();
    return true;
  }
  if (/\bdo not send\b/i.test(clause)) notes.isDoNotSend = true;
  if (/^mandatory$/i.test(clause)) {
    notes.isMandatory = true;
    return true;
  }
  if (/^cannot be updated$/i.test(clause)) {
    notes.isUpdateLocked = true;
    return true;
  }

  return clause === '';
}
