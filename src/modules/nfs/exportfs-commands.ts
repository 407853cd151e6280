/**
 * The remote scripts of the exportfs module and the parsing of their
 * output. Each script prints sections that start with a `@@name` line, so
 * one round trip returns several facts.
 */

/** exportfs lives in /usr/sbin, which a non-root login PATH may lack. */
const SBIN_PATH = 'PATH="$PATH:/usr/sbin:/sbin"';

const EXPORTS_FILES = '/etc/exports /etc/exports.d/*.exports';

/** Prints the live table and the exports files' content. */
export function readScript(): string {
  return [
    SBIN_PATH,
    "command -v exportfs >/dev/null 2>&1 || { echo '@@missing'; exit 0; }",
    "echo '@@live'",
    'exportfs -v 2>/dev/null',
    "echo '@@file'",
    `cat ${EXPORTS_FILES} 2>/dev/null`,
    'exit 0',
  ].join('\n');
}

/**
 * Restarts the NFS server with the service manager that has it, then
 * records whether the kernel has the NFS server loaded, so that a failure
 * can say so from what was found rather than guessed.
 */
function restartSteps(): string[] {
  return [
    'if command -v systemctl >/dev/null 2>&1 && systemctl cat nfs-server.service >/dev/null 2>&1; then',
    "  echo '@@restart'; echo 'systemctl restart nfs-server'",
    "  out=$(systemctl restart nfs-server 2>&1); rc=$?",
    'elif [ -x /etc/init.d/nfs-kernel-server ]; then',
    "  echo '@@restart'; echo 'service nfs-kernel-server restart'",
    '  if command -v service >/dev/null 2>&1; then out=$(service nfs-kernel-server restart 2>&1); rc=$?;',
    '  else out=$(/etc/init.d/nfs-kernel-server restart 2>&1); rc=$?; fi',
    'else',
    "  echo '@@restart'; echo 'none'; rc=''",
    'fi',
    'echo "$rc"',
    "echo '@@restart_output'",
    'printf "%s\\n" "$out"',
    "echo '@@kernel'",
    "if grep -qw nfsd /proc/filesystems 2>/dev/null; then echo nfsd; else echo none; fi",
  ];
}

/** Restarts the server when asked, re-exports when asked, prints the table. */
export function applyScript(options: { restart: boolean; reexport: boolean }): string {
  const steps = [SBIN_PATH, 'out=""'];
  if (options.restart) steps.push(...restartSteps());
  if (options.reexport) {
    steps.push(
      'out=$(exportfs -ra 2>&1); rc=$?',
      "echo '@@reexport'",
      'echo "$rc"',
      "echo '@@reexport_output'",
      'printf "%s\\n" "$out"',
    );
  }
  steps.push("echo '@@live'", 'exportfs -v 2>/dev/null', 'exit 0');
  return steps.join('\n');
}

/** Splits `@@name` sections; a section's text excludes its marker line. */
export function parseSections(output: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined) sections.set(name, lines.join('\n'));
  };
  for (const line of output.split('\n')) {
    const marker = /^@@(\w+)$/.exec(line);
    if (marker) {
      flush();
      name = marker[1];
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

export interface StepOutcome {
  /** Exit status; undefined when the step found nothing to run. */
  exitCode?: number;
  output: string;
}

export interface RestartOutcome extends StepOutcome {
  /** The command that ran, or `none` when no NFS service was found. */
  command: string;
  kernelHasNfsd: boolean;
}

export function parseRestart(sections: Map<string, string>): RestartOutcome | undefined {
  const text = sections.get('restart');
  if (text === undefined) return undefined;
  const [command, status] = text.split('\n');
  return {
    command,
    exitCode: status === '' || status === undefined ? undefined : Number(status),
    output: (sections.get('restart_output') ?? '').trim(),
    kernelHasNfsd: sections.get('kernel')?.trim() === 'nfsd',
  };
}

export function parseReexport(sections: Map<string, string>): StepOutcome | undefined {
  const text = sections.get('reexport');
  if (text === undefined) return undefined;
  return { exitCode: Number(text.trim()), output: (sections.get('reexport_output') ?? '').trim() };
}
