/**
 * Checks every template of a loaded playbook before any host is contacted:
 * the templated strings of each file the loader read (plays, task files,
 * role files, vars files) and the .j2 files that `template` tasks read.
 * Syntax errors, unknown filters and unknown tests become InputErrors at
 * the file, line and column of the mistake. Undefined variables are left
 * for the run, because facts and registered results define many of them.
 * A task file or role that is named by a template is read only at run time,
 * and runtime-load.ts runs this same check on it when it is read.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SourcePosition } from '../errors.js';
import { InputError } from '../errors.js';
import type { TemplateFinding } from '../template/syntax-check.js';
import type { YamlDocument } from '../yaml/load.js';
import { FileCache } from './context.js';
import type { Play } from './model.js';
import type { Problems } from './site.js';
import { describeFinding } from './template-check-messages.js';
import { columnInScalar } from './template-check-position.js';
import { findTemplateSources } from './template-check-sources.js';
import { findTemplatedStrings, type TemplatedString } from './template-check-walk.js';

type SyntaxCheck = typeof import('../template/syntax-check.js');

/** A FileCache that also keeps every document it read, for the template check. */
export class RecordingFileCache extends FileCache {
  /** By absolute path: the path as first read, and its document. */
  readonly documents = new Map<string, { path: string; document: Promise<YamlDocument | undefined> }>();

  override read(path: string): Promise<YamlDocument | undefined> {
    const document = super.read(path);
    const key = resolve(path);
    if (!this.documents.has(key)) this.documents.set(key, { path, document });
    return document;
  }
}

/** Checks the templates of every file `files` read and of the plays' template sources. */
export async function checkPlaybookTemplates(
  files: RecordingFileCache,
  plays: Pick<Play, 'tasks' | 'handlers'>[],
  playbookDir: string,
  problems: Problems,
): Promise<void> {
  const documents = await readDocuments(files);
  const sources = await findTemplateSources(plays, resolve(playbookDir));
  const found = documents.map(({ path, document }) => ({
    path,
    document,
    strings: findTemplatedStrings(document.value, isRoleMeta(path)),
  }));
  if (sources.length === 0 && found.every(({ strings }) => strings.length === 0)) return;

  // Imported here, so that a playbook without templates never loads the parser.
  const check = await import('../template/syntax-check.js');
  for (const { path, document, strings } of found) await reportStrings(path, document, strings, check, problems);
  for (const source of sources) await reportTemplateFile(source, check, problems);
}

async function readDocuments(files: RecordingFileCache): Promise<{ path: string; document: YamlDocument }[]> {
  const read = [];
  for (const { path, document: pending } of files.documents.values()) {
    const document = await pending;
    if (document) read.push({ path, document });
  }
  return read;
}

/** Checks whether `path` is a role's meta/main.yml, whose dependencies are role entries. */
function isRoleMeta(path: string): boolean {
  return /(^|[\\/])meta[\\/]main(\.ya?ml)?$/.test(path);
}

async function reportStrings(
  path: string,
  document: YamlDocument,
  strings: TemplatedString[],
  check: SyntaxCheck,
  problems: Problems,
): Promise<void> {
  let lines: string[] | undefined;
  for (const string of strings) {
    const findings = string.isExpression ? check.checkExpression(string.text) : check.checkTemplate(string.text);
    if (findings.length === 0) continue;
    // The file's text is needed only to place a finding inside its scalar.
    lines ??= await readLines(path);
    for (const finding of findings) {
      const position = positionInScalar(document, string, finding, lines);
      problems.add(new InputError(describeFinding(finding, string.text), position));
    }
  }
}

function positionInScalar(document: YamlDocument, string: TemplatedString, finding: TemplateFinding, lines: string[]): SourcePosition {
  const { positions } = document;
  const start = string.isKey ? positions.keyPositionOf(string.path) : positions.positionOf(string.path);
  if (finding.offset === undefined || !positions.has(string.path)) return start;
  const column = columnInScalar(lines[start.line - 1] ?? '', start.column, string.text, finding.offset);
  return column === undefined ? start : { ...start, column };
}

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/** Checks a .j2 file the way the template module renders it, with its newlines normalized. */
async function reportTemplateFile(path: string, check: SyntaxCheck, problems: Problems): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const normalized = text.replace(/\r\n|\r/g, '\n');
  for (const finding of check.checkTemplate(normalized)) {
    const position = positionInText(path, normalized, finding.offset);
    problems.add(new InputError(describeFinding(finding, undefined), position));
  }
}

/**
 * Converts an offset in a file's text to a 1-based line and column. A finding
 * without an offset is an error at the end of the text, so it points there.
 */
function positionInText(file: string, text: string, offset: number | undefined): SourcePosition {
  const at = offset ?? text.trimEnd().length;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { file, line, column: at - before.lastIndexOf('\n') };
}
