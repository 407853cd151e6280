/**
 * Files a host gets before its namespace starts: the upper layer of its /etc
 * overlay (hostname, hosts, passwd, machine-id), its /run, /var/lib/nfs and
 * /var/lib/docker folders, root's home with empty shell start files, and
 * its private folders (private-folders.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeLabUsers } from './lab-users.js';
import { mountPointMarker } from './mount-points.js';
import type { HostPlan } from './plan.js';
import { makePrivateFolders } from './private-folders.js';
import { runCommand } from './run.js';

/**
 * Points root's passwd entry at the host's own home. A home of its own keeps
 * the machine's ~/.bashrc (which may start slow tools on every SSH command)
 * and ~/.docker out of the host. It lives under the state folder because
 * that path is the same inside the host and out.
 */
export function withRootHome(passwd: string, home: string): string {
  return passwd
    .split('\n')
    .map((line) => {
      const fields = line.split(':');
      if (fields[0] !== 'root' || fields.length < 7) return line;
      fields[5] = home;
      return fields.join(':');
    })
    .join('\n');
}

/** Appends one line per lab host to the machine's /etc/hosts, so hosts reach each other by name. */
export function withLabHosts(hosts: string, lab: { name: string; address: string }[]): string {
  const base = hosts.endsWith('\n') || hosts === '' ? hosts : `${hosts}\n`;
  const lines = lab.map((h) => `${h.address}\t${h.name}`);
  return `${base}# skprun lab hosts\n${lines.join('\n')}\n`;
}

/**
 * Files of the machine's /etc that identify one machine, and that each host
 * must not share: dockerd derives its engine ID from /etc/docker/key.json
 * and creates the file when it is missing.
 */
const machineIdentityFiles = ['docker/key.json'];

/** Hides a file of the lower /etc with an overlay whiteout (a 0:0 character device). */
async function hideFromOverlay(upper: string, relative: string, action: string): Promise<void> {
  const exists = await stat(path.join('/etc', relative)).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  await mkdir(path.dirname(path.join(upper, relative)), { recursive: true });
  await runCommand(['mknod', path.join(upper, relative), 'c', '0', '0'], action);
}

/**
 * The lab reaches no address outside this machine, name servers included:
 * a lookup on a lab host (an image pull, a host name that /etc/hosts does
 * not list) goes to loopback, where no server listens, and fails at once.
 */
export const LAB_RESOLV_CONF = '# skprun lab: no name server, so that nothing leaves this machine\nnameserver 127.0.0.1\n';

async function writeEtcUpper(host: HostPlan, lab: HostPlan[]): Promise<void> {
  const upper = host.paths.etcUpper;
  await mkdir(upper, { recursive: true });
  await mkdir(host.paths.etcWork, { recursive: true });

  const passwd = await readFile('/etc/passwd', 'utf8');
  await writeFile(path.join(upper, 'passwd'), withRootHome(passwd, host.paths.home));
  await writeFile(path.join(upper, 'hostname'), `${host.name}\n`);
  await writeFile(path.join(upper, 'machine-id'), `${randomBytes(16).toString('hex')}\n`);
  const hosts = await readFile('/etc/hosts', 'utf8').catch(() => '');
  await writeFile(path.join(upper, 'hosts'), withLabHosts(hosts, lab));
  await writeFile(path.join(upper, 'resolv.conf'), LAB_RESOLV_CONF);
  for (const file of machineIdentityFiles) {
    await hideFromOverlay(upper, file, `${host.name}: hide /etc/${file}`);
  }
}

async function writeHome(host: HostPlan, publicKey: string): Promise<void> {
  const sshDir = path.join(host.paths.home, '.ssh');
  await mkdir(sshDir, { recursive: true, mode: 0o700 });
  await chmod(host.paths.home, 0o700);
  await writeFile(path.join(sshDir, 'authorized_keys'), publicKey, { mode: 0o600 });
  for (const file of ['.bashrc', '.profile']) {
    await writeFile(path.join(host.paths.home, file), '');
  }
}

/**
 * Prepares the host's private folders. /run gets the empty, root-owned
 * /run/sshd that sshd requires for privilege separation; /var/lib/nfs starts
 * as a copy of the machine's, so exportfs finds its files.
 */
async function writeRunAndVarLib(host: HostPlan): Promise<void> {
  for (const dir of [host.paths.run, path.join(host.paths.run, 'lock'), host.paths.docker]) {
    await mkdir(dir, { recursive: true });
  }
  const privsep = path.join(host.paths.run, 'sshd');
  await mkdir(privsep, { recursive: true });
  await chmod(privsep, 0o755);
  await copyVarLibNfs(host.paths.nfs);
}

async function copyVarLibNfs(target: string): Promise<void> {
  const hasMachineCopy = await stat('/var/lib/nfs').then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!hasMachineCopy) {
    await mkdir(target, { recursive: true });
    return;
  }
  // cp -a keeps the owners (statd owns sm/) that Node's copy would drop.
  await runCommand(
    ['cp', '-a', '/var/lib/nfs', target],
    `${path.basename(path.dirname(target))}: copy /var/lib/nfs`,
  );
  await rm(path.join(target, mountPointMarker), { force: true });
}

export async function writeHostFiles(
  host: HostPlan,
  lab: HostPlan[],
  publicKey: string,
): Promise<void> {
  await mkdir(host.paths.dir, { recursive: true });
  await writeEtcUpper(host, lab);
  await writeHome(host, publicKey);
  await writeLabUsers(host.paths.etcUpper, host.paths.dir, host.users ?? [], publicKey);
  await writeRunAndVarLib(host);
  await makePrivateFolders(host.paths);
}
