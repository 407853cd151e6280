/**
 * File modes as Ansible's file and copy modules take them: an integer, an
 * octal string (`'0644'`, `'644'`) or a chmod symbolic mode (`u=rw,g+r`).
 * A mode resolves to permission bits here, so that a task can tell whether
 * anything would change and apply the exact bits with a numeric chmod.
 */

/** The value of a `mode` argument. */
export type ModeArgument = string | number;

const SYMBOLIC_CLAUSE = /^[ugoa]*(?:[-+=](?:[ugo]|[rwxXst]*))+$/;

/** Whether the argument is a mode skprun can resolve; returns the problem otherwise. */
export function checkMode(mode: ModeArgument): string | undefined {
  if (typeof mode === 'number') {
    return Number.isInteger(mode) && mode >= 0 && mode <= 0o7777 ? undefined : `mode ${mode} is out of range`;
  }
  if (/^[0-7]{1,5}$/.test(mode) && parseInt(mode, 8) <= 0o7777) return undefined;
  if (mode.split(',').every((clause) => SYMBOLIC_CLAUSE.test(clause))) return undefined;
  return `invalid mode ${JSON.stringify(mode)}: expected octal such as '0644' or symbolic such as 'u=rw,g=r,o=r'`;
}

interface Who {
  bits: number;
  setId: number;
}

function whoOf(letters: string): Who {
  let bits = 0;
  let setId = 0;
  if (/[ua]/.test(letters)) (bits |= 0o700), (setId |= 0o4000);
  if (/[ga]/.test(letters)) (bits |= 0o070), (setId |= 0o2000);
  if (/[oa]/.test(letters)) bits |= 0o007;
  return { bits, setId };
}

/** Copies the rwx of one class to every class, for `g=u`. */
function copiedClass(mode: number, source: string): number {
  const shift = { u: 6, g: 3, o: 0 }[source] ?? 0;
  return ((mode >> shift) & 0o7) * 0o111;
}

function permissionBits(perms: string, mode: number, isDirectory: boolean, who: Who, stickyAllowed: boolean): number {
  if (/^[ugo]$/.test(perms)) return copiedClass(mode, perms) & who.bits;
  let bits = 0;
  for (const p of perms) {
    if (p === 'r') bits |= 0o444 & who.bits;
    if (p === 'w') bits |= 0o222 & who.bits;
    if (p === 'x') bits |= 0o111 & who.bits;
    if (p === 'X' && (isDirectory || (mode & 0o111) !== 0)) bits |= 0o111 & who.bits;
    if (p === 's') bits |= who.setId;
    if (p === 't' && stickyAllowed) bits |= 0o1000;
  }
  return bits;
}

/** Applies one symbolic clause such as `go-w` or `u+rwx,g=u`. */
function applyClause(mode: number, clause: string, isDirectory: boolean, umask: number): number {
  const [, letters, actions] = /^([ugoa]*)(.*)$/.exec(clause)!;
  const who = whoOf(letters === '' ? 'a' : letters);
  // Without u, g, o or a, chmod leaves the bits set in the umask alone.
  const allowed = letters === '' ? ~umask & 0o7777 : 0o7777;
  const stickyAllowed = letters === '' || /[oa]/.test(letters);

  for (const [, op, perms] of actions.matchAll(/([-+=])([ugo]|[rwxXst]*)/g)) {
    const bits = permissionBits(perms, mode, isDirectory, who, stickyAllowed) & allowed;
    if (op === '+') mode |= bits;
    else if (op === '-') mode &= ~bits;
    else {
      // `=` clears the class whatever the umask, but a directory keeps its
      // set-id bits, as GNU chmod does.
      const cleared = who.bits | (isDirectory ? 0 : who.setId) | (stickyAllowed ? 0o1000 : 0);
      mode = (mode & ~cleared) | bits;
    }
  }
  return mode;
}

/**
 * Computes the permission bits a mode argument gives a path whose bits are
 * now `current`. For a path that does not exist yet, `current` is undefined
 * and the bits start from what the umask allows.
 */
export function resolveMode(mode: ModeArgument, current: number | undefined, isDirectory: boolean, umask: number): number {
  if (typeof mode === 'number') return mode;
  if (/^[0-7]{1,5}$/.test(mode)) return parseInt(mode, 8);
  const start = current ?? (isDirectory ? 0o777 : 0o666) & ~umask;
  return mode.split(',').reduce((bits, clause) => applyClause(bits, clause, isDirectory, umask), start);
}

/**
 * Bits in the form chmod sets exactly: five digits, because GNU chmod
 * keeps a directory's set-id bits for a shorter numeric mode.
 */
export function chmodArgument(bits: number): string {
  return bits.toString(8).padStart(5, '0');
}

/**
 * Bits as Ansible's file modules return `mode`: a 0, then at least three
 * octal digits (`'0644'`, `'04755'`), as Python's `'0%03o'` formats them.
 */
export function formatMode(bits: number): string {
  return `0${bits.toString(8).padStart(3, '0')}`;
}
