// What a failed request's error from fetch says: whether the connection was never made, and
// a short description that keeps the system error code. undici, Node's fetch, rejects with
// a TypeError whose `cause` is the system error, or one per address it tried.

// System errors of making a connection, each with the call that raises it: until a
// connection is made, nothing of a request is sent. The same code from another call (an
// unreachable host while reading the answer, say) comes after the request went out.
const CONNECT_FAILURES: ReadonlyMap<string, string | undefined> = new Map([
  ['ECONNREFUSED', 'connect'],
  ['EHOSTUNREACH', 'connect'],
  ['ENETUNREACH', 'connect'],
  ['ENOTFOUND', 'getaddrinfo'],
  ['EAI_AGAIN', 'getaddrinfo'],
  // undici's own error for a connection not made in time; it names no system call.
  ['UND_ERR_CONNECT_TIMEOUT', undefined],
]);

interface SystemError {
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly errors?: unknown;
}

/** True when fetch failed making the connection, to every address tried: nothing was sent. */
export function isConnectFailure(error: unknown): boolean {
  const cause = (error as { cause?: SystemError } | undefined)?.cause;
  if (Array.isArray(cause?.errors) && cause.errors.length > 0) {
    return cause.errors.every((each: SystemError | undefined) => isConnectError(each));
  }

  return isConnectError(cause);
}

function isConnectError(error: SystemError | undefined): boolean {
  const code = error?.code;
  if (typeof code !== 'string' || !CONNECT_FAILURES.has(code)) return false;

  return error?.syscall === CONNECT_FAILURES.get(code);
}

/** The system error's code and message, or the error's own message when it has none. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const reason = typeof cause?.message === 'string' ? cause.message : error.message;

  return code === undefined || reason.includes(code) ? reason : `${code} ${reason}`;
}
