/**
 * Folders of this machine that each lab host covers with a folder of its
 * own, so that what a playbook writes there stays on that host: /root
 * (root's home, which holds nothing of this machine's), /home (the lab
 * users' homes), /srv, /opt and /tmp.
 *
 * /tmp stays this machine's when the state folder is under it, as it is
 * for the test labs (os.tmpdir()): hosts then share /tmp with this machine
 * and with each other. For the other folders, a host that covers the state
 * folder mounts it back at its own path inside the covering folder, so the
 * host still sees its sshd config, its keys and the shared folder there.
 */
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { HostPaths } from './paths.js';

export interface PrivateFolder {
  /** The folder of this machine that the host covers, e.g. /srv. */
  target: string;
  /** The host's own folder, under its state folder, mounted on `target`. */
  source: string;
  mode: number;
}

/** Folders that hosts cover; /tmp only where privateFolders keeps it. */
export const privateFolderTargets = ['/root', '/home', '/srv', '/opt', '/tmp'] as const;

export function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}

/** Lists the host's private folders; /tmp only when the state folder is not under it. */
export function privateFolders(paths: HostPaths): PrivateFolder[] {
  // prettier-ignore
  const folders: PrivateFolder[] = [
    { target: '/root', source: paths.home, mode: 0o700 },
    { target: '/home', source: paths.homes, mode: 0o755 },
    { target: '/srv', source: paths.srv, mode: 0o755 },
    { target: '/opt', source: paths.opt, mode: 0o755 },
    { target: '/tmp', source: paths.tmp, mode: 0o1777 },
  ];
  return folders.filter((f) => f.target !== '/tmp' || !isInside(paths.stateDir, '/tmp'));
}

/**
 * Returns where the state folder must appear inside `folder.source` so that
 * it keeps its path once the source covers the target, or undefined when the
 * state folder is not under the target.
 */
export function stateDirInside(folder: PrivateFolder, stateDir: string): string | undefined {
  if (!isInside(stateDir, folder.target)) return undefined;
  return path.join(folder.source, path.relative(folder.target, stateDir));
}

/**
 * Builds the mount commands run inside the host's mount namespace. A folder
 * that contains the state folder gets the state folder bound inside it
 * first, and is then mounted with --rbind so that this inner mount comes
 * along.
 */
export function privateFolderCommands(paths: HostPaths): string[][] {
  return privateFolders(paths).flatMap((folder) => {
    const inner = stateDirInside(folder, paths.stateDir);
    if (!inner) return [['mount', '--bind', folder.source, folder.target]];
    return [
      ['mount', '--bind', paths.stateDir, inner],
      ['mount', '--rbind', folder.source, folder.target],
    ];
  });
}

/** Creates the host's private folders, and the folders that the state folder is bound on. */
export async function makePrivateFolders(paths: HostPaths): Promise<void> {
  for (const folder of privateFolders(paths)) {
    await mkdir(folder.source, { recursive: true });
    // mkdir applies the umask, and the sticky bit of /tmp needs chmod anyway.
    await chmod(folder.source, folder.mode);
    const inner = stateDirInside(folder, paths.stateDir);
    if (inner) await mkdir(inner, { recursive: true });
  }
}
