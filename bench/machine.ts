/**
 * The machine a benchmark ran on, for the results page: hardware, kernel,
 * tool versions and how busy the machine was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGib: number;
  kernel: string;
  node: string;
  ansible: string;
  communityDocker: string;
  openssh: string;
  hyperfine: string;
  date: string;
}

function firstLine(argv: string[], fallback: string): string {
  try {
    const output = execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return output.trim().split('\n')[0] || fallback;
  } catch {
    return fallback;
  }
}

/** Returns `ssh -V`, which prints the version on stderr. */
function sshVersion(): string {
  const result = spawnSync('ssh', ['-V'], { encoding: 'utf8' });
  return (result.stderr || result.stdout || 'unknown').trim();
}

function communityDockerVersion(): string {
  try {
    const argv = ['collection', 'list', 'community.docker'];
    const output = execFileSync('ansible-galaxy', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /community\.docker\s+(\S+)/.exec(output)?.[1] ?? 'not found';
  } catch {
    return 'not found';
  }
}

function cpuModel(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    ansible: firstLine(['ansible-playbook', '--version'], 'not installed'),
    communityDocker: communityDockerVersion(),
    openssh: sshVersion(),
    hyperfine: firstLine(['hyperfine', '--version'], 'not installed'),
    date: new Date().toISOString(),
  };
}

/** Returns the 1, 5 and 15 minute load averages, as `uptime` prints them. */
export function loadAverages(): string {
  return os.loadavg().map((load) => load.toFixed(2)).join(', ');
}
