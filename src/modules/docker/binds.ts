/**
 * The `volumes` option of docker_container in the CLI's `-v` syntax:
 * `name:/path`, `/host:/path:ro`, or `/path` for an anonymous volume. Each
 * entry becomes a key that reads the same whether it comes from the task or
 * from docker's `HostConfig.Binds` and `Config.Volumes`.
 */
import { ArgumentError } from './args.js';

// The mount modes docker accepts after the container path.
const MODES = new Set([
  'rw',
  'ro',
  'z',
  'Z',
  'consistent',
  'delegated',
  'cached',
  'rprivate',
  'private',
  'rshared',
  'shared',
  'rslave',
  'slave',
  'nocopy',
]);

function isModeList(text: string): boolean {
  return text.split(',').every((part) => MODES.has(part));
}

function cleanPath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** `rw` is docker's default, so it is left out; the rest are sorted. */
function normalizeModes(modes: string): string {
  return modes
    .split(',')
    .filter((mode) => mode !== '' && mode !== 'rw')
    .sort()
    .join(',');
}

/**
 * Returns the comparison key of a bind (`bind vol:/data ro`) or an anonymous volume
 * (`anonymous /data`).
 */
export function bindKey(spec: string): string {
  const parts = spec.split(':');
  if (parts.length === 1) return `anonymous ${cleanPath(parts[0])}`;
  if (parts.length === 2 && isModeList(parts[1])) return `anonymous ${cleanPath(parts[0])}`;
  if (parts.length === 2 || parts.length === 3) {
    const modes = parts.length === 3 ? normalizeModes(parts[2]) : '';
    return `bind ${cleanPath(parts[0])}:${cleanPath(parts[1])}${modes ? ` ${modes}` : ''}`;
  }
  throw new ArgumentError(
    `volumes: ${JSON.stringify(spec)} is not source:target[:mode] or a container path`,
  );
}

/** Checks a task's volume entry, raising on a malformed one. */
export function checkVolumeSpec(spec: string): void {
  const parts = spec.split(':');
  if (parts.length === 3 && !isModeList(parts[2])) {
    throw new ArgumentError(
      `volumes: ${JSON.stringify(spec)}: unknown mode ${JSON.stringify(parts[2])}`,
    );
  }
  if (parts.some((part) => part === ''))
    throw new ArgumentError(`volumes: ${JSON.stringify(spec)} has an empty part`);
  bindKey(spec);
}

/** Returns the comparison keys of a container's binds and anonymous volumes. */
export function reportedBindKeys(
  binds: string[] | null | undefined,
  volumes: Record<string, unknown> | null | undefined,
): string[] {
  const keys = (binds ?? []).map(bindKey);
  for (const path of Object.keys(volumes ?? {})) keys.push(`anonymous ${cleanPath(path)}`);
  return keys;
}
