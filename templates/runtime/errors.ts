// The errors the codecs raise. Each says what was wrong and where, with a short excerpt of
// the input, and never carries the input whole.

/** What made a response unreadable. */
export type ParseErrorKind =
  | 'malformed'
  | 'doctype'
  | 'unexpected-root'
  | 'unexpected-element'
  | 'unexpected-text'
  | 'unknown-attribute'
  | 'invalid-value'
  | 'directo-error';

/** Where in the input a problem was found, when the parser could tell. */
export interface ParsePosition {
  readonly line: number;
  readonly column: number;
}

/** A response that could not be read into records. No partial result is returned. */
export class DirectoParseError extends Error {
  readonly kind: ParseErrorKind;
  /** Up to 80 characters of the input around the problem, control characters escaped. */
  readonly excerpt: string;
  readonly position: ParsePosition | undefined;
  /** For `directo-error`: the result type and description Directo answered with. */
  readonly resultType: string | undefined;
  readonly resultDescription: string | undefined;

  constructor(
    kind: ParseErrorKind,
    message: string,
    details: {
      excerpt?: string | undefined;
      position?: ParsePosition | undefined;
      resultType?: string | undefined;
      resultDescription?: string | undefined;
    } = {},
  ) {
    const where = details.position ? ` at ${details.position.line}:${details.position.column}` : '';
    const excerpt = details.excerpt ? `: ${details.excerpt}` : '';
    super(`${message}${where}${excerpt}`);
    this.name = 'DirectoParseError';
    this.kind = kind;
    this.excerpt = details.excerpt ?? '';
    this.position = details.position;
    this.resultType = details.resultType;
    this.resultDescription = details.resultDescription;
  }
}

/** The rule a value broke. */
export type ValidationRule =
  | 'type'
  | 'mandatory'
  | 'length'
  | 'int-range'
  | 'decimal'
  | 'dateTime'
  | 'enumeration'
  | 'unknown-field'
  | 'do-not-send'
  | 'xml-char';

/** One problem with one value of a record. */
export interface ValidationIssue {
  /** Where the value is: `contacts[3].email`, `contacts[0].datafields[2].code`. */
  readonly path: string;
  readonly rule: ValidationRule;
  readonly message: string;
}

/** Records refused before anything was written or sent, with every issue found. */
export class DirectoValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const count = `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
    const list = issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join('');
    super(`records refused, ${count}:${list}`);
    this.name = 'DirectoValidationError';
    this.issues = issues;
  }
}

/** Up to `width` characters of `text` from `start`, with control characters made visible. */
export function excerptOf(text: string, start = 0, width = 80): string {
  const slice = text.slice(Math.max(0, start), Math.max(0, start) + width);
  const visible = slice.replace(/\p{Cc}/gu, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });

  return slice.length < text.length - Math.max(0, start) ? `${visible}…` : visible;
}
