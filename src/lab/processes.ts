/**
 * Processes of the lab: starting detached daemons, telling whether a
 * recorded one still runs, and finding and stopping every process that
 * belongs to a host. Reads /proc, so Linux only.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { labEnvironment } from './run.js';

/**
 * A process as recorded in the state file. The start time (clock ticks
 * since boot) distinguishes a lab process from a later one that reuses its pid.
 */
export interface ProcessRecord {
  pid: number;
  startTime: number;
}

export interface ProcessInfo extends ProcessRecord {
  ppid: number;
  /** One-letter state from /proc/PID/stat; Z is a zombie (already exited). */
  state: string;
}

export function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in brackets may contain spaces; the fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), startTime: Number(fields[19]) };
}

/** Checks whether the recorded process still runs (a zombie counts as exited). */
export function isRunning(record: ProcessRecord | undefined): boolean {
  if (!record) return false;
  const info = readProcess(record.pid);
  return info !== undefined && info.startTime === record.startTime && info.state !== 'Z';
}

export function recordOf(pid: number): ProcessRecord {
  const info = readProcess(pid);
  return { pid, startTime: info?.startTime ?? 0 };
}

function readLink(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

/** Mount namespace of a process, as `mnt:[inode]`. */
export function mountNamespaceOf(pid: number | 'self'): string | undefined {
  return readLink(`/proc/${pid}/ns/mnt`);
}

export function listProcesses(): ProcessInfo[] {
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  return pids
    .map((pid) => readProcess(Number(pid)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/**
 * Finds the processes of lab hosts: those in the given mount namespaces,
 * those outside this machine's namespace whose working folder lies under
 * stateDir (every host process starts there, which catches a host whose
 * namespace was never recorded), and all their descendants, such as the
 * container processes below containerd's shims.
 */
export function findLabProcesses(namespaces: Set<string>, stateDir: string): ProcessInfo[] {
  const all = listProcesses().filter((p) => p.pid !== process.pid && p.state !== 'Z');
  const machineNamespace = mountNamespaceOf('self');
  const found = new Map<number, ProcessInfo>();

  for (const info of all) {
    const namespace = mountNamespaceOf(info.pid);
    if (namespace === undefined || namespace === machineNamespace) continue;
    const cwd = readLink(`/proc/${info.pid}/cwd`) ?? '';
    if (namespaces.has(namespace) || cwd === stateDir || cwd.startsWith(`${stateDir}/`)) {
      namespaces.add(namespace);
      found.set(info.pid, info);
    }
  }
  // A second pass catches processes of a namespace first met through cwd.
  for (const info of all) {
    const namespace = mountNamespaceOf(info.pid);
    if (namespace !== undefined && namespaces.has(namespace)) found.set(info.pid, info);
  }
  addDescendants(all, found);
  return [...found.values()];
}

function addDescendants(all: ProcessInfo[], found: Map<number, ProcessInfo>): void {
  let grew = true;
  while (grew) {
    grew = false;
    for (const info of all) {
      if (!found.has(info.pid) && found.has(info.ppid)) {
        found.set(info.pid, info);
        grew = true;
      }
    }
  }
}

export interface DaemonOptions {
  logFile: string;
  cwd: string;
  /** Variables added to the lab's environment for this process. */
  env?: Record<string, string>;
}

/**
 * Starts a process in its own session with output to a log file, and lets
 * it outlive this Node process (`skprun lab up` returns while hosts run).
 */
export function spawnDaemon(argv: string[], options: DaemonOptions): ProcessRecord {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { ...labEnvironment(), ...options.env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    // An exec failure (missing binary) arrives as an event, and the caller's wait notices the exit.
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${argv[0]}`);
    return recordOf(child.pid);
  } finally {
    closeSync(log);
  }
}

/** Polls `check` every intervalMs until it returns true or timeoutMs pass. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function signal(record: ProcessRecord, name: NodeJS.Signals): void {
  if (!isRunning(record)) return;
  try {
    process.kill(record.pid, name);
  } catch {
    // It exited between the check and the signal.
  }
}

/**
 * Sends SIGTERM, waits up to graceMs, then SIGKILL to whatever remains.
 * Returns the records that still run after that (normally none).
 */
export async function stopProcesses(
  records: ProcessRecord[],
  graceMs: number,
): Promise<ProcessRecord[]> {
  for (const record of records) signal(record, 'SIGTERM');
  const allExited = () => records.every((r) => !isRunning(r));
  if (await waitUntil(allExited, graceMs, 25)) return [];

  for (const record of records) signal(record, 'SIGKILL');
  await waitUntil(allExited, 5_000, 25);
  return records.filter((r) => isRunning(r));
}
