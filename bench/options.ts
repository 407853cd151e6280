/**
 * The benchmark's command-line options (`npm run bench -- --scenario
 * tasks20 --repeats 2`).
 */
import { parseArgs } from 'node:util';

export const scenarioNames = ['startup', 'registry', 'tasks20', 'scale'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface BenchOptions {
  scenarios: ScenarioName[];
  repeats: number;
  warmups: number;
  startupRuns: number;
  /** Host counts of the scale scenario, smallest first. */
  scaleHosts: number[];
  maxPerLab: number;
  /** File for the results page; when unset, bench/RESULTS.md after a complete run only. */
  resultsFile?: string;
  help: boolean;
}

export const defaults = { repeats: 5, warmups: 1, startupRuns: 30, scaleHosts: [50, 200], maxPerLab: 99 };

export const usage = `usage: npm run bench -- [options]

  --scenario NAME    run only this scenario (repeatable, or a comma list):
                     startup   skprun --version and --syntax-check
                     registry  playbooks/registry.yml on 5 Docker lab hosts
                     tasks20   20 tasks on 20 hosts, against Ansible
                     scale     20 tasks on 50 and 200 hosts, against the floor
  --repeats N        measured rounds per scenario (default ${defaults.repeats})
  --warmups N        rounds run first and not counted (default ${defaults.warmups})
  --startup-runs N   runs per start-up command (default ${defaults.startupRuns})
  --scale-hosts A,B  host counts of the scale scenario (default ${defaults.scaleHosts.join(',')})
  --max-per-lab N    hosts per lab, at most 99 (default ${defaults.maxPerLab})
  --results FILE     write the results page to FILE; without it, only a
                     complete run with default settings writes bench/RESULTS.md
`;

function positive(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} should be an integer of at least ${min}, got ${text}`);
  return value;
}

function parseScenarios(values: string[] | undefined): ScenarioName[] {
  if (!values || values.length === 0) return [...scenarioNames];
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const name of names) {
    if (!(scenarioNames as readonly string[]).includes(name)) {
      throw new Error(`--scenario ${name} is unknown; expected one of ${scenarioNames.join(', ')}`);
    }
  }
  return scenarioNames.filter((n) => names.includes(n));
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', multiple: true },
      repeats: { type: 'string' },
      warmups: { type: 'string' },
      'startup-runs': { type: 'string' },
      'scale-hosts': { type: 'string' },
      'max-per-lab': { type: 'string' },
      results: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const scaleHosts = values['scale-hosts']
    ? values['scale-hosts'].split(',').map((v) => positive('scale-hosts', v, 0))
    : defaults.scaleHosts;
  const maxPerLab = positive('max-per-lab', values['max-per-lab'], defaults.maxPerLab);
  if (maxPerLab > 99) throw new Error(`--max-per-lab should be at most 99 (the lab's limit), got ${maxPerLab}`);
  return {
    scenarios: parseScenarios(values.scenario),
    repeats: positive('repeats', values.repeats, defaults.repeats),
    warmups: positive('warmups', values.warmups, defaults.warmups, 0),
    startupRuns: positive('startup-runs', values['startup-runs'], defaults.startupRuns),
    scaleHosts: [...scaleHosts].sort((a, b) => a - b),
    maxPerLab,
    resultsFile: values.results,
    help: Boolean(values.help),
  };
}

/** Tells whether the run covers every scenario with the default settings, as RESULTS.md needs. */
export function isCompleteRun(options: BenchOptions): boolean {
  return (
    options.scenarios.length === scenarioNames.length &&
    options.repeats >= defaults.repeats &&
    options.warmups >= defaults.warmups &&
    options.scaleHosts.join(',') === defaults.scaleHosts.join(',')
  );
}
