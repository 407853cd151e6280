/**
 * Folders of this machine that the hosts mount their own folders on. A bind
 * mount needs its target to exist, and docker.io creates /var/lib/docker only
 * when its engine first runs, so the lab may have to create one. It leaves a
 * marker file in what it created, so that whichever lab goes down last
 * removes the folder, and only once no mount namespace uses it.
 */
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LabError } from './lab-error.js';
import { listProcesses, mountNamespaceOf } from './processes.js';

/**
 * The folders every host mounts its own copy on that a machine may lack;
 * /etc, /run, /root and /tmp exist on every Linux machine.
 */
export const hostMountPoints = ['/var/lib/nfs', '/var/lib/docker', '/srv', '/opt', '/home'] as const;

/** File that marks a mount point folder as made by the lab. */
export const mountPointMarker = '.skprun-lab-mount-point';
const modes: Record<string, number> = { '/var/lib/docker': 0o711 };

/** Creates the folder (with its marker) unless it exists. */
export async function ensureMountPoint(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
    throw new LabError(`${dir} exists but is not a folder; lab hosts mount their own folder on it`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await mkdir(dir, { mode: modes[dir] ?? 0o755 });
  } catch (error) {
    // Another lab starting at the same moment made it first.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  await writeFile(
    path.join(dir, mountPointMarker),
    'Created by the skprun lab as a mount point; removed by the last lab to go down.\n',
  );
}

/**
 * Removes a folder the lab created, if it contains only the marker and no
 * namespace mounts on it.
 * NOTE: a lab whose labUp runs at this moment, past ensureMountPoint but
 * before its mounts, then fails with "mount point does not exist"; running
 * it again succeeds.
 */
export async function releaseMountPoint(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries || entries.length !== 1 || entries[0] !== mountPointMarker) return;
  if (await isMountPointAnywhere(dir)) return;
  await rm(path.join(dir, mountPointMarker), { force: true });
  await rmdir(dir).catch(() => undefined);
}

/** Unescapes a path field of /proc/PID/mountinfo (spaces are written \040). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

/**
 * Checks whether any mount namespace has a mount on dir. Removing a folder that is
 * a mount point in another namespace detaches that mount (Linux 3.18 and
 * later), which would break another lab that is still up.
 */
export async function isMountPointAnywhere(dir: string): Promise<boolean> {
  const seen = new Set<string>();
  for (const info of listProcesses()) {
    const namespace = mountNamespaceOf(info.pid);
    if (!namespace || seen.has(namespace)) continue;
    seen.add(namespace);
    const table = await readFile(`/proc/${info.pid}/mountinfo`, 'utf8').catch(() => '');
    for (const line of table.split('\n')) {
      const mountPoint = line.split(' ')[4];
      if (mountPoint !== undefined && unescapeMountField(mountPoint) === dir) return true;
    }
  }
  return false;
}

/** Mount points of this machine's namespace that lie under dir. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  return table
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined)
    .map(unescapeMountField)
    .filter((mountPoint) => mountPoint === dir || mountPoint.startsWith(`${dir}/`));
}
