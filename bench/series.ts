/**
 * Runs a scenario's tools in alternating rounds: one warm-up round whose
 * times are dropped, then the measured rounds. Each round runs every tool
 * once, in an order that rotates from round to round, so that a slow
 * stretch of a busy machine does not fall on one tool alone. For a first
 * run the hosts are reset before each tool, and the tool's re-run follows
 * its own first run, so every re-run starts from the state that same tool
 * converged to.
 */
import { measure, type Command, type Measurement } from './measure.js';
import { closeAnsibleMasters, parseRecap, type Tool } from './tools.js';

export type Phase = 'first' | 'rerun';

export interface Sample {
  ms: number;
  maxRssKib?: number;
}

export interface CaseResult {
  /** Stable id used by the goals, e.g. `tasks20-200-rerun`. */
  id: string;
  title: string;
  hosts: number;
  samples: Partial<Record<Tool, Sample[]>>;
  /** Failed or unconverged runs, one line each. */
  problems: string[];
}

export interface SeriesSpec {
  /** Id prefix and title; `-first` / `-rerun` and the phase are added. */
  id: string;
  title: string;
  hosts: number;
  tools: Tool[];
  phases: Phase[];
  command: (tool: Tool, phase: Phase) => Command & { controlDir?: string };
  /** Puts the hosts back to their state before any first run; untimed. */
  reset: () => Promise<void>;
  repeats: number;
  warmups: number;
  log: (line: string) => void;
}

const ERROR_LINE = /fatal:|failed|error|unreachable/i;

/** Picks the lines of a failed run's output that name the error, else its last lines. */
function errorExcerpt(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const flagged = lines.filter((l) => ERROR_LINE.test(l) && !/^\S+\s+:\s+ok=/.test(l));
  return (flagged.length > 0 ? flagged : lines).slice(-4).join(' | ').slice(0, 600);
}

/** Names what is wrong with a run, or returns undefined for a good one. */
export function checkRun(tool: Tool, phase: Phase, hosts: number, run: Measurement): string | undefined {
  if (run.exitCode !== 0) return `exit status ${run.exitCode}: ${errorExcerpt(`${run.stderr}\n${run.stdout}`)}`;
  if (tool === 'floor') return undefined;

  const recap = parseRecap(run.stdout);
  if (recap.size !== hosts) return `the recap lists ${recap.size} hosts, expected ${hosts}`;
  const rows = [...recap.entries()];
  const failing = rows.filter(([, r]) => r.failed > 0 || r.unreachable > 0).map(([h]) => h);
  if (failing.length > 0) return `failed or unreachable on ${failing.join(', ')}`;
  if (phase === 'rerun') {
    const changed = rows.filter(([, r]) => r.changed > 0).map(([h, r]) => `${h} changed=${r.changed}`);
    if (changed.length > 0) return `the re-run changed something: ${changed.slice(0, 5).join(', ')}`;
  } else {
    const unchanged = rows.filter(([, r]) => r.changed === 0).map(([h]) => h);
    if (unchanged.length > 0) return `the first run changed nothing on ${unchanged.slice(0, 5).join(', ')}`;
  }
  return undefined;
}

function rotate<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

async function runOnce(spec: SeriesSpec, tool: Tool, phase: Phase): Promise<{ sample?: Sample; problem?: string }> {
  const command = spec.command(tool, phase);
  let run: Measurement;
  try {
    run = await measure(command, { memory: true });
  } finally {
    if (command.controlDir) closeAnsibleMasters(command.controlDir);
  }
  const problem = checkRun(tool, phase, spec.hosts, run);
  if (problem) return { problem };
  return { sample: { ms: run.ms, maxRssKib: run.maxRssKib } };
}

/** Runs the series and returns one result per phase. */
export async function runSeries(spec: SeriesSpec): Promise<CaseResult[]> {
  const results = new Map<Phase, CaseResult>();
  for (const phase of spec.phases) {
    const title = `${spec.title}, ${phase === 'first' ? 'first run' : 're-run'}, ${spec.hosts} hosts`;
    results.set(phase, { id: `${spec.id}-${phase}`, title, hosts: spec.hosts, samples: {}, problems: [] });
  }
  // A tool that fails twice is left out of the remaining rounds.
  const failures = new Map<Tool, number>();

  for (let round = 0; round < spec.warmups + spec.repeats; round++) {
    const measured = round >= spec.warmups;
    for (const tool of rotate(spec.tools, round)) {
      if ((failures.get(tool) ?? 0) >= 2) continue;
      if (spec.phases.includes('first')) await spec.reset();
      for (const phase of spec.phases) {
        const result = results.get(phase) as CaseResult;
        const { sample, problem } = await runOnce(spec, tool, phase);
        const label = `${result.id} ${tool} ${measured ? `#${round - spec.warmups + 1}` : 'warm-up'}`;
        if (problem) {
          failures.set(tool, (failures.get(tool) ?? 0) + 1);
          result.problems.push(`${tool}: ${problem}`);
          spec.log(`${label}: FAILED: ${problem}`);
          break;
        }
        spec.log(`${label}: ${((sample as Sample).ms / 1000).toFixed(2)} s`);
        if (measured) (result.samples[tool] ??= []).push(sample as Sample);
      }
    }
  }
  return [...results.values()];
}
