/**
 * Reading a unit's state from systemd in one command. `systemctl show`
 * gives the live properties (ActiveState, LoadState ...), and `systemctl
 * is-enabled` works even where systemd is not running. As Ansible's
 * systemd module does, it also checks for an enabled SysV init script of
 * the same name.
 */
import { quote, shellJoin } from '../../connection/quote.js';
import { factIf, parseSections, section, type Section } from './sections.js';

export type SystemdScope = 'system' | 'user' | 'global';

export interface SystemdReadOptions {
  /** The unit, or undefined for a task that only reloads systemd. */
  name?: string;
  scope: SystemdScope;
  /** Runs `systemctl daemon-reload` (or daemon-reexec) first, so that the state read is the reloaded one. */
  daemonReload: boolean;
  daemonReexec: boolean;
}

export interface SystemdFacts {
  hasSystemctl: boolean;
  /** Whether systemd runs the host: /run/systemd/system exists, as sd_booted(3) checks. */
  booted: boolean;
  daemonReload?: Section;
  daemonReexec?: Section;
  show?: Section;
  /** `systemctl show`'s properties, when it succeeded. */
  properties: Record<string, string>;
  isEnabled?: Section;
  /** /etc/init.d/NAME exists. */
  initScript: boolean;
  /** A start link /etc/rc?.d/S??NAME exists. */
  sysvEnabled: boolean;
}

/** Returns the systemctl argv prefix for a scope. */
export function systemctlCommand(scope: SystemdScope): string[] {
  if (scope === 'user') return ['systemctl', '--user'];
  if (scope === 'global') return ['systemctl', '--global'];
  return ['systemctl'];
}

/** Builds the shell lines that read the state, which the service module runs too. */
export function systemdReadLines(options: SystemdReadOptions): string[] {
  const systemctl = systemctlCommand(options.scope);
  const lines = [factIf('command -v systemctl >/dev/null 2>&1', 'systemctl'), factIf('[ -d /run/systemd/system ]', 'booted')];
  if (options.daemonReload) lines.push(section('daemon-reload', shellJoin([...systemctl, 'daemon-reload'])));
  if (options.daemonReexec) lines.push(section('daemon-reexec', shellJoin([...systemctl, 'daemon-reexec'])));
  if (options.name === undefined) return lines;

  const name = options.name;
  lines.push(
    section('show', shellJoin([...systemctl, 'show', '--', name])),
    section('is-enabled', shellJoin([...systemctl, 'is-enabled', '--', name])),
    factIf(`[ -f /etc/init.d/${quote(name)} ]`, 'initscript'),
    `for f in /etc/rc?.d/S??${quote(name)}; do if [ -e "$f" ]; then echo sysv-enabled; break; fi; done`,
  );
  return lines;
}

/**
 * Parses `systemctl show` output. A value that starts with `{` and does
 * not end with `}` goes on until a line that does, as Ansible reads it.
 */
export function parseSystemctlShow(output: string): Record<string, string> {
  const properties: Record<string, string> = {};
  let open: { key: string; lines: string[] } | undefined;
  for (const line of output.split('\n')) {
    if (open) {
      open.lines.push(line);
      if (line.trimEnd().endsWith('}')) {
        properties[open.key] = open.lines.join('\n');
        open = undefined;
      }
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const [key, value] = [line.slice(0, equals), line.slice(equals + 1)];
    if (value.startsWith('{') && !value.trimEnd().endsWith('}')) open = { key, lines: [value] };
    else properties[key] = value;
  }
  return properties;
}

/** Parses the output of systemdReadLines. */
export function parseSystemdFacts(output: string): SystemdFacts {
  const { facts, sections } = parseSections(output);
  const show = sections.get('show');
  return {
    hasSystemctl: facts.has('systemctl'),
    booted: facts.has('booted'),
    daemonReload: sections.get('daemon-reload'),
    daemonReexec: sections.get('daemon-reexec'),
    show,
    properties: show && show.exitCode === 0 ? parseSystemctlShow(show.output) : {},
    isEnabled: sections.get('is-enabled'),
    initScript: facts.has('initscript'),
    sysvEnabled: facts.has('sysv-enabled'),
  };
}
