/**
 * Runs the real `skprun` command (bin/skprun.js) as a user would, and
 * parses its JSON-lines output when asked for it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostStats, RunEvent } from '../../src/engine/events.js';

export const projectDir = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../../bin/skprun.js', import.meta.url));

export interface SkprunRun {
  status: number;
  stdout: string;
  stderr: string;
  /** The JSON events, when run with --output json. */
  events: RunEvent[];
}

export function runSkprun(args: string[], cwd = projectDir): Promise<SkprunRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const events = args.includes('json') ? parseEvents(stdout) : [];
      resolve({ status: code ?? 255, stdout, stderr, events });
    });
  });
}

function parseEvents(stdout: string): RunEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);
}

export function recapOf(run: SkprunRun): Record<string, HostStats> {
  const recap = run.events.find((event) => event.kind === 'recap');
  if (!recap || recap.kind !== 'recap') throw new Error(`no recap in the output:\n${run.stdout}\n${run.stderr}`);
  return recap.stats;
}

export { statuses as statusesOf } from './events.js';
