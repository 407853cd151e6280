/**
 * exportfs: makes the NFS server's live export table follow /etc/exports
 * (`exportfs -ra`), optionally restarts the server, and checks that the
 * given paths are exported. Ansible has no such module, so the arguments
 * are skprun's own. As a handler notified by nfs_export, the default
 * `reexport: always` simply re-exports.
 */
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { parseExports, type ExportEntry } from './nfs/exports-file.js';
import {
  applyScript,
  parseReexport,
  parseRestart,
  parseSections,
  readScript,
  type RestartOutcome,
} from './nfs/exportfs-commands.js';
import { liveTableMatchesFile, missingPaths, parseExportfsVerbose, type LiveExport } from './nfs/exportfs-table.js';
import { runChecked, stderrTail } from './remote.js';

export interface ExportfsArgs {
  /** Paths that must be in the live table once the task is done. */
  paths?: string[];
  /**
   * `always` runs `exportfs -ra`; `changed` runs it only when the live table
   * differs from the exports files; `never` only reads and verifies.
   */
  reexport?: 'always' | 'changed' | 'never';
  /** Restarts the NFS server service first (systemd nfs-server or nfs-kernel-server). */
  restart_server?: boolean;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    paths: { type: 'array', items: { type: 'string', pattern: '^/' } },
    reexport: { enum: ['always', 'changed', 'never'] },
    restart_server: { type: 'boolean' },
  },
};

export interface ExportfsFacts {
  live: LiveExport[];
  fileEntries: ExportEntry[];
}

export interface ExportfsPlan {
  restart: boolean;
  reexport: boolean;
  /** Why nothing runs, when nothing does. */
  reason?: string;
  /** Whether the live table is expected to change. */
  tableWillChange: boolean;
}

/** Decides what to run from the arguments and what the host has now. */
export function planExportfs(args: ExportfsArgs, facts: ExportfsFacts): ExportfsPlan {
  const mode = args.reexport ?? 'always';
  const restart = args.restart_server === true;
  const tableWillChange = !liveTableMatchesFile(facts.fileEntries, facts.live);
  const reexport = mode === 'always' || (mode === 'changed' && tableWillChange);
  if (restart || reexport) return { restart, reexport, tableWillChange };

  const reason =
    mode === 'never'
      ? 'live export table read; reexport is never'
      : 'live export table already matches the exports files';
  return { restart, reexport, reason, tableWillChange: false };
}

function entriesOf(content: string): ExportEntry[] {
  return parseExports(content).flatMap((r) => (r.kind === 'entry' ? [r.entry] : []));
}

async function readFacts(ctx: ModuleContext): Promise<ExportfsFacts | undefined> {
  const sections = parseSections(await runChecked(ctx.conn, readScript()));
  if (sections.has('missing')) return undefined;
  return {
    live: parseExportfsVerbose(sections.get('live') ?? ''),
    fileEntries: entriesOf(sections.get('file') ?? ''),
  };
}

/**
 * Names what went wrong with a restart. Debian's init script exits 0 when
 * the kernel lacks nfsd ("Not starting NFS kernel daemon: no support in
 * current kernel"), so the kernel's state is checked as well as the status.
 */
function restartFailure(outcome: RestartOutcome): string | undefined {
  if (outcome.command === 'none') {
    return 'cannot restart the NFS server: found no nfs-server systemd unit and no /etc/init.d/nfs-kernel-server';
  }
  if (outcome.exitCode === 0 && outcome.kernelHasNfsd) return undefined;

  const tail = stderrTail(outcome.output);
  const output = tail ? `: ${tail}` : '';
  const status = `\`${outcome.command}\` exited with status ${outcome.exitCode}`;
  if (outcome.kernelHasNfsd) return `${status}${output}`;
  return `${status} and the kernel has no NFS server loaded (no nfsd in /proc/filesystems), so nothing serves the exports${output}`;
}

function verify(args: ExportfsArgs, live: LiveExport[], extra: Record<string, unknown>): ModuleResult | undefined {
  const missing = missingPaths(args.paths ?? [], live);
  if (missing.length === 0) return undefined;
  return failure(`not in the live export table (exportfs -v): ${missing.join(', ')}`, { ...extra, missing });
}

function checkModeResult(args: ExportfsArgs, plan: ExportfsPlan, facts: ExportfsFacts): ModuleResult {
  const steps = [plan.restart && 'restart the NFS server', plan.reexport && 'run exportfs -ra'].filter(Boolean);
  const missing = missingPaths(args.paths ?? [], facts.live);
  const note = missing.length > 0 ? `; not exported yet: ${missing.join(', ')}` : '';
  const changed = plan.restart || plan.tableWillChange;
  const action = steps.length > 0 ? `would ${steps.join(' and ')}` : plan.reason;
  return { changed, msg: `${action}${note}`, exports: facts.live };
}

async function run(args: ExportfsArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const facts = await readFacts(ctx);
  if (!facts) return failure('exportfs not found on the host: install the NFS server package (nfs-kernel-server or nfs-utils)');

  const plan = planExportfs(args, facts);
  if (ctx.flags.check) return checkModeResult(args, plan, facts);
  if (plan.reason) return verify(args, facts.live, { exports: facts.live }) ?? unchanged(plan.reason, { exports: facts.live });

  const sections = parseSections(await runChecked(ctx.conn, applyScript(plan)));
  const live = parseExportfsVerbose(sections.get('live') ?? '');
  const extra = { exports: live, reexported: plan.reexport, restarted: plan.restart };

  const restart = parseRestart(sections);
  const restartProblem = restart && restartFailure(restart);
  if (restartProblem) return failure(restartProblem, extra);

  const reexport = parseReexport(sections);
  if (reexport && reexport.exitCode !== 0) {
    const tail = stderrTail(reexport.output);
    return failure(`exportfs -ra failed with exit status ${reexport.exitCode}${tail ? `: ${tail}` : ''}`, extra);
  }

  const verifyFailure = verify(args, live, extra);
  if (verifyFailure) return verifyFailure;

  const tableChanged = JSON.stringify(live) !== JSON.stringify(facts.live);
  const done = [plan.restart && 'restarted the NFS server', plan.reexport && 're-exported (exportfs -ra)'];
  const table = tableChanged ? 'live table changed' : 'live table unchanged';
  return { changed: tableChanged || plan.restart, msg: `${done.filter(Boolean).join(' and ')}; ${table}`, ...extra };
}

const exportfs: ModuleDefinition<ExportfsArgs> = {
  name: 'exportfs',
  aliases: ['skprun.exportfs', 'skprun.builtin.exportfs'],
  schema,
  idempotent: true,
  run,
};

export default exportfs;
