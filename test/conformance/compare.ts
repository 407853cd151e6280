/**
 * Runs one conformance playbook with ansible-playbook and with skprun on
 * the same lab hosts, resetting the hosts before each run. It collects the
 * exit code, the recap and the values that the playbook wrote per host to
 * `{{ conformance_out }}/HOST.json`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HostStats } from '../../src/engine/events.js';
import type { LabState } from '../../src/lab/index.js';
import { connectLabHost } from '../support/lab.js';
import { recapOf, runSkprun } from '../support/run-skprun.js';
import { conformanceDir, parseRecap, runAnsiblePlaybook, type ToolOutput } from './ansible-run.js';

export interface ToolResult {
  exitCode: number;
  recap: Record<string, HostStats>;
  /** The JSON each host wrote, by host name, normalised. */
  values: Record<string, unknown>;
  /** The tool's output, for failure messages. */
  output: string;
  /** Hosts whose snapshot output changed during the compared run. */
  changedHosts: string[];
}

export interface Comparison {
  ansible: ToolResult;
  skprun: ToolResult;
}

export interface CompareOptions {
  /** Extra command-line arguments, given to both tools. */
  args?: string[];
  /**
   * Dotted paths into each host's values to leave out of the comparison,
   * `*` for any key or index: the known disagreements of the area.
   */
  ignore?: string[];
  /** Shell command run on every host before each tool's runs, beside removing /srv/conformance. */
  reset?: string;
  /** Runs the playbook once without `args` first, so the compared run meets a converged host. */
  converge?: boolean;
  /** Shell command run on every host after the converging run. */
  edit?: string;
  /** Shell command whose output must be the same before and after the compared run. */
  snapshot?: string;
}

/**
 * Keys left out everywhere: timings differ between any two runs, and
 * `invocation` is Ansible's echo of a module's arguments, which skprun
 * does not return.
 */
const UNCOMPARED_KEYS = new Set(['start', 'end', 'delta', 'invocation']);

/** Removes the host state the playbooks make, so both tools start alike. */
async function resetHosts(lab: LabState, options: CompareOptions): Promise<void> {
  const reset = ['rm -rf /srv/conformance', options.reset].filter(Boolean).join('; ');
  await runOnHosts(lab, reset, 'reset the host before a run');
}

/** Runs a command on every host and returns its stdout by host name. */
async function runOnHosts(lab: LabState, command: string, purpose: string): Promise<Record<string, string>> {
  const outputs = await Promise.all(
    lab.hosts.map(async (host) => {
      const connection = await connectLabHost(host.name);
      const result = await connection.exec(command);
      if (result.exitCode !== 0) throw new Error(`${host.name}: failed to ${purpose}: ${result.stderr}`);
      return [host.name, result.stdout] as const;
    }),
  );
  return Object.fromEntries(outputs);
}

async function runOnce(tool: 'ansible' | 'skprun', args: string[]): Promise<ToolOutput> {
  if (tool === 'ansible') return runAnsiblePlaybook(args);
  const run = await runSkprun([...args.slice(0, -1), '--output', 'json', ...args.slice(-1)]);
  return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Converges and edits the hosts when asked, and snapshots them before the compared run. */
async function prepareHosts(
  tool: 'ansible' | 'skprun',
  lab: LabState,
  convergeArgs: string[],
  options: CompareOptions,
): Promise<Record<string, string>> {
  if (options.converge) {
    const run = await runOnce(tool, convergeArgs);
    if (run.exitCode !== 0) throw new Error(`${tool}: the converging run failed with exit code ${run.exitCode}:\n${run.stdout}\n${run.stderr}`);
  }
  if (options.edit) await runOnHosts(lab, options.edit, 'edit the host after converging');
  return options.snapshot ? runOnHosts(lab, options.snapshot, 'snapshot the host') : {};
}

async function changedHostsSince(lab: LabState, before: Record<string, string>, options: CompareOptions): Promise<string[]> {
  if (!options.snapshot) return [];
  const after = await runOnHosts(lab, options.snapshot, 'snapshot the host');
  return Object.keys(after).filter((host) => after[host] !== before[host]);
}

function dropPath(value: unknown, segments: string[]): void {
  if (value === null || typeof value !== 'object' || segments.length === 0) return;
  const [head, ...rest] = segments;
  const record = value as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(record) : [head];
  for (const key of keys) {
    if (rest.length === 0) delete record[key];
    else dropPath(record[key], rest);
  }
}

function dropUncompared(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUncompared);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key]) => !UNCOMPARED_KEYS.has(key));
  return Object.fromEntries(entries.map(([key, inner]) => [key, dropUncompared(inner)]));
}

/** Reads HOST.json files, without the uncompared keys and the ignored paths. */
export function readValues(outDir: string, ignore: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.json')).sort()) {
    const value = dropUncompared(JSON.parse(readFileSync(path.join(outDir, file), 'utf8')));
    for (const ignored of ignore) dropPath(value, ignored.split('.'));
    values[path.basename(file, '.json')] = value;
  }
  return values;
}

async function runTool(
  tool: 'ansible' | 'skprun',
  lab: LabState,
  playbook: string,
  options: CompareOptions,
): Promise<ToolResult> {
  await resetHosts(lab, options);
  const outDir = mkdtempSync(path.join(tmpdir(), `skprun-conformance-${tool}-`));
  const common = ['-i', lab.inventoryFile, '-e', `conformance_out=${outDir}`];
  const playbookPath = path.join(conformanceDir, 'playbooks', playbook);
  try {
    const before = await prepareHosts(tool, lab, [...common, playbookPath], options);
    const runArgs = [...common, ...(options.args ?? []), playbookPath];
    if (tool === 'ansible') {
      const run = await runAnsiblePlaybook(runArgs);
      const output = `${run.stdout}\n${run.stderr}`;
      const changedHosts = await changedHostsSince(lab, before, options);
      return { exitCode: run.exitCode, recap: parseRecap(run.stdout), values: readValues(outDir, options.ignore ?? []), output, changedHosts };
    }
    const run = await runSkprun([...common, ...(options.args ?? []), '--output', 'json', playbookPath]);
    const output = `${run.stdout}\n${run.stderr}`;
    const changedHosts = await changedHostsSince(lab, before, options);
    return { exitCode: run.status, recap: recapOf(run), values: readValues(outDir, options.ignore ?? []), output, changedHosts };
  } finally {
    // SKPRUN_CONFORMANCE_KEEP=1 keeps the written values for a look at a failure.
    if (process.env.SKPRUN_CONFORMANCE_KEEP) process.stderr.write(`  ${tool} values kept in ${outDir}\n`);
    else rmSync(outDir, { recursive: true, force: true });
  }
}

/** Runs the playbook (a file under playbooks/) with both tools, Ansible first. */
export async function compareTools(lab: LabState, playbook: string, options: CompareOptions = {}): Promise<Comparison> {
  const ansible = await runTool('ansible', lab, playbook, options);
  const skprun = await runTool('skprun', lab, playbook, options);
  return { ansible, skprun };
}
