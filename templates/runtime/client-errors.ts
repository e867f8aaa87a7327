// The errors a component client raises, built in one place so that each says what happened
// to the records (stored, not stored, or unknown) and none can carry the token: every text
// that may hold a piece of an answer passes through the transport's scrub first.

import {
  DirectoError,
  type DirectoErrorCode,
  DirectoParseError,
  type PutResult,
  type ValidationIssue,
} from './errors.js';
import type { ResultAttributes } from './put-answer.js';

/** Answers refusing a whole request: nothing in it was stored. */
const REFUSALS: ReadonlySet<DirectoErrorCode> = new Set([
  'unauthorized',
  'token-required',
  'invalid-url',
]);

/** Directo asks that a failed put be sent again no sooner than a minute later. */
const PUT_RETRY_AFTER_MS = 60_000;

/** Builds the DirectoErrors of one component's client. */
export class ClientErrors {
  private readonly what: string;
  private readonly scrub: (text: string) => string;

  constructor(what: string, scrub: (text: string) => string) {
    this.what = what;
    this.scrub = scrub;
  }

  /** Records or a query refused by validation; nothing was sent. */
  refused(issues: readonly ValidationIssue[], records: readonly unknown[]): DirectoError {
    const count = `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
    const list = issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join('');
    const message = `nothing was sent to Directo (what=${this.what}), ${count}:${list}`;

    return new DirectoError('validation', this.scrub(message), { issues, notStored: records });
  }

  /** Records that could not even be read (a throwing getter, a revoked proxy). */
  unreadableRecords(error: unknown, records: readonly unknown[]): DirectoError {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `reading the records failed: ${reason}; nothing was sent`;

    return new DirectoError('validation', this.scrub(message), { notStored: records });
  }

  /** An operation the component's schemas do not provide. */
  unsupported(operation: string): DirectoError {
    return new DirectoError('validation', `${this.what} has no ${operation} schema`);
  }

  /** A put answer whose results cannot be matched to the records sent. */
  mismatch(answer: readonly ResultAttributes[], sent: number): DirectoError {
    const first = answer[0];
    const said = first === undefined ? '' : ` (the first: type ${first.type} ${first.description})`;
    const message = `Directo answered ${answer.length} results for ${sent} records${said}`;

    return new DirectoError('result-mismatch', this.scrub(message), {
      resultType: first && this.scrub(first.type),
    });
  }

  /** An answer that could not be read, after `handedOn` records were handed to the caller. */
  unreadable(error: unknown, handedOn: number): unknown {
    if (!(error instanceof DirectoParseError)) return error;
    if (error.kind === 'directo-error') return this.refusal(error);

    const after = handedOn === 0 ? '' : ` after ${handedOn} records`;
    const message = `the answer for what=${this.what} could not be read${after}: ${error.message}`;
    // The parse error itself is not attached: its excerpt could hold what the token scrub
    // removed from the message.
    return new DirectoError('malformed-response', this.scrub(message));
  }

  /** An answer in which Directo refused the request, by its result type. */
  refusal(error: DirectoParseError): DirectoError {
    const type = error.resultType?.trim();
    const said = this.scrub(error.message);
    const details = { resultType: type === undefined ? undefined : this.scrub(type) };
    if (type === '5') return new DirectoError('unauthorized', `${said}: check the token`, details);
    if (type === '404') {
      const hint = 'the routing parameters did not reach it; see the `routing` option';
      return new DirectoError('invalid-url', `${said}: ${hint}`, details);
    }
    if (type === undefined && /token\s+required/i.test(error.resultDescription ?? '')) {
      return new DirectoError('token-required', `${said}: no token reached Directo`, details);
    }

    return new DirectoError('directo-error', said, details);
  }

  /**
   * A put that failed part way: `results` of the requests answered, `sent` the records of
   * the request that failed, `later` those never sent.
   */
  partialPut<Input>(
    error: unknown,
    results: readonly PutResult<Input>[],
    sent: readonly Input[],
    later: readonly Input[],
  ): unknown {
    if (!(error instanceof DirectoError)) return error;
    const isRefused = REFUSALS.has(error.code);
    const isUnsent = isRefused || error.notConnected;

    return new DirectoError(error.code, this.scrub(error.message), {
      status: error.status,
      resultType: error.resultType,
      results,
      unconfirmed: isUnsent ? [] : sent,
      notStored: isUnsent ? [...sent, ...later] : later,
      notConnected: error.notConnected,
      // Waiting does not mend a refused token or url; it is Directo's rule for the rest.
      retryAfterMs: isRefused ? undefined : PUT_RETRY_AFTER_MS,
    });
  }
}
