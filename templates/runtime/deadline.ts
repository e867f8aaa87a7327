// The timeout of a request to Directo, which counts only the time spent waiting on the
// network.

/**
 * An idle timer: it runs only while waiting on the network, so a caller slow to take the
 * records of a streamed answer never causes a timeout.
 */
export class Deadline {
  readonly signal: AbortSignal;
  hasExpired = false;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ms: number;

  constructor(ms: number) {
    this.ms = ms;
    this.signal = this.controller.signal;
    this.resume();
  }

  resume(): void {
    this.pause();
    this.timer = setTimeout(() => {
      this.hasExpired = true;
      this.controller.abort();
    }, this.ms);
  }

  pause(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
