/**
 * The machine's IPv4 routes, read before a lab adds its own. A lab's
 * bridges and veth links get addresses in 10.<b>.0.0/16 in the machine's
 * network namespace, so their routes would clash with a network that this
 * machine already reaches there.
 */
import { runCommand } from './run.js';

/** One entry of `ip -json route show table all`. */
export interface RouteEntry {
  /** `default`, an address, or a subnet `a.b.c.d/n`. */
  dst: string;
  type?: string;
  dev?: string;
  table?: string;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** Returns the first address and the size of an IPv4 subnet (an address alone is a /32). */
function range(subnet: string): [number, number] {
  const [base, bits = '32'] = subnet.split('/');
  const size = 2 ** (32 - Number(bits));
  return [Math.floor(ipv4ToNumber(base) / size) * size, size];
}

export function subnetsOverlap(a: string, b: string): boolean {
  const [startA, sizeA] = range(a);
  const [startB, sizeB] = range(b);
  return startA < startB + sizeB && startB < startA + sizeA;
}

/**
 * Lists the routes that overlap `subnet`. The default route and the
 * broadcast and local entries that the kernel adds for each address are
 * left out: every subnet lies inside the default route.
 */
export function overlappingRoutes(routes: RouteEntry[], subnet: string): RouteEntry[] {
  const ignored = new Set(['broadcast', 'local', 'multicast', 'anycast']);
  return routes.filter(
    (route) =>
      route.dst !== 'default' &&
      /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(route.dst) &&
      !ignored.has(route.type ?? 'unicast') &&
      subnetsOverlap(route.dst, subnet),
  );
}

export function describeRoute(route: RouteEntry): string {
  const type = route.type && route.type !== 'unicast' ? `${route.type} ` : '';
  const dev = route.dev ? ` dev ${route.dev}` : '';
  const table = route.table && route.table !== 'main' ? ` table ${route.table}` : '';
  return `${type}${route.dst}${dev}${table}`;
}

/** Reads this machine's IPv4 routes in every table. */
export async function machineRoutes(): Promise<RouteEntry[]> {
  const { stdout } = await runCommand(
    ['ip', '-4', '-json', 'route', 'show', 'table', 'all'],
    "list this machine's routes",
  );
  return JSON.parse(stdout || '[]') as RouteEntry[];
}
