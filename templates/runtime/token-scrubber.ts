// Keeps the token out of every message the client builds. Directo may echo the token back in
// an answer, in any of the forms it travelled in, and an error excerpt cut from that answer
// may hold only part of it; so every form is searched for, and long enough pieces too.

/** Pieces of the token shorter than this may stay; longer ones are replaced wherever seen. */
const TOKEN_PIECE = 8;

/** Replaces the token, in every form it may be echoed in, within text shown to anyone. */
export class TokenScrubber {
  // The token raw, URL- and form-encoded, and escaped for XML. A private field in the
  // JavaScript sense, so that printing the object never shows it.
  readonly #forms: readonly string[];

  constructor(token: string) {
    const formEncoded = new URLSearchParams({ t: token }).toString().slice('t='.length);
    const xmlEscaped = token.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    this.#forms = [...new Set([token, encodeURIComponent(token), formEncoded, xmlEscaped])];
  }

  /** `text` with every form of the token, and every long enough piece of one, replaced. */
  scrub(text: string): string {
    let result = text;
    for (const form of this.#forms) result = redact(result, form);

    return result;
  }
}

// Replaces every run of text that is a piece of `secret` at least TOKEN_PIECE characters
// long (or the whole secret, when it is shorter): an excerpt cut from an answer that echoed
// the token may hold only part of it.
function redact(text: string, secret: string): string {
  const least = Math.min(TOKEN_PIECE, secret.length);
  let result = '';
  let i = 0;
  while (i < text.length) {
    const run = longestPieceAt(text, i, secret);
    if (run >= least) {
      result += '[token]';
      i += run;
    } else {
      result += text.charAt(i);
      i += 1;
    }
  }
  return result;
}

function longestPieceAt(text: string, at: number, secret: string): number {
  let longest = 0;
  for (let start = secret.indexOf(text.charAt(at)); start !== -1;) {
    let length = 0;
    while (start + length < secret.length && text[at + length] === secret[start + length]) {
      length += 1;
    }
    longest = Math.max(longest, length);
    start = secret.indexOf(text.charAt(at), start + 1);
  }
  return longest;
}
