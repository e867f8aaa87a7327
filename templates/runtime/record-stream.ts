// Splits a get response into one text fragment per record while it streams in, so that a
// response of any size is read with memory for one record at a time. Each fragment is then
// read by the same parser as a whole response; this file only finds where records start and
// end, and checks the envelope around them (`<transport>`, the container) as it goes.

import { DirectoParseError, excerptOf } from './errors.js';
import type { DocumentSchema } from './schema.js';

const ERROR_ROOTS = /^(results?|err|error)$/i;

/** The largest error answer kept whole (Directo's are a line long). */
const MAX_ERROR_ANSWER = 1 << 20;

/**
 * The longest record, or tag or comment between records, held while waiting for its end:
 * far beyond any real record, and it keeps a hostile answer from filling memory.
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

type Step = 'wait' | 'next';

/** Feeds text in, takes complete record fragments out. */
export class RecordSplitter {
  private buffer = '';
  private position = 0;
  private readonly open: string[] = [];
  private root: string | undefined;
  private isRootClosed = false;
  private recordStart = -1;
  private recordDepth = 0;
  private isErrorAnswer = false;
  private fragments: string[] = [];
  // How far an unfinished tag, comment or declaration at `position` was already searched,
  // so that a long one arriving in many pieces is not searched again from its start.
  private searched: { at: number; to: number; quote: string } | undefined;

  constructor(private readonly schema: DocumentSchema) {}

  /** Adds text; returns the records completed by it. */
  push(text: string): string[] {
    this.buffer += text;
    this.fragments = [];
    if (this.isErrorAnswer) return this.keepErrorAnswer();

    while (this.step() === 'next') {
      this.searched = undefined;
      if (this.isErrorAnswer) return this.keepErrorAnswer();
    }
    this.compact();
    if (this.buffer.length > MAX_RECORD_CHARS) {
      this.fail('malformed', `a record or tag longer than ${MAX_RECORD_CHARS} characters`);
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
    if (rest.trim() !== '') this.fail('malformed', 'the response ends inside a tag', rest);
    if (this.root === undefined) throw new DirectoParseError('malformed', 'the response is empty');
    if (!this.isRootClosed || this.recordStart !== -1) {
      const unclosed = [
        ...this.open,
        ...(this.recordStart === -1 ? [] : [this.schema.record.element]),
      ];
      this.fail(
        'malformed',
        `the response ends before these elements are closed: <${unclosed.join('>, <')}>`,
      );
    }

    return undefined;
  }

  private step(): Step {
    const lt = this.buffer.indexOf('<', this.position);
    const textEnd = lt === -1 ? this.buffer.length : lt;
    if (this.recordStart === -1) this.checkText(this.buffer.slice(this.position, textEnd));
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
    if (head.startsWith('<?')) return this.skipTo(lt, '?>');
    if (head.startsWith('<!')) return this.declaration(lt, head);
    if (head.startsWith('</')) return this.endTag(lt);

    return this.startTag(lt);
  }

  private declaration(lt: number, head: string): Step {
    if ('<!--'.startsWith(head.slice(0, 4)) && head.length < 4) return 'wait';
    if (head.startsWith('<!--')) return this.skipTo(lt, '-->');
    if (head.length < 9) return 'wait';
    if (head.startsWith('<!DOCTYPE')) {
      this.fail(
        'doctype',
        'the response declares a DOCTYPE, which is not accepted',
        this.buffer.slice(lt),
      );
    }
    if (head.startsWith('<![CDATA[') && this.recordStart !== -1) return this.skipTo(lt, ']]>');

    return this.fail(
      'unexpected-text',
      'unexpected markup outside a record',
      this.buffer.slice(lt),
    );
  }

  private skipTo(lt: number, terminator: string): Step {
    const from = Math.max(lt + 2, this.resumeAt(lt) - terminator.length + 1);
    const end = this.buffer.indexOf(terminator, from);
    if (end === -1) return this.wait(lt, '');
    this.position = end + terminator.length;

    return 'next';
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
    const name = this.buffer.slice(lt + 2, gt).trim();
    this.position = gt + 1;

    if (this.recordStart !== -1) {
      this.recordDepth -= 1;
      if (this.recordDepth === 0) this.finishRecord(gt + 1);
      return 'next';
    }
    const expected = this.open.pop();
    if (expected !== name) {
      this.fail(
        'malformed',
        `malformed XML: </${name}> where </${expected ?? '(nothing)'}> was expected`,
        name,
      );
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

    if (this.recordStart !== -1) {
      if (!isEmpty) this.recordDepth += 1;
      return 'next';
    }
    this.envelopeElement(name, lt, gt, isEmpty);

    return 'next';
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
        this.fail(
          'unexpected-root',
          `expected <transport>, <${container}> or <${record.element}>, got <${name}>`,
        );
      }
    } else if (this.isRootClosed) {
      this.fail('malformed', 'malformed XML: a document has exactly one root element', name);
    } else if (!this.allowedInside(this.open.at(-1) ?? '').includes(name)) {
      this.fail(
        'unexpected-element',
        `unexpected element <${name}> in <${this.open.at(-1) ?? ''}>`,
      );
    }

    if (name === record.element) {
      this.recordStart = lt;
      this.recordDepth = isEmpty ? 0 : 1;
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

  private allowedInside(parent: string): string[] {
    const { container, record } = this.schema;
    if (parent === 'transport') return [container, record.element];

    return parent === container ? [record.element] : [];
  }

  private finishRecord(end: number): void {
    this.fragments.push(this.buffer.slice(this.recordStart, end));
    this.recordStart = -1;
    this.recordDepth = 0;
    if (this.open.length === 0) this.isRootClosed = true;
  }

  private checkText(text: string): void {
    if (text.trim() === '') return;
    if (this.root === undefined && /^\uFEFF\s*$/.test(text)) return;

    this.fail('unexpected-text', 'unexpected text outside a record', text.trim());
  }

  private keepErrorAnswer(): string[] {
    if (this.buffer.length > MAX_ERROR_ANSWER) {
      this.fail('malformed', 'an error answer longer than any Directo sends', this.buffer);
    }

    return [];
  }

  // Drops what has been read, keeping an unfinished record or tag.
  private compact(): void {
    const keep = this.recordStart === -1 ? this.position : this.recordStart;
    if (keep === 0) return;
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

  private fail(
    kind: ConstructorParameters<typeof DirectoParseError>[0],
    message: string,
    at?: string,
  ): never {
    throw new DirectoParseError(kind, message, at === undefined ? {} : { excerpt: excerptOf(at) });
  }
}

// The `>` that ends a start tag, skipping quoted attribute values (which may hold `>`);
// -1 and the open quote, if any, when the text ends first.
function findTagEnd(text: string, from: number, open = ''): { end: number; quote: string } {
  let quote = open;
  for (let i = from; i < text.length; i += 1) {
    if (quote !== '') {
      const close = text.indexOf(quote, i);
      if (close === -1) return { end: -1, quote };
      i = close;
      quote = '';
      continue;
    }
    const char = text[i];
    if (char === '"' || char === "'") quote = char;
    else if (char === '>') return { end: i, quote: '' };
  }

  return { end: -1, quote };
}
