/**
 * Turns benchmark results into the printed table, the goal checks and the
 * text of bench/RESULTS.md.
 */
import { summarize, type Summary } from './measure.js';
import type { Machine } from './machine.js';
import type { CaseResult } from './series.js';
import type { Tool } from './tools.js';

export interface RunInfo {
  command: string;
  repeats: number;
  warmups: number;
  startupRuns: number;
  /** Host counts of the scale cases, smallest first. */
  scaleHosts: number[];
  loadBefore: string;
  loadAfter: string;
  /** Highest 1-minute load average sampled during the run (every 10 s). */
  highestLoad: number;
  machine: Machine;
  /** Whether every scenario ran with the default settings. */
  complete: boolean;
}

function summaryOf(result: CaseResult | undefined, tool: Tool): Summary | undefined {
  return summarize((result?.samples[tool] ?? []).map((s) => s.ms));
}

function formatTime(ms: number, inMs: boolean): string {
  return inMs ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function cell(summary: Summary | undefined, inMs: boolean): string {
  if (!summary) return '—';
  const range = `${formatTime(summary.min, inMs)}–${formatTime(summary.max, inMs)}`;
  return `${formatTime(summary.median, inMs)} (${range})`;
}

function ratio(a: Summary | undefined, b: Summary | undefined): string {
  if (!a || !b) return '—';
  const value = a.median / b.median;
  return value < 1 ? `${value.toFixed(3)} (${(1 / value).toFixed(1)}× faster)` : `${value.toFixed(2)}`;
}

function peakMemory(result: CaseResult | undefined): number | undefined {
  const values = (result?.samples.skprun ?? []).map((s) => s.maxRssKib ?? 0);
  return values.length > 0 ? Math.max(...values) : undefined;
}

function mebibytes(kib: number | undefined): string {
  return kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MiB`;
}

/** Formats the results as a Markdown table: medians with min–max, ratios of medians. */
export function resultsTable(results: CaseResult[]): string {
  const header = [
    '| Scenario | runs | skprun | Ansible | floor | skprun/Ansible | skprun/floor | skprun peak RSS |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const rows = results.map((result) => {
    const inMs = result.id.startsWith('startup');
    const [skprun, ansible, floor] = (['skprun', 'ansible', 'floor'] as Tool[]).map((t) => summaryOf(result, t));
    const runs = skprun?.count ?? 0;
    const memory = inMs ? '—' : mebibytes(peakMemory(result));
    return `| ${result.title} | ${runs} | ${cell(skprun, inMs)} | ${cell(ansible, inMs)} | ${cell(floor, inMs)} | ${ratio(skprun, ansible)} | ${ratio(skprun, floor)} | ${memory} |`;
  });
  return [...header, ...rows].join('\n');
}

interface Goal {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

function find(results: CaseResult[], id: string): CaseResult | undefined {
  return results.find((r) => r.id === id);
}

function speedupGoal(results: CaseResult[], id: string, factor: number, goal: string): Goal {
  const result = find(results, id);
  const skprun = summaryOf(result, 'skprun');
  const ansible = summaryOf(result, 'ansible');
  if (!skprun || !ansible) return { goal, measured: 'not measured', met: undefined };
  const speedup = ansible.median / skprun.median;
  return { goal, measured: `${speedup.toFixed(1)}× faster`, met: speedup >= factor };
}

function floorGoal(results: CaseResult[], id: string, limit: number, goal: string): Goal {
  const result = find(results, id);
  const skprun = summaryOf(result, 'skprun');
  const floor = summaryOf(result, 'floor');
  if (!skprun || !floor) return { goal, measured: 'not measured', met: undefined };
  const value = skprun.median / floor.median;
  return { goal, measured: `${value.toFixed(2)}× the floor`, met: value <= limit };
}

function startupGoal(results: CaseResult[], id: string, limitMs: number, goal: string): Goal {
  const skprun = summaryOf(find(results, id), 'skprun');
  if (!skprun) return { goal, measured: 'not measured', met: undefined };
  return { goal, measured: `${skprun.median.toFixed(0)} ms (median)`, met: skprun.median < limitMs };
}

function growthGoal(results: CaseResult[], small: number, large: number, phase: string): Goal {
  const goal = `20 tasks ${phase}: time from ${small} to ${large} hosts grows no faster than the host count (${(large / small).toFixed(1)}×)`;
  const from = summaryOf(find(results, `tasks20-${small}-${phase}`), 'skprun');
  const to = summaryOf(find(results, `tasks20-${large}-${phase}`), 'skprun');
  if (!from || !to) return { goal, measured: 'not measured', met: undefined };
  const growth = to.median / from.median;
  return { goal, measured: `${growth.toFixed(2)}×`, met: growth <= large / small };
}

function memoryGoal(results: CaseResult[], hosts: number): Goal {
  const goal = `peak memory at ${hosts} hosts < 250 MB`;
  const peaks = ['first', 'rerun'].map((phase) => peakMemory(find(results, `tasks20-${hosts}-${phase}`)));
  const known = peaks.filter((p): p is number => p !== undefined);
  if (known.length === 0) return { goal, measured: 'not measured', met: undefined };
  const peak = Math.max(...known);
  return { goal, measured: `${(peak * 1024 / 1e6).toFixed(0)} MB (${mebibytes(peak)}), max of all runs`, met: peak * 1024 < 250e6 };
}

export function evaluateGoals(results: CaseResult[], scaleHosts: number[]): Goal[] {
  const small = scaleHosts[0];
  const large = scaleHosts[scaleHosts.length - 1];
  return [
    speedupGoal(results, 'registry-rerun', 10, 'registry re-run on 5 hosts ≥ 10× faster than Ansible'),
    floorGoal(results, 'registry-rerun', 1.3, 'registry re-run on 5 hosts ≤ 1.3× the floor'),
    speedupGoal(results, 'registry-first', 3, 'registry first run ≥ 3× faster than Ansible'),
    speedupGoal(results, 'tasks20-20-rerun', 20, '20 tasks on 20 hosts, re-run ≥ 20× faster than Ansible'),
    floorGoal(results, `tasks20-${large}-rerun`, 1.5, `20 tasks on ${large} hosts, re-run ≤ 1.5× the floor`),
    memoryGoal(results, large),
    growthGoal(results, small, large, 'rerun'),
    growthGoal(results, small, large, 'first'),
    startupGoal(results, 'startup-version', 150, '`skprun --version` < 150 ms'),
    startupGoal(results, 'startup-syntax', 300, '`skprun --syntax-check playbooks/registry.yml` < 300 ms'),
  ];
}

export function goalsTable(goals: Goal[]): string {
  const rows = goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met === undefined ? 'not measured' : g.met ? 'met' : 'not met'} |`);
  return ['| Goal | Measured | Status |', '|---|---|---|', ...rows].join('\n');
}

export function problemsList(results: CaseResult[]): string {
  const lines = results.flatMap((r) => r.problems.map((p) => `- ${r.title}: ${p}`));
  return lines.length > 0 ? lines.join('\n') : 'None: every run exited 0, and every re-run reported no change on any host.';
}
