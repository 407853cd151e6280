/**
 * The width live output lays its lines out to. listr2 9 reads
 * `process.stdout.columns` and takes 80 only when it is undefined. A pty
 * with no window size set (`docker run -t`, some CI runners) reports 0,
 * and listr2 then wraps after every character, which also splits the
 * colour escape codes.
 */

export const DEFAULT_COLUMNS = 80;

/** Returns the width to use for a terminal that reports `columns`. */
export function usableColumns(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? columns : DEFAULT_COLUMNS;
}

/**
 * Sets a usable width on a terminal stream that reports none. Node sets
 * `columns` again on the next window resize, which then gives the real one.
 */
export function ensureColumns(stream: { columns?: number }): void {
  const columns = usableColumns(stream.columns);
  if (stream.columns !== columns) stream.columns = columns;
}
