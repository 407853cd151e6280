#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// A reader that goes away early (`skprun ... | head`) is not an error of
// the run: stop writing quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exitCode ??= 0;
    stream.destroy();
  });
}

main(process.argv);
