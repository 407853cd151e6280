/**
 * Machine-readable output: one JSON object per event and line, with the
 * event's `kind` as its first field and a timestamp. docs/json-output.md
 * describes the events and docs/json-events.schema.json is their schema.
 */
import type { RunEvent } from '../engine/events.js';

export function createJsonRenderer(write: (text: string) => void): (event: RunEvent) => void {
  return (event) => {
    if (event.kind === 'host_start') return;
    write(`${JSON.stringify({ ...event, time: new Date().toISOString() })}\n`);
  };
}
