/**
 * Scenario 3: start-up. `skprun --version` and `skprun --syntax-check` of
 * the registry playbook, against ansible-playbook doing the same and,
 * as the floor, Node.js starting and exiting (`node -e 0`). Timed with
 * hyperfine when it is installed (each command's runs back to back, with
 * no shell between), else with the bench's own alternating loop.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measure, type Command } from '../measure.js';
import type { CaseResult, Sample } from '../series.js';
import { benchDir, projectDir, skprunCommand, type Tool } from '../tools.js';

interface StartupCase {
  id: string;
  title: string;
  commands: Record<Tool, Command>;
}

function startupCases(): StartupCase[] {
  const ansibleEnv = { ANSIBLE_CONFIG: path.join(benchDir, 'ansible.cfg') };
  const nodeFloor: Command = { argv: [process.execPath, '-e', '0'], cwd: projectDir };
  const registry = path.join('playbooks', 'registry.yml');
  const ansibleRegistry = path.join('bench', 'ansible', 'registry.yml');
  return [
    {
      id: 'startup-version',
      title: 'start-up: --version',
      commands: {
        skprun: skprunCommand(['--version']),
        ansible: { argv: ['ansible-playbook', '--version'], cwd: projectDir, env: ansibleEnv },
        floor: nodeFloor,
      },
    },
    {
      id: 'startup-syntax',
      title: 'start-up: --syntax-check of the registry playbook',
      commands: {
        skprun: skprunCommand(['--syntax-check', registry]),
        ansible: { argv: ['ansible-playbook', '-i', 'localhost,', '--syntax-check', ansibleRegistry], cwd: projectDir, env: ansibleEnv },
        floor: nodeFloor,
      },
    },
  ];
}

export function hyperfineVersion(): string | undefined {
  try {
    return execFileSync('hyperfine', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

interface HyperfineResult {
  command: string;
  times: number[];
  exit_codes?: number[];
}

function hyperfineSamples(commands: Command[], runs: number): Sample[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'skpbench-hyperfine-'));
  const exportFile = path.join(dir, 'results.json');
  try {
    const lines = commands.map((c) => c.argv.join(' '));
    const env = { ...process.env, ...Object.assign({}, ...commands.map((c) => c.env ?? {})) };
    const argv = ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', exportFile, ...lines];
    const result = spawnSync('hyperfine', argv, { cwd: projectDir, env, encoding: 'utf8' });
    if (result.status !== 0) {
      const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' | ');
      throw new Error(`hyperfine failed with exit status ${result.status}: ${tail}`);
    }
    const report = JSON.parse(readFileSync(exportFile, 'utf8')) as { results: HyperfineResult[] };
    return report.results.map((r) => r.times.map((seconds) => ({ ms: seconds * 1000 })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loopSamples(commands: Command[], runs: number): Promise<Sample[][]> {
  const samples: Sample[][] = commands.map(() => []);
  for (let round = 0; round < runs + 3; round++) {
    for (const [index, command] of commands.entries()) {
      const run = await measure(command);
      if (run.exitCode !== 0) throw new Error(`${command.argv.join(' ')} failed with exit status ${run.exitCode}: ${run.stderr.trim()}`);
      if (round >= 3) samples[index].push({ ms: run.ms });
    }
  }
  return samples;
}

/** Checks each command once, so that a failing one is reported rather than timed. */
async function checkCommands(commands: Command[]): Promise<string[]> {
  const problems: string[] = [];
  for (const command of commands) {
    const run = await measure(command);
    if (run.exitCode !== 0) problems.push(`${command.argv.join(' ')}: exit status ${run.exitCode}: ${(run.stderr || run.stdout).trim().slice(0, 400)}`);
  }
  return problems;
}

export async function runStartupScenario(runs: number, log: (line: string) => void): Promise<CaseResult[]> {
  const useHyperfine = hyperfineVersion() !== undefined;
  const results: CaseResult[] = [];
  for (const startup of startupCases()) {
    const tools = Object.keys(startup.commands) as Tool[];
    const commands = tools.map((t) => startup.commands[t]);
    const result: CaseResult = { id: startup.id, title: startup.title, hosts: 0, samples: {}, problems: await checkCommands(commands) };
    if (result.problems.length === 0) {
      try {
        const samples = useHyperfine ? hyperfineSamples(commands, runs) : await loopSamples(commands, runs);
        tools.forEach((tool, i) => (result.samples[tool] = samples[i]));
      } catch (error) {
        result.problems.push((error as Error).message);
      }
    }
    log(`${startup.id}: ${result.problems.length === 0 ? `${runs} runs each${useHyperfine ? ' (hyperfine)' : ''}` : `FAILED: ${result.problems.join('; ')}`}`);
    results.push(result);
  }
  return results;
}
