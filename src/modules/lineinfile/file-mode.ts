/**
 * File modes as Ansible's file arguments take them: octal (`0644`, or the
 * number a YAML octal such as 0644 becomes) or chmod's symbolic clauses
 * (`u=rw,g=r,o=`). Evaluated here so that a run can tell, before changing
 * anything, whether a file's mode already is the requested one.
 */

const OCTAL = /^[0-7]{1,4}$/;
const CLAUSE = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/;

const WHO_BITS: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 };
// prettier-ignore
const PERMISSION_BITS: Record<string, Record<string, number>> = {
  r: { u: 0o400, g: 0o040, o: 0o004 }, w: { u: 0o200, g: 0o020, o: 0o002 },
  x: { u: 0o100, g: 0o010, o: 0o001 }, s: { u: 0o4000, g: 0o2000, o: 0 },
  t: { u: 0, g: 0, o: 0o1000 },
};

export function isSymbolicMode(mode: string | number): mode is string {
  return typeof mode === 'string' && !OCTAL.test(mode);
}

/** Tells whether resolveMode can evaluate a mode. Copy forms such as `g=u` it cannot. */
export function isSupportedMode(mode: string | number): boolean {
  if (typeof mode === 'number') return Number.isInteger(mode) && mode >= 0 && mode <= 0o7777;
  return OCTAL.test(mode) || mode.split(',').every((clause) => CLAUSE.test(clause));
}

function applyClause(mode: number, clause: string, executable: boolean, umask: number): number {
  const parts = CLAUSE.exec(clause);
  if (!parts) throw new Error(`mode clause ${JSON.stringify(clause)} is not supported`);
  const who = parts[1] === '' || parts[1].includes('a') ? 'ugo' : parts[1];
  // With no u, g, o or a, the bits set in the umask are not added, though
  // `=` still clears them, as chmod and Ansible do (=r on 0666 gives 0444).
  const allowed = parts[1] === '' ? ~umask & 0o7777 : 0o7777;
  const scope = [...who].reduce((all, w) => all | WHO_BITS[w], 0);

  let result = mode;
  for (const [, operator, letters] of parts[2].matchAll(/([-+=])([rwxXst]*)/g)) {
    const permissions = letters.replace('X', executable ? 'x' : '');
    let bits = 0;
    for (const w of who) for (const p of permissions) bits |= PERMISSION_BITS[p][w];
    bits &= allowed;
    if (operator === '+') result |= bits;
    else if (operator === '-') result &= ~bits;
    else result = (result & ~scope) | bits;
  }
  return result;
}

/**
 * Computes the mode that chmod, and Ansible, give a regular file whose
 * mode is `current` when the remote shell's umask is `umask`.
 */
export function resolveMode(mode: string | number, current: number, umask: number): number {
  if (typeof mode === 'number') return mode;
  if (OCTAL.test(mode)) return parseInt(mode, 8);
  // chmod's X looks at the execute bits the file had before the command.
  const executable = (current & 0o111) !== 0;
  return mode.split(',').reduce((result, clause) => applyClause(result, clause, executable, umask), current);
}

export function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
