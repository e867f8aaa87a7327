// Sends requests to Directo's XML Direct endpoint and hands back the answer as text, whole or
// as it streams in. Everything about HTTP lives here: where the routing parameters and the
// token go, the idle timeout, retries of gets, and turning every failure into a DirectoError
// whose message cannot hold the token.

import { Deadline } from './deadline.js';
import { DirectoError } from './errors.js';
import { streamedBody } from './form-body.js';
import { describeNetworkError, isConnectFailure } from './network-errors.js';
import { TokenScrubber } from './token-scrubber.js';

/** Directo's one endpoint for every company. */
export const DIRECTO_URL = 'https://login.directo.ee/xmlcore/cap_xml_direct/xmlcore.asp';

/** The `fetch` the client calls; the global one unless another is given. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** How to reach Directo. Only `token` is required. */
export interface TransportOptions {
  /** The XML Direct token. It is sent in the form body only, never in a URL. */
  readonly token: string;
  /** The endpoint; older integrations use a per-company path `/xmlcore/<company>/xmlcore.asp`. */
  readonly url?: string | URL;
  readonly fetch?: FetchFunction;
  /**
   * Milliseconds to wait for the answer to start, and then for each further piece of it,
   * before giving up with a `timeout` error. A long answer that keeps arriving never times
   * out. Default 60 000.
   */
  readonly timeoutMs?: number;
  /** How often a get is sent again after a network error, a timeout or a 5xx. Default 2. */
  readonly getRetries?: number;
  /** The wait before the first retry of a get, doubled for each next one. Default 1000. */
  readonly retryDelayMs?: number;
  /**
   * The most bytes one put request body may have; larger batches are split. Directo takes
   * at most 19 MB per request; the default, 19 000 000, leaves room for the headers.
   */
  readonly maxRequestBytes?: number;
  /**
   * Where the routing parameters (`get=1`, `what`, filters, `xd_update`) go. The live service
   * wants them in the query string (the default); `body` follows the wiki's own example.
   */
  readonly routing?: 'query' | 'body';
  /** The form field holding the token: `token`, or `key` for the legacy interface. */
  readonly tokenField?: 'token' | 'key';
  /**
   * The most characters `list` reads, and a put answer may have, before giving up with a
   * `too-large` error; `iterate` reads any number of records. Default 256 MiB.
   */
  readonly maxAnswerChars?: number;
}

/** The answer to one request: its text, whole or piece by piece. */
export interface Answer {
  /** The decoded text as it arrives; the idle timeout applies while waiting for each piece. */
  pieces(): AsyncGenerator<string, void, undefined>;
  /** The whole text, refused with `too-large` beyond `maxAnswerChars`. */
  text(): Promise<string>;
}

/** One request: routing parameters, and for a put the document. */
export interface DirectoRequest {
  readonly routing: Readonly<Record<string, string>>;
  /**
   * The put document in pieces (one per record), encoded into the `xmldata` form field
   * piece by piece while the request is sent, so the body is never held whole.
   */
  readonly xmldata?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_ANSWER_CHARS = 256 * 1024 * 1024;

function parseUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DirectoError('invalid-url', 'the Directo url is not a URL');
  }
  if (parsed.search !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new DirectoError('invalid-url', 'the Directo url must have no query or credentials');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DirectoError('invalid-url', 'the Directo url must be http or https');
  }
  return parsed;
}

// setTimeout takes at most 2^31 - 1 ms and treats anything else as 1 ms.
function checkedTimeout(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0 || ms > 2 ** 31 - 1) {
    throw new DirectoError('validation', 'timeoutMs must be between 1 and 2147483647');
  }
  return ms;
}

// Whether a failure came before any answer arrived, or while reading it.
type SendPhase = 'request' | 'answer';

// Node's types declare TextDecoder as a global value whose instance type has no global name.
type Decoder = InstanceType<typeof TextDecoder>;

/** Sends requests for every component of one client. */
export class Transport {
  readonly maxRequestBytes: number;
  private readonly url: URL;
  private readonly fetchFunction: FetchFunction;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxAnswerChars: number;
  // The options, token included, and what removes the token from messages. Both are private
  // fields in the JavaScript sense, so that printing or serializing a client (util.inspect,
  // JSON.stringify) never shows the token.
  readonly #options: TransportOptions;
  readonly #scrubber: TokenScrubber;

  constructor(options: TransportOptions) {
    this.#options = options;
    if (typeof options.token !== 'string' || options.token === '') {
      throw new DirectoError('token-required', 'DirectoClient needs a non-empty token');
    }
    this.url = parseUrl(options.url ?? DIRECTO_URL);
    this.fetchFunction = options.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = checkedTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.maxAnswerChars = options.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS;
    this.#scrubber = new TokenScrubber(options.token);
    this.retries = options.getRetries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.maxRequestBytes = options.maxRequestBytes ?? 19_000_000;
  }

  /** The bytes of a put body besides the document itself: the token and the field names. */
  formOverhead(routing: Readonly<Record<string, string>>): number {
    return new URLSearchParams(this.formFields({ routing })).toString().length + '&xmldata='.length;
  }

  /** Sends a request once. The answer must be read before the next request is sent. */
  async send(request: DirectoRequest): Promise<Answer> {
    const url = new URL(this.url);
    if (this.#options.routing !== 'body') {
      for (const [name, value] of Object.entries(request.routing)) {
        url.searchParams.set(name, value);
      }
    }
    const fields = new URLSearchParams(this.formFields(request)).toString();
    const deadline = new Deadline(this.timeoutMs);
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const body =
      request.xmldata === undefined
        ? { headers, body: fields }
        : streamedBody(`${fields}&xmldata=`, request.xmldata, headers, () => deadline.resume());

    let response: Response;
    try {
      // A redirect is never followed: the token and the document would go with it to
      // wherever it points, and a put could be sent twice.
      response = await this.fetchFunction(url.href, {
        method: 'POST',
        ...body,
        redirect: 'manual',
        signal: deadline.signal,
      });
    } catch (error) {
      throw this.failure(error, deadline, 'request');
    } finally {
      deadline.pause();
    }

    return this.answer(response, deadline);
  }

  /**
   * Waits before a get is sent again, when `error` may pass and retries are left; returns
   * false when the get must fail instead. Puts are never sent again: a record created
   * without a key would be created twice.
   */
  async mayRetry(error: unknown, tries: number): Promise<boolean> {
    if (!(error instanceof DirectoError) || !error.retriable || tries >= this.retries) {
      return false;
    }
    await sleep(this.retryDelayMs * 2 ** tries);

    return true;
  }

  /** `text` with every form of the token replaced, for messages built from answers. */
  scrub(text: string): string {
    return this.#scrubber.scrub(text);
  }

  private formFields(request: DirectoRequest): Record<string, string> {
    const routing = this.#options.routing === 'body' ? request.routing : {};
    const tokenField = this.#options.tokenField ?? 'token';

    return { ...routing, [tokenField]: this.#options.token };
  }

  private answer(response: Response, deadline: Deadline): Answer {
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      deadline.pause();
      const isRedirect = response.status >= 300 && response.status < 400;
      const note = isRedirect ? ', a redirect, which is not followed; check the url' : '';
      throw new DirectoError('http', `Directo answered HTTP ${response.status}${note}`, {
        status: response.status,
        retriable: response.status >= 500 || response.status === 429,
      });
    }

    const pieces = () => this.readPieces(response, deadline);
    return {
      pieces,
      text: async () => {
        let text = '';
        for await (const piece of pieces()) {
          text += piece;
          if (text.length > this.maxAnswerChars) throw this.tooLong();
        }
        return text;
      },
    };
  }

  private async *readPieces(response: Response, deadline: Deadline): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const reader = response.body?.getReader();
    if (reader === undefined) return;
    let isDone = false;
    try {
      for (;;) {
        deadline.resume();
        const chunk = await reader.read().finally(() => deadline.pause());
        if (chunk.done) break;
        yield this.decode(decoder, chunk.value, true);
      }
      isDone = true;
      yield this.decode(decoder, undefined, false);
    } catch (error) {
      throw error instanceof DirectoError ? error : this.failure(error, deadline, 'answer');
    } finally {
      deadline.pause();
      if (!isDone) await reader.cancel().catch(() => undefined);
    }
  }

  private tooLong(): DirectoError {
    const limit = `${this.maxAnswerChars} characters`;
    return new DirectoError('too-large', `the answer is longer than ${limit}; use iterate`);
  }

  private decode(decoder: Decoder, bytes: Uint8Array | undefined, stream: boolean): string {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw new DirectoError('malformed-response', 'the answer is not valid UTF-8');
    }
  }

  // fetch and stream errors carry messages from deep inside undici; keep what helps (the
  // system error code) and make sure the token cannot ride along. Whether the connection
  // was never made is only claimed where that is certain: the global fetch failing before
  // any answer, with a system error from connecting itself. A fetch given in the options
  // may have retried, or sent part of the body, before it failed. Known shortcoming: a
  // global fetch replaced by one that retries looks the same as Node's own.
  private failure(error: unknown, deadline: Deadline, phase: SendPhase): DirectoError {
    if (deadline.hasExpired) {
      return new DirectoError('timeout', `no answer from Directo for ${this.timeoutMs} ms`, {
        retriable: true,
      });
    }
    const detail = describeNetworkError(error);
    const message = this.scrub(`the connection to ${this.url.host} failed: ${detail}`);

    return new DirectoError('network', message, {
      retriable: true,
      notConnected:
        phase === 'request' && this.#options.fetch === undefined && isConnectFailure(error),
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
