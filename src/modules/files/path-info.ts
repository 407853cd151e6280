/**
 * The keys Ansible adds to a module's result when the result names an
 * existing `path` or `dest`: uid, gid, owner, group, mode, state and size
 * (AnsibleModule.add_path_info in ansible-core 2.14). They describe the
 * path itself, so a symlink reports the link's own mode and size, not its
 * target's.
 */
import { formatMode } from './mode.js';
import type { PathStat } from './path-stat.js';

/** The kind of a path, named as the file module's `state` names it. */
export type AnsiblePathState = 'absent' | 'link' | 'directory' | 'hard' | 'file';

export interface PathInfo {
  uid: number;
  gid: number;
  /** The owner's name, or the uid as a string when it has none. */
  owner: string;
  group: string;
  mode: string;
  state: AnsiblePathState;
  size: number;
}

/**
 * Names what a path is as Ansible's file module does: a regular file with
 * more than one hard link is `hard`, and a path that is neither a link nor
 * a folder (a FIFO, a device) counts as a `file`.
 */
export function pathState(stat: PathStat): AnsiblePathState {
  if (stat.type === 'absent') return 'absent';
  if (stat.type === 'link' || stat.type === 'directory') return stat.type;
  return (stat.nlink ?? 1) > 1 ? 'hard' : 'file';
}

/** stat prints UNKNOWN for an id with no name, where Python falls back to the number. */
function nameOrId(name: string | undefined, id: number | undefined): string {
  return name === undefined || name === 'UNKNOWN' ? String(id) : name;
}

/**
 * Returns the path keys of a result from a stat of the path that does not
 * follow a symlink, or nothing when the path does not exist.
 * NOTE: Ansible also leaves the keys out for a symlink whose target is
 * missing, since it tests existence through the link; this reports it.
 */
export function pathInfo(stat: PathStat): Partial<PathInfo> {
  if (stat.type === 'absent') return {};
  return {
    uid: stat.uid,
    gid: stat.gid,
    owner: nameOrId(stat.user, stat.uid),
    group: nameOrId(stat.group, stat.gid),
    mode: formatMode(stat.mode ?? 0),
    state: pathState(stat),
    size: stat.size,
  };
}
