/**
 * Deciding the new content of an exports file for one wanted export. The
 * edit touches only the records of that path: every other line, comment
 * and the presence or absence of a final newline stay as they were.
 */
import { normaliseOptions, sameOptions, withDefaults } from './export-options.js';
import {
  normalisePath,
  parseExports,
  renderEntry,
  renderPath,
  type ExportClient,
  type ExportEntry,
  type ExportsRecord,
} from './exports-file.js';

export type WantedExport =
  | { state: 'present'; path: string; clients: ExportClient[] }
  | { state: 'absent'; path: string };

export interface ExportsEdit {
  changed: boolean;
  /** What the edit does, or why the file already fits. */
  reason: string;
  content: string;
  /** Records the parser could not read, for a warning. */
  invalid: Extract<ExportsRecord, { kind: 'invalid' }>[];
}

type EntryRecord = Extract<ExportsRecord, { kind: 'entry' }>;

/** The clients of an entry with the line's default options folded in. */
function effectiveClients(entry: ExportEntry): ExportClient[] {
  return entry.clients.map((client) => ({
    host: client.host,
    options: normaliseOptions(withDefaults(entry.defaults, client.options)),
  }));
}

/**
 * Whether the records already export the path to exactly these clients.
 * Client order counts, because exportfs lets the first of two matching
 * specifications of one kind win; option order and spacing do not.
 */
function matchesWanted(records: EntryRecord[], wanted: ExportClient[]): boolean {
  if (records.length !== 1) return false;
  const current = effectiveClients(records[0].entry);
  if (current.length !== wanted.length) return false;
  return current.every(
    (client, i) => client.host === wanted[i].host && sameOptions(client.options, wanted[i].options),
  );
}

function lineEnd(text: string): string {
  return /\r?\n$/.exec(text)?.[0] ?? '';
}

/** The rewritten text of the path's first record, keeping its spelling. */
function rewrittenRecord(record: EntryRecord, clients: ExportClient[]): string {
  const entry: ExportEntry = { ...record.entry, defaults: [], clients };
  return renderEntry(entry) + lineEnd(record.text);
}

/** Joins record texts, keeping the original's final newline or lack of one. */
function joinRecords(texts: string[], original: string): string {
  let content = texts.join('');
  const hadFinalNewline = original === '' || original.endsWith('\n');
  if (!hadFinalNewline && content.endsWith('\n')) content = content.replace(/\r?\n$/, '');
  return content;
}

function appendLine(original: string, line: string): string {
  if (original === '') return `${line}\n`;
  if (original.endsWith('\n')) return `${original}${line}\n`;
  return `${original}\n${line}`;
}

function recordsFor(records: ExportsRecord[], path: string): EntryRecord[] {
  const key = normalisePath(path);
  return records.filter(
    (r): r is EntryRecord => r.kind === 'entry' && normalisePath(r.entry.path) === key,
  );
}

function invalidOf(records: ExportsRecord[]): ExportsEdit['invalid'] {
  return records.filter((r): r is ExportsEdit['invalid'][number] => r.kind === 'invalid');
}

/** Computes the file content that makes the wanted export hold. */
export function editExports(original: string, wanted: WantedExport): ExportsEdit {
  const records = parseExports(original);
  const invalid = invalidOf(records);
  const mine = recordsFor(records, wanted.path);

  if (wanted.state === 'absent') {
    if (mine.length === 0) {
      return { changed: false, reason: `${wanted.path} is not exported`, content: original, invalid };
    }
    const kept = records.filter((r) => !mine.includes(r as EntryRecord)).map((r) => r.text);
    const lines = mine.map((r) => r.line).join(', ');
    const reason = `removed the export of ${wanted.path} (line ${lines})`;
    return { changed: true, reason, content: joinRecords(kept, original), invalid };
  }

  if (matchesWanted(mine, wanted.clients)) {
    const reason = `${wanted.path} is exported to the same clients with the same options`;
    return { changed: false, reason, content: original, invalid };
  }

  if (mine.length === 0) {
    const entry: ExportEntry = {
      path: wanted.path,
      pathToken: renderPath(wanted.path),
      defaults: [],
      clients: wanted.clients,
    };
    const reason = `added the export of ${wanted.path}`;
    return { changed: true, reason, content: appendLine(original, renderEntry(entry)), invalid };
  }

  const [first, ...duplicates] = mine;
  const texts = records
    .filter((r) => !duplicates.includes(r as EntryRecord))
    .map((r) => (r === first ? rewrittenRecord(first, wanted.clients) : r.text));
  const merged = duplicates.length > 0 ? `, merging ${mine.length} lines into one` : '';
  const reason = `updated the export of ${wanted.path} (line ${first.line}${merged})`;
  return { changed: true, reason, content: joinRecords(texts, original), invalid };
}
