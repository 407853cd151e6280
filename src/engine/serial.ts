/**
 * Splits a play's hosts into batches for the `serial` keyword: a number, a
 * percentage ("30%"), or a list of them, the last size repeating.
 */
export function serialBatches(hosts: string[], serial: unknown): string[][] {
  if (serial === undefined || serial === null) return [hosts];
  const sizes = (Array.isArray(serial) ? serial : [serial]).map((entry) => batchSize(entry, hosts.length));
  const batches: string[][] = [];
  let start = 0;
  for (let i = 0; start < hosts.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)];
    batches.push(hosts.slice(start, start + size));
    start += size;
  }
  return batches;
}

function batchSize(entry: unknown, total: number): number {
  const text = String(entry).trim();
  const isPercentage = text.endsWith('%');
  const size = isPercentage ? Math.floor((Number(text.slice(0, -1)) / 100) * total) : Number(text);
  if (!Number.isFinite(size)) throw new Error(`serial should be a number or a percentage, got ${text}`);
  // As in Ansible: a percentage that rounds to 0 still runs one host, and
  // serial 0 means every host in one batch.
  if (isPercentage) return Math.max(1, size);
  return size > 0 ? size : total;
}
