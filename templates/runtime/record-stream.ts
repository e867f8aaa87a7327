// Splits a get response into one text fragment per record while it streams in, so that a
// response of any size is read with memory for one record at a time. Each fragment is then
// read by the same parser as a whole response; this file only finds where records start and
// end, checks the envelope around them (`<transport>`, the container) and the elements
// inside them against the schema as it goes, and keeps count of lines so that every error
// and every fragment has its place in the whole response.

import { DirectoParseError, excerptOf, type ParseErrorKind, type ParsePosition } from './errors.js';
import { LineCounter } from './line-counter.js';
import { envelopeChildren, type OpenElement, recordsOf, wrappersOf } from './nesting-rules.js';
import type { DocumentSchema } from './schema.js';
import {
  findTagEnd,
  firstNonSpace,
  isEndTag,
  isXmlSpace,
  markupProblem,
  startTagProblem,
} from './xml-text.js';

const ERROR_ROOTS = /^(results?|err|error)$/i;

/** The largest error answer kept whole (Directo's are a line long). */
const MAX_ERROR_ANSWER = 1 << 20;

/**
 * The longest record, or tag or comment between records, held while waiting for its end:
 * far beyond any real record, and it keeps a hostile answer from filling memory.
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

type Step = 'wait' | 'next';

/** The text of one record element, and where it starts in the response. */
export interface RecordFragment {
  readonly text: string;
  readonly start: ParsePosition;
}

/** Feeds text in, takes complete record fragments out. */
export class RecordSplitter {
  private buffer = '';
  private position = 0;
  private readonly open: string[] = [];
  private root: string | undefined;
  // What <transport> holds: the container or bare records, once the first is seen.
  private transportHolds: string | undefined;
  private isRootClosed = false;
  private recordStart = -1;
  private readonly inRecord: OpenElement[] = [];
  private isErrorAnswer = false;
  // Nothing but a byte order mark has been read: the XML declaration may come now only.
  private isAtStart = true;
  // Anything at all has been read, so a byte order mark is no longer allowed.
  private hasStarted = false;
  private fragments: RecordFragment[] = [];
  // Records completed so far, to name the one an error is in.
  private recordsRead = 0;
  private readonly lines = new LineCounter();
  // How far an unfinished tag, comment or declaration at `position` was already searched,
  // so that a long one arriving in many pieces is not searched again from its start.
  private searched: { at: number; to: number; quote: string } | undefined;

  private readonly schema: DocumentSchema;

  constructor(schema: DocumentSchema) {
    this.schema = schema;
  }

  /** Adds text; returns the records completed by it. */
  push(text: string): RecordFragment[] {
    this.buffer += text;
    this.fragments = [];
    if (this.isErrorAnswer) return this.keepErrorAnswer();

    while (this.step() === 'next') {
      this.searched = undefined;
      if (this.isErrorAnswer) return this.keepErrorAnswer();
    }
    this.compact();
    if (this.buffer.length > MAX_RECORD_CHARS) {
      const message = `a record or tag longer than ${MAX_RECORD_CHARS} characters`;
      this.fail('malformed', message, this.recordStart === -1 ? this.position : this.recordStart);
    }

    return this.fragments;
  }

  /**
   * Checks that the response ended where a response may end. For an error answer such as
   * `<result type="5" …/>`, returns its text so the caller can read it whole.
   */
  end(): string | undefined {
    if (this.isErrorAnswer) return this.buffer;
    const rest = this.buffer.slice(this.position);
    if (!isXmlSpace(rest)) this.fail('malformed', 'the response ends inside a tag', this.position);
    if (this.root === undefined) throw new DirectoParseError('malformed', 'the response is empty');
    if (!this.isRootClosed || this.recordStart !== -1) {
      const unclosed = [...this.open, ...this.inRecord.map((element) => element.name)];
      const shown = unclosed.slice(0, 5).join('>, <');
      const more = unclosed.length > 5 ? ` and ${unclosed.length - 5} more` : '';
      const message = `the response ends before these elements are closed: <${shown}>${more}`;
      this.fail('malformed', message, this.buffer.length);
    }

    return undefined;
  }

  private step(): Step {
    const lt = this.buffer.indexOf('<', this.position);
    const textEnd = lt === -1 ? this.buffer.length : lt;
    if (this.recordStart === -1) this.checkText(this.position, textEnd);
    if (lt === -1) {
      this.position = textEnd;
      return 'wait';
    }
    this.position = lt;

    return this.markup(lt);
  }

  private markup(lt: number): Step {
    const head = this.buffer.slice(lt, lt + 9);
    if (head.length < 2) return 'wait';
    this.hasStarted = true;
    if (head.startsWith('<?')) return this.skipTo(lt, '<?', '?>');
    if (head.startsWith('<!')) return this.declaration(lt, head);
    this.isAtStart = false;
    if (head.startsWith('</')) return this.endTag(lt);

    return this.startTag(lt);
  }

  private declaration(lt: number, head: string): Step {
    if ('<!--'.startsWith(head.slice(0, 4)) && head.length < 4) return 'wait';
    if (head.startsWith('<!--')) return this.skipTo(lt, '<!--', '-->');
    if (head.length < 9) return 'wait';
    if (head.startsWith('<!DOCTYPE')) {
      this.fail('doctype', 'the response declares a DOCTYPE, which is not accepted', lt);
    }
    if (head.startsWith('<![CDATA[') && this.recordStart !== -1) {
      return this.skipTo(lt, '<![CDATA[', ']]>');
    }

    return this.fail('unexpected-text', 'unexpected markup outside a record', lt);
  }

  // Past a comment, processing instruction or CDATA section. Comments and instructions are
  // checked here, wherever they are; CDATA, allowed only inside a record, is refused as text
  // by the record's parser.
  private skipTo(lt: number, opener: string, terminator: string): Step {
    const from = Math.max(lt + opener.length, this.resumeAt(lt) - terminator.length + 1);
    const end = this.buffer.indexOf(terminator, from);
    if (end === -1) return this.wait(lt, '');
    this.position = end + terminator.length;
    if (opener !== '<![CDATA[') this.checkMarkup(lt, this.buffer.slice(lt, this.position));

    return 'next';
  }

  private checkMarkup(lt: number, text: string): void {
    const problem = markupProblem(text, this.isAtStart);
    this.isAtStart = false;
    if (problem !== undefined) this.fail('malformed', `malformed XML: ${problem}`, lt);
  }

  private resumeAt(lt: number): number {
    return this.searched?.at === lt ? this.searched.to : lt;
  }

  private wait(lt: number, quote: string): Step {
    this.searched = { at: lt, to: this.buffer.length, quote };
    return 'wait';
  }

  private endTag(lt: number): Step {
    const gt = this.buffer.indexOf('>', Math.max(lt, this.resumeAt(lt)));
    if (gt === -1) return this.wait(lt, '');
    if (!isEndTag(this.buffer.slice(lt, gt + 1))) {
      this.fail('malformed', 'malformed XML: a malformed end tag', lt);
    }
    const name = this.buffer.slice(lt + 2, gt).trimEnd();
    this.position = gt + 1;

    const expected = this.recordStart === -1 ? this.open.pop() : this.inRecord.pop()?.name;
    if (expected !== name) {
      const message = `malformed XML: </${name}> where </${expected ?? '(nothing)'}> was expected`;
      this.fail('malformed', message, lt);
    }
    if (this.recordStart !== -1) {
      if (this.inRecord.length === 0) this.finishRecord(gt + 1);
      return 'next';
    }
    if (this.open.length === 0) this.isRootClosed = true;

    return 'next';
  }

  private startTag(lt: number): Step {
    const resumed = this.searched?.at === lt ? this.searched : undefined;
    const { end: gt, quote } = findTagEnd(this.buffer, resumed?.to ?? lt + 1, resumed?.quote);
    if (gt === -1) return this.wait(lt, quote);
    const isEmpty = this.buffer[gt - 1] === '/';
    const name = /^[^\s/>]+/.exec(this.buffer.slice(lt + 1, gt))?.[0] ?? '';
    this.position = gt + 1;

    if (this.recordStart !== -1) this.elementInRecord(name, lt, isEmpty);
    else this.envelopeElement(name, lt, gt, isEmpty);

    return 'next';
  }

  // Inside a record only its wrappers, and in them their records, may stand: anything else
  // is refused here, before the record is read, however deep it would nest.
  private elementInRecord(name: string, lt: number, isEmpty: boolean): void {
    const parent = this.inRecord.at(-1) as OpenElement;
    const rule = parent.allowed.get(name);
    if (rule === undefined) {
      const record = `<${this.schema.record.element}> number ${this.recordsRead + 1}`;
      const where =
        parent.name === this.schema.record.element ? record : `<${parent.name}> in ${record}`;
      this.fail('unexpected-element', `unexpected element <${name}> in ${where}`, lt);
    }
    if (isEmpty) return;
    const allowed = 'record' in rule ? wrappersOf(rule.record) : recordsOf(rule.wrapperOf);
    this.inRecord.push({ name, allowed });
  }

  private envelopeElement(name: string, lt: number, gt: number, isEmpty: boolean): void {
    const { container, record } = this.schema;
    if (this.root === undefined) {
      this.root = name;
      if (ERROR_ROOTS.test(name)) {
        this.isErrorAnswer = true;
        return;
      }
      if (![container, record.element, 'transport'].includes(name)) {
        const expected = `expected <transport>, <${container}> or <${record.element}>`;
        this.fail('unexpected-root', `${expected}, got <${name}>`, lt);
      }
    } else if (this.isRootClosed) {
      this.fail('malformed', 'malformed XML: a document has exactly one root element', lt);
    } else {
      this.checkNesting(name, lt);
    }
    // The envelope's attributes hold no record's fields and are not kept, but they must be
    // well-formed; a record's own tag is checked when the record is read.
    const problem =
      name === record.element ? undefined : startTagProblem(this.buffer.slice(lt, gt + 1));
    if (problem !== undefined) this.fail('malformed', `malformed XML: ${problem}`, lt);

    if (name === record.element) {
      this.recordStart = lt;
      if (!isEmpty) this.inRecord.push({ name, allowed: wrappersOf(record) });
      if (isEmpty) this.finishRecord(gt + 1);
      if (this.open.length === 0 && isEmpty) this.isRootClosed = true;
      return;
    }
    if (isEmpty) {
      if (this.open.length === 0) this.isRootClosed = true;
      return;
    }
    this.open.push(name);
  }

  // Only the container and records may stand in <transport>, and not both; only records in
  // the container.
  private checkNesting(name: string, lt: number): void {
    const parent = this.open.at(-1) ?? '';
    if (!envelopeChildren(this.schema, parent).includes(name)) {
      this.fail('unexpected-element', `unexpected element <${name}> in <${parent}>`, lt);
    }
    if (parent !== 'transport') return;
    this.transportHolds ??= name;
    if (this.transportHolds !== name) {
      const { container, record } = this.schema;
      const message = `<transport> holds both <${container}> and bare <${record.element}> elements`;
      this.fail('unexpected-element', message, lt);
    }
  }

  private finishRecord(end: number): void {
    const start = this.positionAt(this.recordStart);
    this.fragments.push({ text: this.buffer.slice(this.recordStart, end), start });
    this.recordsRead += 1;
    this.recordStart = -1;
    if (this.open.length === 0) this.isRootClosed = true;
  }

  // Only XML whitespace may stand between elements outside records, and one byte order
  // mark before everything else.
  private checkText(from: number, to: number): void {
    if (from === to) return;
    const hasMark = !this.hasStarted && this.buffer.charCodeAt(from) === 0xfeff;
    this.hasStarted = true;
    const start = hasMark ? from + 1 : from;
    const text = this.buffer.slice(start, to);
    if (text !== '') this.isAtStart = false;
    const offset = firstNonSpace(text);
    if (offset === -1) return;

    const at = start + offset;
    if (this.root === undefined) this.fail('malformed', 'the response is not XML', at);
    this.fail('unexpected-text', 'unexpected text outside a record', at);
  }

  private keepErrorAnswer(): RecordFragment[] {
    if (this.buffer.length > MAX_ERROR_ANSWER) {
      this.fail('malformed', 'an error answer longer than any Directo sends', 0);
    }

    return [];
  }

  private positionAt(index: number): ParsePosition {
    return this.lines.positionAt(this.buffer, index);
  }

  // Drops what has been read, keeping an unfinished record or tag.
  private compact(): void {
    const keep = this.recordStart === -1 ? this.position : this.recordStart;
    if (keep === 0) return;
    this.lines.drop(this.buffer, keep);
    this.buffer = this.buffer.slice(keep);
    this.position -= keep;
    if (this.recordStart !== -1) this.recordStart -= keep;
    if (this.searched !== undefined) {
      this.searched = {
        ...this.searched,
        at: this.searched.at - keep,
        to: this.searched.to - keep,
      };
    }
  }

  // Raises an error about the text at `index` of the buffer.
  private fail(kind: ParseErrorKind, message: string, index: number): never {
    const position = this.positionAt(index);
    const excerpt = index < this.buffer.length ? excerptOf(this.buffer, index) : undefined;

    throw new DirectoParseError(kind, message, { position, excerpt });
  }
}
