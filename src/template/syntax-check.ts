/**
 * Checks a template without rendering it: its syntax, with the parser the
 * engine renders with, and the names of its filters and tests. Variables
 * are not checked, because facts and registered results define many of
 * them only at run time. Findings carry offsets into the checked string,
 * so that callers can point at the name in their own file.
 */
import { isKnownFilter, isKnownTest } from './known-names.js';
import { nodes, type AstNode } from './nunjucks-internals.js';
import {
  ANSIBLE_PARSE_OPTIONS,
  isSingleExpression,
  isTemplated,
  parseTemplate,
  TestNode,
} from './parser.js';

export type TemplateFinding =
  /** The parser rejected the text; `offset` is missing when it stopped at the end. */
  | { kind: 'syntax'; detail: string; offset?: number }
  | { kind: 'unknown-filter'; name: string; offset: number }
  | { kind: 'unknown-test'; name: string; offset: number }
  /** `{% include %}` and the like, which the engine cannot run. */
  | { kind: 'unsupported-tag'; tag: string; offset: number }
  /** `{{ }}` around part of a bare expression, such as `{{ a }} == 1`. */
  | { kind: 'delimiters-in-expression'; offset: number }
  /** A call of Ansible's lookup plugins (`lookup`, `query`, `q`), which skprun does not have. */
  | { kind: 'unsupported-function'; name: string; offset: number };

/** Ansible's functions that reach lookup plugins, which run on the controller in Ansible. */
const LOOKUP_FUNCTIONS = new Set(['lookup', 'query', 'q']);

interface CheckedTemplate {
  findings: TemplateFinding[];
  /** The template is one `{{ expression }}` and nothing else. */
  isSingleExpression: boolean;
}

/** Tags that parse but that the compiler rejects, because templates cannot load templates. */
const UNSUPPORTED_TAGS: [string, string][] = [
  ['Include', 'include'],
  ['Import', 'import'],
  ['FromImport', 'from ... import'],
  ['Extends', 'extends'],
  ['Block', 'block'],
];

/** Past this many distinct strings, the cache starts over, as the engine's does. */
const CACHE_LIMIT = 20_000;
const templates = new Map<string, CheckedTemplate>();
const expressions = new Map<string, TemplateFinding[]>();

/** Checks a template, such as a task argument or a .j2 file's text. */
export function checkTemplate(source: string): TemplateFinding[] {
  return checkedTemplate(source).findings;
}

/**
 * Checks a bare expression, such as a `when` condition, the way the engine
 * evaluates one: a text with template delimiters must be exactly one
 * `{{ expression }}`, and any other text is read as `{{ text }}`.
 */
export function checkExpression(expression: string): TemplateFinding[] {
  let findings = expressions.get(expression);
  if (!findings) {
    findings = checkBareExpression(expression);
    remember(expressions, expression, findings);
  }
  return findings;
}

function checkBareExpression(expression: string): TemplateFinding[] {
  const text = expression.trim();
  if (text === '') return [];
  const lead = expression.length - expression.trimStart().length;

  if (isTemplated(text)) {
    const checked = checkedTemplate(text);
    const findings = checked.findings.map((finding) => shifted(finding, lead, expression.length));
    const parsed = !findings.some((finding) => finding.kind === 'syntax');
    if (parsed && !checked.isSingleExpression) {
      findings.push({ kind: 'delimiters-in-expression', offset: lead + text.indexOf('{') });
    }
    return findings;
  }

  // `{{ ` puts the text three characters to the right in the parsed string.
  const wrapped = checkedTemplate(`{{ ${text} }}`);
  return wrapped.findings.map((finding) => shifted(finding, lead - 3, expression.length));
}

/** Moves a finding's offset by `delta`, kept inside a string of `length` characters. */
function shifted(finding: TemplateFinding, delta: number, length: number): TemplateFinding {
  if (finding.offset === undefined) return finding;
  const offset = Math.min(Math.max(finding.offset + delta, 0), length);
  return { ...finding, offset };
}

function checkedTemplate(source: string): CheckedTemplate {
  let checked = templates.get(source);
  if (!checked) {
    checked = isPlainSubstitution(source) ? plainSubstitution(source) : parseAndCheck(source);
    remember(templates, source, checked);
  }
  return checked;
}

/** `{{ name }}` or `{{ name.key }}`, with ASCII names only. */
const SUBSTITUTION = /\{\{ *([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*) *\}\}/g;

/** Words that the parser reads as operators, so they cannot be names. */
const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

/**
 * Checks whether a template is text with only `{{ name }}` substitutions,
 * which always parses and has no filter or test, so that most templates of
 * a playbook need no parse. Text that contains any other `{` after the
 * substitutions are taken out is left to the parser.
 */
export function isPlainSubstitution(source: string): boolean {
  let hasOperatorWord = false;
  const rest = source.replace(SUBSTITUTION, (_, path: string) => {
    if (path.split('.').some((word) => OPERATOR_WORDS.has(word))) hasOperatorWord = true;
    return '';
  });
  return !hasOperatorWord && !rest.includes('{');
}

function plainSubstitution(source: string): CheckedTemplate {
  const match = source.match(SUBSTITUTION);
  return { findings: [], isSingleExpression: match?.length === 1 && match[0] === source };
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function parseAndCheck(source: string): CheckedTemplate {
  const lineStarts = lineStartsOf(source);
  let ast: AstNode;
  try {
    ast = parseTemplate(source, ANSIBLE_PARSE_OPTIONS);
  } catch (error) {
    return { findings: [syntaxFinding(error, lineStarts)], isSingleExpression: false };
  }

  const offsetOf = (node: AstNode) => lineStarts[node.lineno] + node.colno;
  const findings: TemplateFinding[] = [];
  for (const filter of ast.findAll(nodes.Filter) as AstNode[]) {
    const name: string = filter.name.value;
    if (!isKnownFilter(name)) findings.push({ kind: 'unknown-filter', name, offset: offsetOf(filter) });
  }
  for (const test of ast.findAll(TestNode) as AstNode[]) {
    const name: string = test.name;
    if (!isKnownTest(name)) findings.push({ kind: 'unknown-test', name, offset: offsetOf(test) });
  }
  for (const call of ast.findAll(nodes.FunCall) as AstNode[]) {
    // Filters are calls too, in nunjucks' tree: only plain calls of a name count here.
    if (call.typename !== 'FunCall' || call.name?.typename !== 'Symbol') continue;
    const name: string = call.name.value;
    if (LOOKUP_FUNCTIONS.has(name)) findings.push({ kind: 'unsupported-function', name, offset: offsetOf(call.name) });
  }
  for (const [typename, tag] of UNSUPPORTED_TAGS) {
    for (const node of ast.findAll(nodes[typename]) as AstNode[]) {
      findings.push({ kind: 'unsupported-tag', tag, offset: offsetOf(node) });
    }
  }
  findings.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  return { findings, isSingleExpression: isSingleExpression(ast) };
}

/** Offsets at which each line of `source` starts, line 0 first. */
function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Turns a parser error into a finding. nunjucks numbers its error lines and
 * columns from 1, and gives none when the text ends too early.
 */
function syntaxFinding(error: unknown, lineStarts: number[]): TemplateFinding {
  const failure = error as { message?: string; lineno?: number; colno?: number };
  // nunjucks prefixes some messages with the parser function that raised them.
  const detail = String(failure.message ?? error).replace(/^(parse|compile)\w*: /, '');
  const { lineno, colno } = failure;
  if (!lineno || !colno || lineno > lineStarts.length) return { kind: 'syntax', detail };
  return { kind: 'syntax', detail, offset: lineStarts[lineno - 1] + colno - 1 };
}
