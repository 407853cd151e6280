/**
 * The kernel's live export table as `exportfs -v` prints it, and whether it
 * already matches what the exports files say.
 */
import { normaliseOptions, optionKey, withDefaults } from './export-options.js';
import { decodeOctalEscapes, normalisePath, parseClient, type ExportClient, type ExportEntry } from './exports-file.js';

export interface LiveExport {
  path: string;
  clients: ExportClient[];
}

/** A client word at the end of a line: `host(options)`. */
const CLIENT_AT_END = /^(.*?)\s+(\S*\([^()]*\))$/;

/**
 * Parses `exportfs -v`. A path short enough shares its line with the first
 * client; a longer one stands alone and the client follows on an indented
 * line. Either way each line carries one client, and a path may repeat.
 */
export function parseExportfsVerbose(output: string): LiveExport[] {
  const byPath = new Map<string, LiveExport>();
  let currentPath: string | undefined;

  for (const line of output.split('\n').map((l) => l.trimEnd())) {
    if (line.trim() === '') continue;
    const indented = /^\s/.test(line);
    let clientWord: string | undefined;
    if (indented) {
      clientWord = line.trim();
    } else {
      const match = CLIENT_AT_END.exec(line);
      currentPath = decodeOctalEscapes(match ? match[1] : line);
      clientWord = match?.[2];
    }
    if (currentPath === undefined || clientWord === undefined) continue;

    const client = parseClient(clientWord);
    if (typeof client === 'string') continue;
    const entry = byPath.get(currentPath) ?? { path: currentPath, clients: [] };
    entry.clients.push(client);
    byPath.set(currentPath, entry);
  }
  return [...byPath.values()];
}

/** exportfs -v prints the anonymous client (`*` or empty) as `<world>`. */
function liveHostName(host: string): string {
  return host === '' || host === '*' ? '<world>' : host;
}

interface Grant {
  path: string;
  host: string;
  options: string[];
}

function grantsOfFile(entries: ExportEntry[]): Grant[] {
  return entries.flatMap((entry) =>
    entry.clients.map((client) => ({
      path: normalisePath(entry.path),
      host: liveHostName(client.host),
      options: normaliseOptions(withDefaults(entry.defaults, client.options)),
    })),
  );
}

function grantsOfLive(table: LiveExport[]): Grant[] {
  return table.flatMap((entry) =>
    entry.clients.map((client) => ({ path: normalisePath(entry.path), host: client.host, options: client.options })),
  );
}

/**
 * Whether the live options grant what the file asks: the live table lists
 * every default too, so each option the file sets must appear there.
 */
function optionsGranted(fileOptions: string[], liveOptions: string[]): boolean {
  const live = new Map(normaliseOptions(liveOptions).map((o) => [optionKey(o), o]));
  return fileOptions.every((option) => {
    const key = optionKey(option);
    // exportfs -v of nfs-utils 2.6 (Debian 12) prints neither `secure` nor
    // `insecure` for an export whose file line says `insecure`, so a live
    // table without either is no evidence of a difference.
    if (PORT_OPTIONS.has(option) && !live.has(key)) return true;
    return live.get(key) === option;
  });
}

const PORT_OPTIONS = new Set(['secure', 'insecure']);

/**
 * Whether `exportfs -ra` would leave the live table as it is. Host names
 * are compared as written, so a file naming a host that exportfs resolves
 * to another spelling reads as a difference, and re-exporting is the safe
 * side of that error.
 */
export function liveTableMatchesFile(entries: ExportEntry[], table: LiveExport[]): boolean {
  const wanted = grantsOfFile(entries);
  const live = grantsOfLive(table);
  if (wanted.length !== live.length) return false;
  return wanted.every((grant) =>
    live.some((l) => l.path === grant.path && l.host === grant.host && optionsGranted(grant.options, l.options)),
  );
}

/** The wanted paths that the live table does not export. */
export function missingPaths(paths: readonly string[], table: LiveExport[]): string[] {
  const exported = new Set(table.map((e) => normalisePath(e.path)));
  return paths.filter((p) => !exported.has(normalisePath(p)));
}
