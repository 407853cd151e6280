/**
 * Machine-readable output: one JSON object per event and line, with the
 * event's `kind` as its first field and a timestamp.
 */
import type { RunEvent } from '../engine/events.js';

export function createJsonRenderer(write: (text: string) => void): (event: RunEvent) => void {
  return (event) => {
    if (event.kind === 'host_start') return;
    write(`${JSON.stringify({ ...event, time: new Date().toISOString() })}\n`);
  };
}
