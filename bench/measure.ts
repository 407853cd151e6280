/**
 * Runs one command of a benchmark and measures it: wall time from spawn to
 * exit, exit status, output, and the peak resident memory that GNU time
 * reports for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Command {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Measurement {
  ms: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Maximum resident set size in KiB, from `/usr/bin/time -v`, when it ran under it. */
  maxRssKib?: number;
}

const GNU_TIME = '/usr/bin/time';
const RUN_TIMEOUT_MS = 15 * 60 * 1000;

/** Commands running now, so that an interrupted bench can stop them. */
const running = new Set<ChildProcess>();
let interrupted = false;

/** The error every measurement raises once the bench is interrupted. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * Stops every command still running with SIGTERM and makes every running
 * and later measurement raise InterruptedError, so that the scenarios
 * unwind through their finally blocks and bring their labs down.
 */
export function interruptCommands(): void {
  interrupted = true;
  // Each command leads its own process group, so that GNU time's child
  // (which time does not pass the signal to) and its forks stop too.
  for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGTERM');
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  stream?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Reads GNU time's report, which a killed run may not have written. */
function readMaxRss(reportFile: string): number | undefined {
  let report: string;
  try {
    report = readFileSync(reportFile, 'utf8');
  } catch {
    return undefined;
  }
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  return match ? Number(match[1]) : undefined;
}

/**
 * Runs the command and resolves when it exits. With `memory`, it runs under
 * `/usr/bin/time -v`, which adds one fork and exec to the time measured.
 */
export function measure(command: Command, options: { memory?: boolean } = {}): Promise<Measurement> {
  if (interrupted) return Promise.reject(new InterruptedError());
  const reportDir = options.memory ? mkdtempSync(path.join(tmpdir(), 'skpbench-time-')) : undefined;
  const reportFile = reportDir ? path.join(reportDir, 'time.txt') : undefined;
  const argv = reportFile ? [GNU_TIME, '-v', '-o', reportFile, ...command.argv] : command.argv;

  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      running.delete(child);
      clearTimeout(timer);
      reject(new Error(`could not start ${argv[0]}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      running.delete(child);
      clearTimeout(timer);
      let maxRssKib: number | undefined;
      if (reportFile && reportDir) {
        maxRssKib = readMaxRss(reportFile);
        rmSync(reportDir, { recursive: true, force: true });
      }
      const exitCode = code ?? (signal ? 128 + 9 : 255);
      if (interrupted) return reject(new InterruptedError());
      resolve({ ms, exitCode, stdout: stdout(), stderr: stderr(), maxRssKib });
    });
  });
}

/** Runs a command that must succeed (a reset, a setup step); raises with its output otherwise. */
export async function runOrThrow(command: Command, purpose: string): Promise<Measurement> {
  const result = await measure(command);
  if (result.exitCode !== 0) {
    const output = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`${purpose} failed with exit status ${result.exitCode}: ${output}`);
  }
  return result;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

export function summarize(values: number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}
