/**
 * Looks for anything a lab left on this machine, with the machine's own
 * tools and /proc rather than the lab's code, so that a bug in the lab's
 * cleanup cannot hide itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';

function readOr(file: string, fallback = ''): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function linkOr(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '';
  }
}

/**
 * Lists live processes (zombies excluded) that mention stateDir or the lab's
 * addresses, or run in its namespaces.
 */
function leftoverProcesses(stateDir: string, prefix: string, namespaces: string[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    if (Number(pid) === process.pid) continue;
    const stat = readOr(`/proc/${pid}/stat`);
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    const cmdline = readOr(`/proc/${pid}/cmdline`).split('\0').join(' ').trim();
    const cwd = linkOr(`/proc/${pid}/cwd`);
    const namespace = linkOr(`/proc/${pid}/ns/mnt`);
    const mentions = cmdline.includes(stateDir) || cmdline.includes(`-host-ip ${prefix}.`);
    if (mentions || cwd.startsWith(stateDir) || namespaces.includes(namespace)) {
      found.push(`process ${pid}: ${cmdline}`);
    }
  }
  return found;
}

/** Interfaces named like the lab's bridges, or holding an address in its 10.<b>.0.0/16. */
function leftoverInterfaces(prefix: string): string[] {
  const [, a, b] = prefix.split('.');
  const links = JSON.parse(
    execFileSync('ip', ['-json', 'address', 'show'], { encoding: 'utf8' }),
  ) as {
    ifname: string;
    addr_info?: { local: string }[];
  }[];
  return links
    .filter(
      (l) =>
        l.ifname.startsWith(`skp-${a}-${b}-`) ||
        (l.addr_info ?? []).some((i) => i.local.startsWith(`10.${b}.`)),
    )
    .map((l) => `interface ${l.ifname}`);
}

/** Mounts of any namespace whose source or target lies under stateDir. */
function leftoverMounts(stateDir: string): string[] {
  const found = new Set<string>();
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    for (const line of readOr(`/proc/${pid}/mountinfo`).split('\n')) {
      if (line.includes(stateDir)) found.add(`mount in the namespace of ${pid}: ${line}`);
    }
  }
  return [...found];
}

function leftoverCgroups(prefix: string): string[] {
  const [, a, b] = prefix.split('.');
  const found: string[] = [];
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const dir = `/sys/fs/cgroup/${hierarchy}`;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.startsWith(`skprun-lab-${a}-${b}-`)) found.push(`cgroup ${dir}/${entry}`);
    }
  }
  return found;
}

function isListening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Lists what a lab on `prefix` with state folder `stateDir` left on the
 * machine, one line each. The list is empty when the lab left nothing.
 */
export async function findLeftovers(
  stateDir: string,
  prefix: string,
  hostCount: number,
  namespaces: string[] = [],
): Promise<string[]> {
  const leftovers = [
    ...leftoverProcesses(stateDir, prefix, namespaces),
    ...leftoverInterfaces(prefix),
    ...leftoverMounts(stateDir),
    ...leftoverCgroups(prefix),
  ];
  for (let i = 1; i <= hostCount; i++) {
    for (const port of [22, 5000]) {
      const address = `${prefix}.${50 + i}`;
      if (await isListening(address, port)) leftovers.push(`listener on ${address}:${port}`);
    }
  }
  if (existsSync(stateDir)) leftovers.push(`folder ${stateDir}`);
  return leftovers;
}
