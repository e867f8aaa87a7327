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
  /** The message without the position and excerpt it ends with. */
  readonly reason: string;
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
    this.reason = message;
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

/** The line and column, counted from 1, of `index` in `text`. */
export function positionIn(text: string, index: number): ParsePosition {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < index;) {
    line += 1;
    lineStart = newline + 1;
    newline = text.indexOf('\n', lineStart);
  }

  return { line, column: index - lineStart + 1 };
}

/** Why a request to Directo failed as a whole. */
export type DirectoErrorCode =
  /** Directo answered `<result type="5" desc="Unauthorized"/>`: the token is wrong. */
  | 'unauthorized'
  /** Directo answered `<err>token required</err>`: no token reached it. */
  | 'token-required'
  /** Directo answered type 404, "Invalid url given": routing parameters were not found. */
  | 'invalid-url'
  /** Directo refused the whole request with another `<result>` or `<err>`. */
  | 'directo-error'
  /** The server answered with an HTTP status other than 2xx. */
  | 'http'
  /** No bytes arrived for `timeoutMs`. */
  | 'timeout'
  /** The connection failed or was closed before the answer was complete. */
  | 'network'
  /** The answer arrived but is not a document of the expected shape. */
  | 'malformed-response'
  /** Records or filters were refused before anything was sent; see `issues`. */
  | 'validation'
  /** One record alone is larger than a request may be. */
  | 'too-large'
  /** A put answer does not hold exactly one result per record sent. */
  | 'result-mismatch';

/** What Directo did with one record of a put, in the order the records were given. */
export interface PutResult<Input> {
  /** True for result types 0 and 30; every other type is a failure. */
  readonly ok: boolean;
  /** The result type as Directo wrote it, such as `0`, `11` or `14`. */
  readonly type: string;
  readonly description: string;
  /** The key Directo gave or used: a contact's `code`, a document's number. */
  readonly docid?: string;
  readonly doctype?: string;
  readonly submit?: string;
  /** The record this result is for, as it was given to put. */
  readonly record: Input;
}

/** Details a DirectoError may carry. */
export interface DirectoErrorDetails {
  readonly status?: number | undefined;
  readonly resultType?: string | undefined;
  readonly issues?: readonly ValidationIssue[];
  readonly results?: readonly PutResult<unknown>[];
  readonly unconfirmed?: readonly unknown[];
  readonly notStored?: readonly unknown[];
  readonly retryAfterMs?: number | undefined;
  readonly retriable?: boolean;
  readonly notConnected?: boolean;
  readonly cause?: unknown;
}

/**
 * A request to Directo that failed as a whole. Its message never holds the token.
 *
 * For a put, every record given is in exactly one of three lists: `results`, what Directo
 * answered for the batches before the failure; `unconfirmed`, records sent without a
 * readable answer, which may or may not exist in Directo now (read them back before sending
 * them again); and `notStored`, records certainly not stored, because they were never sent
 * (the connection to Directo could not even be made, see `notConnected`) or Directo refused
 * the whole request.
 */
export class DirectoError extends Error {
  readonly code: DirectoErrorCode;
  /** The HTTP status, for `http`. */
  readonly status: number | undefined;
  /** The result type Directo answered with, for refusals of the whole request. */
  readonly resultType: string | undefined;
  /** For `validation`: every issue found, each with the path of the value. */
  readonly issues: readonly ValidationIssue[];
  readonly results: readonly PutResult<unknown>[];
  readonly unconfirmed: readonly unknown[];
  readonly notStored: readonly unknown[];
  /** Directo asks that a failed put be sent again no sooner than this. */
  readonly retryAfterMs: number | undefined;
  /** Whether the same get may succeed if sent again (network trouble, 5xx, timeout). */
  readonly retriable: boolean;
  /**
   * For `network`: the connection was never made (refused, host not found, unreachable,
   * connect timeout), so nothing of the request reached Directo. Only ever true with the
   * global `fetch`: a `fetch` option may have retried or sent part of the body before
   * failing. A global `fetch` replaced by one that retries cannot be told from Node's own.
   */
  readonly notConnected: boolean;

  constructor(code: DirectoErrorCode, message: string, details: DirectoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DirectoError';
    this.code = code;
    this.status = details.status;
    this.resultType = details.resultType;
    this.issues = details.issues ?? [];
    this.results = details.results ?? [];
    this.unconfirmed = details.unconfirmed ?? [];
    this.notStored = details.notStored ?? [];
    this.retryAfterMs = details.retryAfterMs;
    this.retriable = details.retriable ?? false;
    this.notConnected = details.notConnected ?? false;
  }
}
