/**
 * nfs_export: one export in /etc/exports, as the line
 * `/path host(options) host(options)`. A path has at most one line: a
 * changed client list rewrites that line in place, and the rest of the file
 * stays byte for byte as it was. The module edits the file only; the
 * exportfs module makes the NFS server read it.
 */
import { fileDiff } from './files/diff.js';
import { WriteFailedError, writeFileAtomic } from './files/atomic-write.js';
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { editExports, type WantedExport } from './nfs/exports-edit.js';
import { parseClient, type ExportClient } from './nfs/exports-file.js';
import { splitOptionList } from './nfs/export-options.js';
import { readFileExact } from './files/read-file.js';

type ClientArgument = string | { host: string; options?: string | string[] };

export interface NfsExportArgs {
  /** The exported folder, as an absolute path. */
  path: string;
  /** `host(opts) host(opts)`, or a list of such words or of {host, options}. */
  clients?: string | ClientArgument[];
  state?: 'present' | 'absent';
  /** The exports file to edit. */
  dest?: string;
  backup?: boolean;
}

const WORD = '^[^\\s()"#]*$';
const OPTION = '^[^\\s(),"#]+$';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { type: 'string', pattern: '^/[^\\n\\r]*$' },
    clients: {
      anyOf: [
        { type: 'string', pattern: '^[^\\n\\r]*$' },
        {
          type: 'array',
          items: {
            anyOf: [
              { type: 'string', pattern: '^[^\\s]+$' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['host'],
                properties: {
                  host: { type: 'string', pattern: WORD },
                  options: {
                    anyOf: [
                      { type: 'string', pattern: '^[^\\s()"#]*$' },
                      { type: 'array', items: { type: 'string', pattern: OPTION } },
                    ],
                  },
                },
              },
            ],
          },
        },
      ],
    },
    state: { enum: ['present', 'absent'] },
    dest: { type: 'string', minLength: 1 },
    backup: { type: 'boolean' },
  },
  if: { not: { properties: { state: { const: 'absent' } }, required: ['state'] } },
  then: { required: ['clients'] },
};

/** Turns every accepted form of `clients` into a list, or names the bad word. */
export function parseClientsArgument(clients: NfsExportArgs['clients']): ExportClient[] | string {
  const items = typeof clients === 'string' ? clients.split(/\s+/).filter((w) => w !== '') : clients ?? [];
  const parsed: ExportClient[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      const options = typeof item.options === 'string' ? splitOptionList(item.options) : item.options ?? [];
      parsed.push({ host: item.host, options });
      continue;
    }
    const client = parseClient(item);
    if (typeof client === 'string') return client;
    parsed.push(client);
  }
  if (parsed.length === 0) return 'clients is empty: give at least one host(options)';
  return checkClients(parsed);
}

/** Rejects hosts and options that would change the meaning of the line. */
function checkClients(clients: ExportClient[]): ExportClient[] | string {
  for (const client of clients) {
    if (!new RegExp(WORD).test(client.host)) return `invalid client host ${JSON.stringify(client.host)}`;
    const bad = client.options.find((o) => !new RegExp(OPTION).test(o));
    if (bad !== undefined) return `invalid option ${JSON.stringify(bad)} for client ${client.host}`;
  }
  return clients;
}

function wantedExport(args: NfsExportArgs): WantedExport | string {
  if (args.state === 'absent') return { state: 'absent', path: args.path };
  const clients = parseClientsArgument(args.clients);
  if (typeof clients === 'string') return clients;
  return { state: 'present', path: args.path, clients };
}

async function run(args: NfsExportArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const dest = args.dest ?? '/etc/exports';
  const wanted = wantedExport(args);
  if (typeof wanted === 'string') return failure(`nfs_export ${args.path}: ${wanted}`);

  const file = await readFileExact(ctx.conn, dest);
  if (!file.exists && wanted.state === 'absent') return unchanged(`${dest} does not exist`, { dest });

  const edit = editExports(file.content, wanted);
  const warnings = edit.invalid.map((r) => `${dest}:${r.line}: left as it is: ${r.problem}`);
  const facts: Record<string, unknown> = { dest, path: args.path, warnings };
  if (!edit.changed) return unchanged(edit.reason, facts);

  const result: ModuleResult = { changed: true, msg: edit.reason, ...facts };
  if (ctx.flags.diff) result.diff = fileDiff(dest, file.content, edit.content);
  if (ctx.flags.check) return result;

  try {
    const written = await writeFileAtomic(ctx.conn, dest, edit.content, { backup: args.backup });
    if (written.backupFile) result.backup_file = written.backupFile;
  } catch (error) {
    if (error instanceof WriteFailedError) return failure(error.message, facts);
    throw error;
  }
  return result;
}

const nfsExport: ModuleDefinition<NfsExportArgs> = {
  name: 'nfs_export',
  aliases: ['skprun.nfs_export', 'skprun.builtin.nfs_export'],
  schema,
  idempotent: true,
  run,
};

export default nfsExport;
