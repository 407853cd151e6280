/**
 * skprun's benchmark: `npm run bench` (see bench/options.ts for options).
 * Brings up its own labs, runs every scenario with skprun, Ansible and the
 * floor, prints the table and, after a complete run, writes
 * bench/RESULTS.md. Every lab it starts comes down again, also on errors
 * and on Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLabs, stopLabs, type BenchLabs } from './labs.js';
import { InterruptedError, interruptCommands } from './measure.js';
import { describeMachine, loadAverages } from './machine.js';
import { isCompleteRun, parseOptions, usage, type BenchOptions } from './options.js';
import { evaluateGoals, goalsTable, problemsList, resultsTable } from './report.js';
import { resultsPage } from './results-page.js';
import { runRegistryScenario } from './scenarios/registry.js';
import { runStartupScenario } from './scenarios/startup.js';
import { runTasksScenario } from './scenarios/tasks20.js';
import type { CaseResult } from './series.js';
import { snapshotSkprun } from './snapshot.js';
import { benchDir, projectDir, useSkprunBin } from './tools.js';

const registryPrefix = '127.0.6';
const plainPrefixes = ['127.0.7', '127.0.8', '127.0.9', '127.0.10'];
const registryHosts = 5;
const tasksHosts = 20;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Runs body with the labs up and brings them down afterwards, also when body throws. */
async function withLabs<T>(
  request: Parameters<typeof startLabs>[1],
  started: string[],
  body: (labs: BenchLabs) => Promise<T>,
): Promise<T> {
  const before = started.length;
  try {
    return await body(await startLabs(projectDir, request, started, log));
  } finally {
    const problems = await stopLabs(started.splice(before), log);
    for (const problem of problems) log(`bringing a lab down failed: ${problem}`);
  }
}

async function runPlainScenarios(options: BenchOptions, started: string[]): Promise<CaseResult[]> {
  const counts = [...(options.scenarios.includes('tasks20') ? [tasksHosts] : []), ...(options.scenarios.includes('scale') ? options.scaleHosts : [])];
  const request = { name: 'plain', hosts: Math.max(...counts), docker: false, prefixes: plainPrefixes, maxPerLab: options.maxPerLab };
  const rounds = { repeats: options.repeats, warmups: options.warmups, log };
  return withLabs(request, started, async (labs) => {
    const results: CaseResult[] = [];
    if (options.scenarios.includes('tasks20')) {
      results.push(...(await runTasksScenario(labs, { hosts: tasksHosts, tools: ['skprun', 'ansible', 'floor'], ...rounds })));
    }
    if (options.scenarios.includes('scale')) {
      for (const hosts of options.scaleHosts) results.push(...(await runTasksScenario(labs, { hosts, tools: ['skprun', 'floor'], ...rounds })));
    }
    return results;
  });
}

async function runScenarios(options: BenchOptions, started: string[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  if (options.scenarios.includes('startup')) results.push(...(await runStartupScenario(options.startupRuns, log)));
  if (options.scenarios.includes('registry')) {
    const request = { name: 'registry', hosts: registryHosts, docker: true, prefixes: [registryPrefix], maxPerLab: options.maxPerLab };
    const rounds = { repeats: options.repeats, warmups: options.warmups, log };
    results.push(...(await withLabs(request, started, (labs) => runRegistryScenario(labs, rounds))));
  }
  if (options.scenarios.includes('tasks20') || options.scenarios.includes('scale')) results.push(...(await runPlainScenarios(options, started)));
  return results;
}

/**
 * On the first Ctrl-C (or SIGTERM), stops the running command so that the
 * scenarios unwind and bring their labs down; a second one exits at once.
 */
function handleInterrupts(): void {
  let count = 0;
  const stop = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    log(`${signal}: stopping the running command, then bringing the labs down (again to exit at once)`);
    interruptCommands();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Samples the 1-minute load average every 10 s, so the page can give the highest seen during the run. */
function sampleLoad(): { stop: () => number } {
  let highest = os.loadavg()[0];
  const timer = setInterval(() => (highest = Math.max(highest, os.loadavg()[0])), 10_000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(highest, os.loadavg()[0]);
    },
  };
}

function printResults(results: CaseResult[], options: BenchOptions): void {
  process.stdout.write(`\n${resultsTable(results)}\n\n${goalsTable(evaluateGoals(results, options.scaleHosts))}\n\nProblems:\n${problemsList(results)}\n`);
}

/** Checks for the programs the scenarios run, so that a missing one stops the bench before any lab starts. */
function checkPrograms(options: BenchOptions): void {
  const needed = ['ssh', 'bash', '/usr/bin/time'];
  if (options.scenarios.some((s) => s !== 'scale')) needed.push('ansible-playbook');
  const missing = needed.filter((program) => spawnSync(program, ['--version'], { stdio: 'ignore' }).error !== undefined);
  if (missing.length > 0) {
    throw new Error(`the benchmark needs ${missing.join(', ')}; install them (Debian packages openssh-client, bash, time, ansible)`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) return void process.stdout.write(usage);
  if (process.getuid?.() !== 0) throw new Error('the benchmark starts lab hosts, which needs root on Linux');
  checkPrograms(options);

  const started: string[] = [];
  handleInterrupts();
  const snapshot = snapshotSkprun(projectDir);
  useSkprunBin(snapshot.bin);
  const loadBefore = loadAverages();
  const load = sampleLoad();
  let results: CaseResult[];
  try {
    results = await runScenarios(options, started);
  } finally {
    snapshot.remove();
  }
  const highestLoad = load.stop();
  const loadAfter = loadAverages();
  printResults(results, options);

  const complete = isCompleteRun(options);
  const file = options.resultsFile ?? (complete ? path.join(benchDir, 'RESULTS.md') : undefined);
  if (!file) return void log('not a complete run with default settings, so bench/RESULTS.md is left as it is (use --results FILE to write one)');
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const info = {
    command,
    repeats: options.repeats,
    warmups: options.warmups,
    startupRuns: options.startupRuns,
    scaleHosts: options.scaleHosts,
    loadBefore,
    loadAfter,
    highestLoad,
    machine: describeMachine(),
    complete,
  };
  writeFileSync(file, resultsPage(results, info));
  log(`results written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: Error) => {
  if (error instanceof InterruptedError) {
    log('interrupted; every lab the bench started is down');
    process.exitCode = 130;
    return;
  }
  process.stderr.write(`[bench] error: ${error.message}\n`);
  process.exitCode = 1;
});
