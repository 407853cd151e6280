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
  // One date call, so that the local fields and the epoch name one instant.
  // %N is GNU's; other dates print it unexpanded and the parser reads 0.
  `printf 'clock=%s\\n' "$(LC_ALL=C date '+%s %N %Y %m %d %H %M %S %z %w %W %A %Z')"`,
  // The zone's names in January and July 2024: the DST name is the one
  // with the larger offset, as Python's time.tzname[1] gives it.
  `printf 'tz_january=%s\\n' "$(LC_ALL=C date -d @1704067200 '+%z %Z' 2>/dev/null)"`,
  `printf 'tz_july=%s\\n' "$(LC_ALL=C date -d @1719792000 '+%z %Z' 2>/dev/null)"`,
  `[ -r /etc/debian_version ] && printf 'debian_version=%s\\n' "$(cat /etc/debian_version)"`,
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

interface ZoneName {
  offset: number;
  name: string;
}

function parseZoneName(line: string | undefined): ZoneName | undefined {
  const match = /^([+-]\d{4}) (\S+)$/.exec(line ?? '');
  return match ? { offset: Number(match[1]), name: match[2] } : undefined;
}

function daylightZoneName(raw: Map<string, string>, current: string): string {
  const january = parseZoneName(raw.get('tz_january'));
  const july = parseZoneName(raw.get('tz_july'));
  if (!january || !july) return current;
  return july.offset > january.offset ? july.name : january.name;
}

/**
 * Builds ansible_date_time as Ansible 2.14's date_time collector does: the
 * calendar fields in the host's local time, iso8601 and iso8601_micro in UTC.
 */
function dateTime(raw: Map<string, string>): Record<string, string> {
  const fields = (raw.get('clock') ?? '').split(' ');
  const [epoch = '0', nanos = '', year = '', month = '', day = ''] = fields;
  const [hour = '', minute = '', second = '', offset = ''] = fields.slice(5);
  const [weekdayNumber = '', weekNumber = '', weekday = '', tz = ''] = fields.slice(9);
  const micros = /^\d{9}$/.test(nanos) ? nanos.slice(0, 6) : '000000';
  const utc = new Date(Number(epoch) * 1000).toISOString().slice(0, 19);
  const basic = `${year}${month}${day}T${hour}${minute}${second}`;
  return {
    year,
    month,
    weekday,
    weekday_number: weekdayNumber,
    weeknumber: weekNumber,
    day,
    hour,
    minute,
    second,
    epoch,
    epoch_int: epoch,
    date: `${year}-${month}-${day}`,
    time: `${hour}:${minute}:${second}`,
    iso8601_micro: `${utc}.${micros}Z`,
    iso8601: `${utc}Z`,
    iso8601_basic: `${basic}${micros}`,
    iso8601_basic_short: basic,
    tz,
    tz_dst: daylightZoneName(raw, tz),
    tz_offset: offset,
  };
}

/**
 * Returns the version as Ansible's distribution facts give it. On Debian
 * that is the point release from /etc/debian_version (12.11), since
 * os-release has only the major version. A testing release writes a
 * codename there (trixie/sid), so os-release's VERSION_ID is used.
 */
function distributionVersion(raw: Map<string, string>, id: string): string {
  const debianVersion = raw.get('debian_version') ?? '';
  if (id === 'debian' && /^\d+(\.\d+)*$/.test(debianVersion)) return debianVersion;
  return raw.get('os_VERSION_ID') ?? '';
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
  const version = distributionVersion(raw, id);
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
    ansible_date_time: dateTime(raw),
    ansible_env: env,
  };
  const address = raw.get('default_address');
  if (address) facts.ansible_default_ipv4 = { address, interface: raw.get('default_interface') ?? '' };
  return facts;
}

export async function gatherFacts(conn: Connection): Promise<Record<string, unknown>> {
  return parseFacts(await runChecked(conn, FACTS_SCRIPT));
}
