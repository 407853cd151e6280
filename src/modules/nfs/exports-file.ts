/**
 * Parsing and writing /etc/exports in the syntax of exports(5). A file
 * parses into records that keep their exact text, so that an edit can
 * replace one export and leave every other byte as it was.
 */
import { splitOptionList } from './export-options.js';

export interface ExportClient {
  /** Host, network, wildcard or `@netgroup`; empty for the bare `(opts)` form. */
  host: string;
  options: string[];
}

export interface ExportEntry {
  /** The exported path with quotes and octal escapes decoded. */
  path: string;
  /** The path as the file spells it, reused when the line is rewritten. */
  pathToken: string;
  /** Options after a dash (`/srv -rw,sync host`), applying to every client. */
  defaults: string[];
  clients: ExportClient[];
  /** A trailing `# comment`, kept when the line is rewritten. */
  comment?: string;
}

interface RecordBase {
  /** The record's physical lines with their line ends, exactly as read. */
  text: string;
  /** 1-based number of the record's first physical line. */
  line: number;
}

export type ExportsRecord =
  | (RecordBase & { kind: 'entry'; entry: ExportEntry })
  | (RecordBase & { kind: 'other' })
  | (RecordBase & { kind: 'invalid'; problem: string });

/** Splits text into physical lines, each keeping its line end. */
function physicalLines(content: string): string[] {
  return content.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function withoutLineEnd(line: string): string {
  return line.replace(/\r?\n$/, '');
}

function isContinued(line: string): boolean {
  const body = withoutLineEnd(line);
  return body.endsWith('\\') && !/^\s*#/.test(body);
}

/** Groups physical lines into records, joining backslash continuations. */
export function parseExports(content: string): ExportsRecord[] {
  const lines = physicalLines(content);
  const records: ExportsRecord[] = [];
  for (let i = 0; i < lines.length; ) {
    const start = i;
    while (i < lines.length - 1 && isContinued(lines[i])) i++;
    i++;
    const group = lines.slice(start, i);
    records.push(parseRecord(group.join(''), logicalLine(group), start + 1));
  }
  return records;
}

function logicalLine(group: string[]): string {
  return group
    .map((line) => withoutLineEnd(line))
    .map((body, index) => (index < group.length - 1 ? body.slice(0, -1) : body))
    .join(' ');
}

function parseRecord(text: string, logical: string, line: number): ExportsRecord {
  const trimmed = logical.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'other', text, line };

  const parsed = parseEntry(logical);
  if (typeof parsed === 'string') return { kind: 'invalid', text, line, problem: parsed };
  return { kind: 'entry', text, line, entry: parsed };
}

interface Token {
  raw: string;
  value: string;
}

/** Splits a logical line into words, honouring double quotes and `#`. */
function tokenize(logical: string): { tokens: Token[]; comment?: string } | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < logical.length) {
    if (/\s/.test(logical[i])) {
      i++;
      continue;
    }
    if (logical[i] === '#') return { tokens, comment: logical.slice(i).trimEnd() };

    let raw = '';
    let value = '';
    let quoted = false;
    while (i < logical.length && (quoted || !/\s/.test(logical[i]))) {
      const char = logical[i++];
      raw += char;
      if (char === '"') quoted = !quoted;
      else value += char;
    }
    if (quoted) return `unclosed double quote in ${JSON.stringify(raw)}`;
    tokens.push({ raw, value });
  }
  return { tokens };
}

/** Decodes exports(5) octal escapes such as `\040` for a space. */
export function decodeOctalEscapes(text: string): string {
  return text.replace(/\\([0-3][0-7]{2})/g, (_, digits: string) =>
    String.fromCharCode(parseInt(digits, 8)),
  );
}

/** Parses a client word `host(opt,opt)`; returns a problem as a string. */
export function parseClient(word: string): ExportClient | string {
  const match = /^([^()]*)(?:\(([^()]*)\))?$/.exec(word);
  if (!match) return `invalid client ${JSON.stringify(word)}: expected host(option,...)`;
  return { host: match[1], options: splitOptionList(match[2] ?? '') };
}

function parseEntry(logical: string): ExportEntry | string {
  const words = tokenize(logical);
  if (typeof words === 'string') return words;

  const [pathWord, ...rest] = words.tokens;
  const path = decodeOctalEscapes(pathWord.value);
  if (!path.startsWith('/')) return `export path ${JSON.stringify(path)} is not absolute`;

  const entry: ExportEntry = { path, pathToken: pathWord.raw, defaults: [], clients: [] };
  if (words.comment) entry.comment = words.comment;
  for (const word of rest) {
    if (word.value.startsWith('-')) {
      entry.defaults.push(...splitOptionList(word.value.slice(1)));
      continue;
    }
    const client = parseClient(word.value);
    if (typeof client === 'string') return client;
    entry.clients.push(client);
  }
  return entry;
}

/** The path in a form exportfs reads back unchanged. */
export function renderPath(path: string): string {
  if (/^[^\s"#\\()]+$/.test(path)) return path;
  if (/^[^"\\\x00-\x1f\x7f]+$/.test(path)) return `"${path}"`;
  return path.replace(/[\s"#\\()\x00-\x1f\x7f]/g, (char) => {
    return '\\' + char.charCodeAt(0).toString(8).padStart(3, '0');
  });
}

export function renderClient(client: ExportClient): string {
  if (client.options.length === 0) return client.host;
  return `${client.host}(${client.options.join(',')})`;
}

/** One export line without its line end. */
export function renderEntry(entry: ExportEntry): string {
  const words = [entry.pathToken || renderPath(entry.path)];
  if (entry.defaults.length > 0) words.push(`-${entry.defaults.join(',')}`);
  words.push(...entry.clients.map(renderClient));
  if (entry.comment) words.push(entry.comment);
  return words.join(' ');
}

/** Strips trailing slashes so `/srv/nfs/` and `/srv/nfs` name one export. */
export function normalisePath(path: string): string {
  const stripped = path.replace(/\/+$/, '');
  return stripped === '' ? '/' : stripped;
}
