/**
 * The play keyword `order`: the order hosts are taken in, which decides
 * serial batches, run_once's host and the order of results.
 */

export type HostOrder = 'inventory' | 'reverse_inventory' | 'sorted' | 'reverse_sorted' | 'shuffle';

/** Returns the hosts in the requested order; `random` picks shuffle's swaps. */
export function orderHosts(hosts: readonly string[], order: unknown, random: () => number = Math.random): string[] {
  const list = [...hosts];
  switch ((order ?? 'inventory') as HostOrder) {
    case 'reverse_inventory':
      return list.reverse();
    case 'sorted':
      return list.sort(compareNames);
    case 'reverse_sorted':
      return list.sort(compareNames).reverse();
    case 'shuffle':
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    default:
      return list;
  }
}

/** By code point, as Python sorts host names. */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
