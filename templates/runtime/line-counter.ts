// Where an index of a streamed response's buffer stands in the whole response, as a line
// and column, while the buffer keeps only the text not yet read.

import type { ParsePosition } from './errors.js';

/** Counts lines forwards through a buffer whose read text is dropped from the front. */
export class LineCounter {
  // Lines counted so far: up to `countedTo` in the buffer, the line `line` starts at
  // `lineStart` (negative once that start has been dropped from the buffer). `clearTo`
  // remembers how far the buffer is known to hold no line feed.
  private countedTo = 0;
  private clearTo = 0;
  private line = 1;
  private lineStart = 0;

  /**
   * The line and column of `index` in `buffer`. Lines are counted forwards only, as far as
   * asked: every caller asks for a place at or after the last one. A response on one line
   * is searched once, not once per record.
   */
  positionAt(buffer: string, index: number): ParsePosition {
    for (;;) {
      const newline = buffer.indexOf('\n', Math.max(this.countedTo, this.clearTo));
      this.clearTo = newline === -1 ? buffer.length : newline;
      if (newline === -1 || newline >= index) break;
      this.line += 1;
      this.lineStart = newline + 1;
      this.countedTo = newline + 1;
    }
    this.countedTo = Math.max(this.countedTo, index);

    return { line: this.line, column: index - this.lineStart + 1 };
  }

  /** Counts up to `count`, then forgets the first `count` characters of `buffer`. */
  drop(buffer: string, count: number): void {
    this.positionAt(buffer, count);
    this.countedTo -= count;
    this.clearTo -= count;
    this.lineStart -= count;
  }
}
