/**
 * Reads YAML as Ansible does (YAML 1.1 types as PyYAML resolves them), with
 * the source position of every value and warnings for surprising scalars.
 */
import type { ScalarTag, YAMLError } from 'yaml';
import { LineCounter, parseDocument } from 'yaml';
import { InputError, InputErrors } from '../errors.js';
import { DocumentBuilder } from './build.js';
import { Positions } from './positions.js';
import { rejectDeepNesting } from './nesting.js';
import { scalarTags } from './scalar-tags.js';
import { plainReason } from './syntax-errors.js';
import { readTextFile } from './text-file.js';
import type { YamlWarning } from './warnings.js';

export { readTextFile } from './text-file.js';

export interface YamlDocument {
  /** The file's value: null for an empty file. */
  value: unknown;
  positions: Positions;
  warnings: YamlWarning[];
}

// Ansible's own tags. They read as plain strings here, and the builder then
// marks `!unsafe` text and rejects vault values.
const ansibleTags: ScalarTag[] = ['!unsafe', '!vault', '!vault-encrypted'].map((tag) => ({
  tag,
  resolve: (text: string) => text,
}));

const OWN_TAGS = new Set(ansibleTags.map((t) => t.tag));

/**
 * Parses YAML text. `file` names the source in positions and messages.
 * Raises InputError (InputErrors when there are several) for a syntax error,
 * a duplicate key or anchor, an unknown alias or tag, or a vault value.
 */
export function parseYaml(source: string, file: string): YamlDocument {
  // A byte order mark is no part of the content, and the parser would read it as text.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = new LineCounter();
  rejectDeepNesting(text, file);
  const doc = parseDocument(text, {
    version: '1.1',
    schema: 'failsafe',
    customTags: (tags) => [...tags, ...scalarTags, ...ansibleTags],
    // The builder reports duplicate keys itself, naming both places.
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter: lines,
  });
  const builder = new DocumentBuilder(file, doc, lines, text);

  const [syntaxError] = doc.errors;
  if (syntaxError) {
    throw new InputError(`invalid YAML: ${plainReason(syntaxError)}`, builder.positionAt(syntaxError.pos[0]));
  }

  const tagErrors = doc.warnings.filter(isForeignTag).map((w) => unknownTag(w, builder));
  const built = builder.build();
  const errors = [...tagErrors, ...builder.errors];
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(sortByPosition(errors));

  const parserWarnings = doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED');
  const warnings = [...builder.warnings, ...parserWarnings.map((w) => asWarning(w, builder))];
  return { value: built.value, positions: new Positions(built.positions), warnings };
}

/**
 * Reads and parses a YAML file; a missing, unreadable, too large or
 * non-UTF-8 file is an InputError.
 */
export async function loadYamlFile(path: string): Promise<YamlDocument> {
  return parseYaml(await readTextFile(path), path);
}

function isForeignTag(warning: YAMLError): boolean {
  if (warning.code !== 'TAG_RESOLVE_FAILED') return false;
  const tag = warning.message.match(/Unresolved tag: (\S+)/)?.[1];
  return !tag || !OWN_TAGS.has(tag);
}

function unknownTag(warning: YAMLError, builder: DocumentBuilder): InputError {
  const raw = warning.message.match(/Unresolved tag: (\S+)/)?.[1];
  const tag = raw ? raw.replace(/^tag:yaml\.org,2002:/, '!!') : 'this tag';
  return new InputError(
    `unsupported YAML tag ${tag}; skprun reads !unsafe and the standard tags ` +
      '!!str, !!int, !!float, !!bool, !!null, !!map and !!seq',
    builder.positionAt(warning.pos[0]),
  );
}

function asWarning(warning: YAMLError, builder: DocumentBuilder): YamlWarning {
  const position = builder.positionAt(warning.pos[0]);
  const message = `${position.file}:${position.line}:${position.column}: ${plainReason(warning)}`;
  return { position, text: '', readAs: undefined, message };
}

function sortByPosition(errors: InputError[]): InputError[] {
  return [...errors].sort((a, b) => {
    const pa = a.position;
    const pb = b.position;
    if (!pa || !pb) return 0;
    return pa.line - pb.line || pa.column - pb.column;
  });
}
