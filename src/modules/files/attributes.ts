/**
 * Mode, owner and group of a path: which of them differ from a task's
 * arguments, and the chmod and chown commands that set them.
 */
import { shellJoin } from '../../connection/quote.js';
import { chmodArgument, formatMode, resolveMode, type ModeArgument } from './mode.js';
import type { PathStat } from './path-stat.js';

export interface WantedAttributes {
  mode?: ModeArgument;
  owner?: string;
  group?: string;
}

export interface AttributeChanges {
  /** New permission bits, when they differ. */
  mode?: number;
  owner?: string;
  group?: string;
  /** Descriptions of the changes for the result message: `mode 0600 -> 0644`. */
  descriptions: string[];
}

/** Checks whether a name or numeric id names the current owner or group. */
function sameId(wanted: string, name: string | undefined, id: number | undefined): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === id : wanted === name;
}

/**
 * Lists the attributes to change on an existing path, or on a new one when
 * `stat.type` is absent, whose mode then starts from the umask.
 */
export function attributeChanges(stat: PathStat, wanted: WantedAttributes, isDirectory: boolean): AttributeChanges {
  const changes: AttributeChanges = { descriptions: [] };
  const exists = stat.type !== 'absent';

  if (wanted.mode !== undefined) {
    const bits = resolveMode(wanted.mode, stat.mode, isDirectory, stat.umask);
    if (!exists || bits !== stat.mode) {
      changes.mode = bits;
      if (exists) changes.descriptions.push(`mode ${formatMode(stat.mode!)} -> ${formatMode(bits)}`);
    }
  }
  if (wanted.owner !== undefined && (!exists || !sameId(wanted.owner, stat.user, stat.uid))) {
    changes.owner = wanted.owner;
    if (exists) changes.descriptions.push(`owner ${stat.user} -> ${wanted.owner}`);
  }
  if (wanted.group !== undefined && (!exists || !sameId(wanted.group, stat.group, stat.gid))) {
    changes.group = wanted.group;
    if (exists) changes.descriptions.push(`group ${stat.group} -> ${wanted.group}`);
  }
  return changes;
}

/**
 * The msg Ansible's lineinfile and blockinfile give for a mode, owner or
 * group change, joined to the content's message with " and ".
 */
export const ATTRIBUTES_CHANGED = 'ownership, perms or SE linux context changed';

export function hasChanges(changes: AttributeChanges): boolean {
  return changes.mode !== undefined || changes.owner !== undefined || changes.group !== undefined;
}

/** chown and chmod commands for the changes; `-h` acts on a symlink itself. */
export function attributeCommands(path: string, changes: AttributeChanges, options: { link?: boolean } = {}): string[] {
  const commands: string[] = [];
  const noFollow = options.link ? ['-h'] : [];
  if (changes.owner !== undefined || changes.group !== undefined) {
    const spec = `${changes.owner ?? ''}${changes.group !== undefined ? `:${changes.group}` : ''}`;
    commands.push(shellJoin(['chown', ...noFollow, '--', spec, path]));
  }
  // chmod comes after chown, which may clear set-id bits.
  if (changes.mode !== undefined) commands.push(shellJoin(['chmod', '--', chmodArgument(changes.mode), path]));
  return commands;
}
