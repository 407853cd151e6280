/**
 * Fact gathering (`gather_facts`) in one remote command: a POSIX shell
 * script prints tagged lines, and a pure parser turns them into the
 * `ansible_*` facts that plays use most.
 */
import type { Connection } from '../connection/connection.js';
import { runChecked } from '../modules/remote.js';

// Each line is `tag=value`; os-release lines come prefixed with `os_`, the
// environment with `env_`. No command here sends network traffic: the
// default address is read from the routing table and the interface.
const FACTS_SCRIPT = [
  `printf 'hostname=%s\\n' "$(hostname -s 2>/dev/null || uname -n)"`,
  `printf 'fqdn=%s\\n' "$(hostname -f 2>/dev/null || uname -n)"`,
  `printf 'nodename=%s\\n' "$(uname -n)"`,
  `printf 'kernel=%s\\n' "$(uname -r)"`,
  `printf 'architecture=%s\\n' "$(uname -m)"`,
  `printf 'system=%s\\n' "$(uname -s)"`,
  `printf 'user_id=%s\\n' "$(id -un)"`,
  `printf 'epoch=%s\\n' "$(date +%s)"`,
  `printf 'tz=%s\\n' "$(date +%Z)"`,
  `iface=$(ip -4 route show default 2>/dev/null | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)`,
  `printf 'default_interface=%s\\n' "$iface"`,
  `[ -n "$iface" ] && printf 'default_address=%s\\n' "$(ip -4 -o addr show dev "$iface" 2>/dev/null | sed -n 's/.* inet \\([0-9.]*\\).*/\\1/p' | head -n 1)"`,
  `[ -r /etc/os-release ] && sed -n 's/^\\([A-Z_]*\\)=/os_\\1=/p' /etc/os-release`,
  `env | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=/env_\\1=/p'`,
  'true',
].join('; ');

const FAMILY_BY_ID: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  raspbian: 'Debian',
  linuxmint: 'Debian',
  rhel: 'RedHat',
  centos: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  amzn: 'RedHat',
  alpine: 'Alpine',
  arch: 'Archlinux',
  sles: 'Suse',
  opensuse: 'Suse',
  'opensuse-leap': 'Suse',
};

const DISTRIBUTION_BY_ID: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  rhel: 'RedHat',
  centos: 'CentOS',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  amzn: 'Amazon',
  alpine: 'Alpine',
  arch: 'Archlinux',
};

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

function dateTime(epochSeconds: number, timezone: string): Record<string, string> {
  const date = new Date(epochSeconds * 1000);
  const iso = date.toISOString();
  return {
    epoch: String(epochSeconds),
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    year: iso.slice(0, 4),
    month: iso.slice(5, 7),
    day: iso.slice(8, 10),
    hour: iso.slice(11, 13),
    minute: iso.slice(14, 16),
    second: iso.slice(17, 19),
    iso8601: `${iso.slice(0, 19)}Z`,
    tz: timezone,
  };
}

/** Parses the script's output into facts. */
export function parseFacts(output: string): Record<string, unknown> {
  const raw = new Map<string, string>();
  const env: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const tag = line.slice(0, equals);
    const value = line.slice(equals + 1);
    if (tag.startsWith('env_')) env[tag.slice(4)] = value;
    else raw.set(tag, unquote(value));
  }

  const id = (raw.get('os_ID') ?? '').toLowerCase();
  const idLike = (raw.get('os_ID_LIKE') ?? '').toLowerCase().split(/\s+/);
  const family = FAMILY_BY_ID[id] ?? idLike.map((like) => FAMILY_BY_ID[like]).find(Boolean) ?? raw.get('system') ?? '';
  const version = raw.get('os_VERSION_ID') ?? '';
  const facts: Record<string, unknown> = {
    ansible_hostname: raw.get('hostname') ?? '',
    ansible_fqdn: raw.get('fqdn') ?? '',
    ansible_nodename: raw.get('nodename') ?? '',
    ansible_kernel: raw.get('kernel') ?? '',
    ansible_architecture: raw.get('architecture') ?? '',
    ansible_system: raw.get('system') ?? '',
    ansible_user_id: raw.get('user_id') ?? '',
    ansible_os_family: family,
    ansible_distribution: DISTRIBUTION_BY_ID[id] ?? raw.get('os_NAME') ?? '',
    ansible_distribution_version: version,
    ansible_distribution_major_version: version.split('.')[0] ?? '',
    ansible_distribution_release: raw.get('os_VERSION_CODENAME') ?? '',
    ansible_date_time: dateTime(Number(raw.get('epoch') ?? 0), raw.get('tz') ?? ''),
    ansible_env: env,
  };
  const address = raw.get('default_address');
  if (address) facts.ansible_default_ipv4 = { address, interface: raw.get('default_interface') ?? '' };
  return facts;
}

export async function gatherFacts(conn: Connection): Promise<Record<string, unknown>> {
  return parseFacts(await runChecked(conn, FACTS_SCRIPT));
}
