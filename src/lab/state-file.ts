/**
 * The lab's state file (lab-state.json in the state folder): the public
 * LabState plus everything `labDown` needs to undo, recorded as it is made,
 * so that a half-finished `labUp` can still be taken down.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { LabError } from './lab-error.js';
import type { ProcessRecord } from './processes.js';
import type { LabPhase, LabState } from './types.js';

export interface HostRecord {
  name: string;
  /** Process that keeps the host's mount and UTS namespaces alive. */
  holder?: ProcessRecord;
  /** The host's mount namespace, `mnt:[inode]`. */
  mountNamespace?: string;
  sshd?: ProcessRecord;
  dockerd?: ProcessRecord;
  /** Bridge interface made for the engine's default network. */
  bridge?: string;
  /** Subnets of the engine's networks; bridges inside them are the lab's. */
  bridgeSubnets: string[];
  cgroupParent?: string;
  dockerSocket?: string;
}

export interface LabRecord {
  format: 1;
  /** `starting` until `labUp` has finished. */
  phase: LabPhase;
  /** The process that ran `labUp`, to tell a lab still starting from one left half made. */
  upProcess?: ProcessRecord;
  addressPrefix: string;
  lab: LabState;
  hosts: HostRecord[];
  /** Network namespaces of behind pairs (`ip netns` names). */
  netns?: string[];
  /** Routes added to this machine, as `ip route add` takes them. */
  routes?: string[];
}

export async function readLabRecord(stateFile: string): Promise<LabRecord | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LabError(`cannot read lab state file ${stateFile}: ${(error as Error).message}`);
  }
  try {
    const record = JSON.parse(text) as LabRecord;
    if (record.format !== 1 || !Array.isArray(record.hosts)) throw new Error('unknown format');
    return record;
  } catch (error) {
    throw new LabError(
      `lab state file ${stateFile} is invalid (${(error as Error).message}); remove the lab's processes by hand, then the folder`,
    );
  }
}

/**
 * Keeps the record in memory and writes it after each change. Writes are
 * queued and replace the file by rename, so a reader never sees half a file.
 */
export class LabRecordStore {
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    readonly record: LabRecord,
  ) {}

  /** Applies a change to one host's record and writes the file. */
  updateHost(name: string, change: (host: HostRecord) => void): Promise<void> {
    return this.update((record) => {
      const host = record.hosts.find((h) => h.name === name);
      if (!host) throw new Error(`lab state has no host ${name}`);
      change(host);
    });
  }

  /** Applies a change to the record and writes it out. */
  update(change: (record: LabRecord) => void): Promise<void> {
    change(this.record);
    const text = `${JSON.stringify(this.record, null, 2)}\n`;
    const temporary = `${this.file}.${process.pid}.tmp`;
    // A failed write must not block the ones after it, so each starts afresh.
    this.pending = this.pending
      .catch(() => undefined)
      .then(async () => {
        await writeFile(temporary, text);
        await rename(temporary, this.file);
      });
    return this.pending;
  }
}
