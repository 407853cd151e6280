/**
 * Hosts behind a jump host. Each pair gets two network namespaces of its
 * own (made with `ip netns`) and two veth links: this machine to the jump
 * host, and the jump host to the far host. The far host's sshd listens only
 * in its namespace, so only the jump host reaches it. The links use
 * 10.<b>.250.0/24 (machine to jump) and 10.<b>.251.0/24 (jump to far) for a
 * lab on 127.a.b, addresses that exist on these veth links alone, and this
 * machine gets an `unreachable` route for 10.<b>.251.0/24, so that a
 * connection to a far host from here fails at once and no packet for it
 * leaves the machine.
 */
import { LabError } from './lab-error.js';
import { runCommand } from './run.js';

export interface NetnsPlan {
  /** `ip netns` name. */
  name: string;
  /** Commands that make the namespace, its links and addresses, in order. */
  setup: string[][];
}

export interface BehindPair {
  jump: string;
  far: string;
  /** 0 for the first pair of the lab. */
  index: number;
}

export interface NetworkLayout {
  /** Host name to its own address (jump and far hosts only). */
  addresses: Map<string, string>;
  /** Host name to its namespace. */
  namespaces: Map<string, NetnsPlan>;
  /** Routes this machine gets, removed by `labDown`. */
  routes: string[];
}

/** Checks `behind` (far host to jump host) against the lab's host names. */
export function behindPairs(behind: Record<string, string>, names: string[]): BehindPair[] {
  const pairs = Object.entries(behind).map(([far, jump], index) => ({ far, jump, index }));
  const used = new Set<string>();
  for (const { far, jump } of pairs) {
    for (const name of [far, jump]) {
      if (!names.includes(name)) throw new LabError(`lab option behind names host ${name}, which is not in the lab (hosts: ${names.join(', ')})`);
      if (used.has(name)) throw new LabError(`lab host ${name} is in two behind pairs; each jump host serves one far host`);
      used.add(name);
    }
    if (far === jump) throw new LabError(`lab host ${far} cannot be behind itself`);
  }
  if (pairs.length > 60) throw new LabError('a lab takes at most 60 behind pairs');
  return pairs;
}

export function planNetwork(pairs: BehindPair[], octets: [number, number, number]): NetworkLayout {
  const b = octets[2];
  const layout: NetworkLayout = { addresses: new Map(), namespaces: new Map(), routes: [] };
  if (pairs.length === 0) return layout;
  layout.routes.push(`unreachable 10.${b}.251.0/24`);

  for (const { jump, far, index } of pairs) {
    const base = 4 * index;
    const jumpNs = `skp-${octets[1]}-${b}-${jump}`;
    const farNs = `skp-${octets[1]}-${b}-${far}`;
    const names = { machine: `skm${b}p${index}`, jump: `skj${b}p${index}`, jumpFar: `skf${b}p${index}`, far: `skg${b}p${index}` };
    const machineSide = `10.${b}.250.${base + 1}`;
    const jumpSide = `10.${b}.250.${base + 2}`;
    const jumpToFar = `10.${b}.251.${base + 1}`;
    const farSide = `10.${b}.251.${base + 2}`;

    layout.addresses.set(jump, jumpSide);
    layout.addresses.set(far, farSide);
    layout.namespaces.set(far, { name: farNs, setup: [['ip', 'netns', 'add', farNs], ['ip', '-n', farNs, 'link', 'set', 'lo', 'up']] });
    layout.namespaces.set(jump, {
      name: jumpNs,
      setup: [
        ['ip', 'netns', 'add', jumpNs],
        ['ip', '-n', jumpNs, 'link', 'set', 'lo', 'up'],
        ['ip', 'link', 'add', names.machine, 'type', 'veth', 'peer', 'name', names.jump, 'netns', jumpNs],
        ['ip', 'addr', 'add', `${machineSide}/30`, 'dev', names.machine],
        ['ip', 'link', 'set', names.machine, 'up'],
        ['ip', '-n', jumpNs, 'addr', 'add', `${jumpSide}/30`, 'dev', names.jump],
        ['ip', '-n', jumpNs, 'link', 'set', names.jump, 'up'],
        ['ip', '-n', jumpNs, 'link', 'add', names.jumpFar, 'type', 'veth', 'peer', 'name', names.far, 'netns', farNs],
        ['ip', '-n', jumpNs, 'addr', 'add', `${jumpToFar}/30`, 'dev', names.jumpFar],
        ['ip', '-n', jumpNs, 'link', 'set', names.jumpFar, 'up'],
        ['ip', '-n', farNs, 'addr', 'add', `${farSide}/30`, 'dev', names.far],
        ['ip', '-n', farNs, 'link', 'set', names.far, 'up'],
      ],
    });
  }
  return layout;
}

/**
 * Makes the namespaces, far hosts first (a jump host's setup moves a link
 * into its far host's namespace), then the machine's routes. `record` gets
 * each namespace and route before it is made, for `labDown`.
 */
export async function setUpNetwork(
  layout: NetworkLayout,
  record: (item: { netns?: string; route?: string }) => Promise<void>,
): Promise<void> {
  const ordered = [...layout.namespaces.values()].sort((a, b) => a.setup.length - b.setup.length);
  for (const namespace of ordered) {
    await record({ netns: namespace.name });
    for (const command of namespace.setup) await runCommand(command, `lab network ${namespace.name}`);
  }
  for (const route of layout.routes) {
    await record({ route });
    await runCommand(['ip', 'route', 'add', ...route.split(' ')], 'lab network: add a route');
  }
}

/** Removes routes and namespaces (their veth links go with them); returns what failed. */
export async function tearDownNetwork(netns: string[], routes: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    await runCommand(['ip', 'route', 'del', ...route.split(' ')], 'lab down: remove a route').catch((error: Error) => {
      if (!/No such process|not found/i.test(error.message)) problems.push(error.message);
    });
  }
  for (const name of netns) {
    await runCommand(['ip', 'netns', 'del', name], 'lab down: remove a network namespace').catch((error: Error) => {
      if (!/No such file/i.test(error.message)) problems.push(error.message);
    });
  }
  return problems;
}
