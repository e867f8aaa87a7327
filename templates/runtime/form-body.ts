// Form bodies as Directo takes them: `application/x-www-form-urlencoded`, with the put
// document streamed into its `xmldata` field. The encoding and its length must agree with
// URLSearchParams to the byte, since the length is declared before the body is sent.

/** About 64 KB of document per body chunk. */
const BODY_CHUNK_CHARS = 1 << 16;

// A form body whose `xmldata` value is encoded as it is sent. Its length is known in
// advance and declared, since servers such as Directo's need a Content-Length; the idle
// `onPull` runs for each chunk, so that an idle timer can be rewound while a large upload
// proceeds on a slow link.
export function streamedBody(
  prefix: string,
  pieces: readonly string[],
  headers: Readonly<Record<string, string>>,
  onPull: () => void,
): RequestInit & { duplex: 'half' } {
  let length = prefix.length;
  for (const piece of pieces) length += formValueLength(piece);
  const encoder = new TextEncoder();
  let next = -1;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull();
      if (next === -1) {
        next = 0;
        controller.enqueue(encoder.encode(prefix));
        return;
      }
      let chunk = '';
      while (next < pieces.length && chunk.length < BODY_CHUNK_CHARS) chunk += pieces[next++];
      if (chunk === '') controller.close();
      else controller.enqueue(encoder.encode(encodeFormValue(chunk)));
    },
  });

  return { headers: { ...headers, 'content-length': String(length) }, body, duplex: 'half' };
}

/** `text` encoded as a form field value, exactly as URLSearchParams writes it. */
export function encodeFormValue(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The bytes `text` takes as a form field value: UTF-8, then percent-encoded except for
 * letters, digits, `*-._` and the space (written `+`).
 */
export function formValueLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (isKeptAsIs(unit)) length += 1;
    else if (unit < 0x80) length += 3;
    else if (unit < 0x800) length += 6;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      length += 12;
      i += 1;
    } else length += 9;
  }

  return length;
}

function isKeptAsIs(unit: number): boolean {
  const letter = (unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a;
  const digit = unit >= 0x30 && unit <= 0x39;

  return (
    letter ||
    digit ||
    unit === 0x2a ||
    unit === 0x2d ||
    unit === 0x2e ||
    unit === 0x5f ||
    unit === 0x20
  );
}
