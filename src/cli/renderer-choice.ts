/**
 * Picks the output for a run: live listr2 progress on a terminal, plain
 * lines elsewhere, JSON lines when asked.
 */
import type { RunEvent } from '../engine/events.js';
import { colourWanted } from '../output/colour.js';

export interface Renderer {
  handle: (event: RunEvent) => void;
  flush: () => Promise<void>;
}

export async function chooseRenderer(format: 'auto' | 'live' | 'plain' | 'json', verbosity: number): Promise<Renderer> {
  const write = (text: string) => void process.stdout.write(text);
  if (format === 'json') {
    const { createJsonRenderer } = await import('../output/json.js');
    return { handle: createJsonRenderer(write), flush: async () => undefined };
  }
  const live = format === 'live' || (format === 'auto' && process.stdout.isTTY && verbosity === 0);
  if (live) {
    const { createLiveRenderer } = await import('../output/live.js');
    const { ensureColumns } = await import('../output/terminal-width.js');
    ensureColumns(process.stdout);
    return createLiveRenderer(write);
  }
  const { createPlainRenderer } = await import('../output/plain.js');
  const handle = createPlainRenderer({ write, colour: colourWanted(process.stdout), verbosity });
  return { handle, flush: async () => undefined };
}
