/**
 * A counting semaphore. The SSH connection uses one to keep its open exec
 * channels under the server's MaxSessions, and the engine one for --forks.
 */
export class Limiter {
  private current: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
    this.current = limit;
  }

  get limit(): number {
    return this.current;
  }

  /** Works running now. */
  get active(): number {
    return this.running;
  }

  /** Lowers the limit (never below 1); works already running finish first. */
  lowerTo(limit: number): void {
    this.current = Math.max(1, Math.min(this.current, Math.floor(limit)));
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= this.current) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `work` on every item, at most `limit` at once, keeping input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limiter = new Limiter(limit);
  return Promise.all(items.map((item, index) => limiter.run(() => work(item, index))));
}
