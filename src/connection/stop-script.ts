/**
 * The POSIX shell script that stops running commands on a host, given the
 * pids their shells reported (process-marker.ts). It stops each pid with
 * all its descendants, and every process of the pid's process group.
 *
 * The group matters because a child whose parent died is re-parented to
 * init and leaves the tree. sshd starts each session in a process group of
 * its own (setsid), and local connections start each command in one, so
 * the group contains that one command's processes, sudo among them. The
 * script's own group is never a target.
 *
 * Processes get SIGTERM first. Those still running after about 2 seconds
 * get SIGKILL, so a command that traps SIGTERM still ends.
 */
// NOTE: the script needs ps and awk on the host. Without them it stops
// nothing, and the connection then only closes the command's channel.
import { quote } from './quote.js';

/**
 * Reads `pid ppid pgid` lines and prints the targets: `-PGID` for each
 * root's group, then every process in the roots' trees.
 */
const SELECT_TARGETS = `
{ parent[$1] = $2; group[$1] = $3 }
END {
  n = split(roots, list, " ")
  for (i = 1; i <= n; i++) {
    if (!(list[i] in group)) continue
    root[list[i]] = 1
    g = group[list[i]]
    if (g > 1 && g != self) print "-" g
  }
  for (p in parent) {
    if (group[p] == self) continue
    for (q = p; q > 1 && (q in parent); q = parent[q]) if (q in root) { print p; break }
  }
}`;

/** Reads `pid stat pgid` lines and prints the targets that still have a live (not zombie) process. */
const STILL_RUNNING = `
$2 !~ /^Z/ { alive[$1] = 1; liveGroup[$3] = 1 }
END {
  n = split(targets, list, " ")
  for (i = 1; i <= n; i++) {
    t = list[i]
    if (t ~ /^-/) { if (substr(t, 2) in liveGroup) print t }
    else if (t in alive) print t
  }
}`;

/** Rounds of 0.1 s to wait for SIGTERM to work before SIGKILL. */
const TERM_ROUNDS = 20;

/** Builds the script that stops the commands whose shells have these pids. */
export function stopScript(pids: readonly number[]): string {
  for (const pid of pids) {
    if (!Number.isInteger(pid) || pid <= 1) throw new RangeError(`not a process id to stop: ${pid}`);
  }
  const select = `awk -v roots=${quote(pids.join(' '))} -v "self=$self" ${quote(SELECT_TARGETS)}`;
  const running = `awk -v "targets=$*" ${quote(STILL_RUNNING)}`;
  return [
    'self=$(ps -o pgid= -p $$ | tr -d " ")',
    `set -- $(ps -A -o pid= -o ppid= -o pgid= | ${select})`,
    '[ $# -gt 0 ] || exit 0',
    'kill -s TERM -- "$@" 2>/dev/null',
    'tries=0',
    `while [ $tries -lt ${TERM_ROUNDS} ]; do`,
    `  set -- $(ps -A -o pid= -o stat= -o pgid= | ${running})`,
    '  [ $# -gt 0 ] || exit 0',
    '  sleep 0.1 2>/dev/null || sleep 1',
    '  tries=$((tries + 1))',
    'done',
    'kill -s KILL -- "$@" 2>/dev/null',
    'exit 0',
  ].join('\n');
}
