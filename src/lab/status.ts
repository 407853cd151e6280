/**
 * `labStatus`: the lab recorded in a state folder, whether `labUp` finished
 * it, and which of its processes still run.
 */
import { labPaths, resolveStateDir } from './paths.js';
import { isRunning } from './processes.js';
import { readLabRecord } from './state-file.js';
import type { LabStatus } from './types.js';

export async function labStatus(stateDir: string): Promise<LabStatus> {
  const record = await readLabRecord(labPaths(await resolveStateDir(stateDir)).stateFile);
  if (!record) return { state: undefined, running: {} };

  const running: LabStatus['running'] = {};
  for (const host of record.hosts) {
    running[host.name] = { sshd: isRunning(host.sshd) };
    if (record.lab.docker) running[host.name].docker = isRunning(host.dockerd);
  }
  if (record.phase === 'up') return { state: record.lab, phase: 'up', running };
  return { state: record.lab, phase: 'starting', labUpRunning: isRunning(record.upProcess), running };
}
