/**
 * Compiles templates once per source string and renders them against a
 * variables object. As in ansible-core 2.19, a template that is exactly one
 * `{{ expression }}` returns the expression's value with its type, so a list
 * stays a list. Any other template returns a string.
 *
 * Variables are stored raw, as Ansible stores them: a variable whose value
 * is itself a template (`url: "{{ host }}:{{ port }}"`) is rendered when a
 * template uses it, against the same variables.
 */
import { compileRoot, type RootFunction } from './compiler.js';
import { describeTemplate, TemplateError } from './errors.js';
import { nunjucksRuntime } from './nunjucks-compiler.js';
import { ANSIBLE_PARSE_OPTIONS, isSingleExpression, isTemplated, parseTemplate } from './parser.js';
import { toStr } from './python.js';
import { RenderContext, templateRuntime } from './runtime.js';
import { isUntrusted } from './untrusted.js';
import { mapNested, someNested } from './values.js';

interface CompiledTemplate {
  source: string;
  /** The template is one expression, whose value is the result. */
  native: boolean;
  root: RootFunction;
}

/** Enough for every distinct template of a large run. Past it, the cache starts over. */
const CACHE_LIMIT = 20_000;
const templates = new Map<string, CompiledTemplate>();
const expressions = new Map<string, CompiledTemplate>();

/** No autoescaping: compiled code reads only this from the environment. */
const ENVIRONMENT = { opts: { autoescape: false } };

export { isTemplated };

export { describeTemplate };

function syntaxError(source: string, error: unknown): TemplateError {
  if (error instanceof TemplateError) return error;
  const failure = error as { message?: string; lineno?: number; colno?: number };
  // nunjucks prefixes some messages with the parser function that raised them.
  const detail = String(failure.message ?? error).replace(/^(parse|compile)\w*: /, '');
  const where = failure.lineno ? ` at line ${failure.lineno}, column ${failure.colno}` : '';
  return new TemplateError(
    `template syntax error in ${describeTemplate(source)}${where}: ${detail}`,
  );
}

function build(source: string): CompiledTemplate {
  try {
    const ast = parseTemplate(source, ANSIBLE_PARSE_OPTIONS);
    const native = isSingleExpression(ast);
    return { source, native, root: compileRoot(ast, native) };
  } catch (error) {
    throw syntaxError(source, error);
  }
}

function cached(cache: Map<string, CompiledTemplate>, key: string, make: () => CompiledTemplate) {
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

function compileTemplate(source: string): CompiledTemplate {
  return cached(templates, source, () => build(source));
}

/** Compiles a bare expression (`a == b`), rejecting text that is not exactly one. */
function compileExpression(expression: string): CompiledTemplate {
  return cached(expressions, expression, () => {
    const compiled = build(`{{ ${expression} }}`);
    if (!compiled.native) {
      const quoted = describeTemplate(expression);
      throw new TemplateError(`invalid expression ${quoted}: it is not exactly one expression`);
    }
    return compiled;
  });
}

function execute(compiled: CompiledTemplate, vars: Record<string, unknown>): unknown {
  const context = new RenderContext(vars, (name, value) => resolveVariable(vars, name, value));
  let failure: unknown;
  let result: unknown;
  compiled.root(
    ENVIRONMENT,
    context,
    new nunjucksRuntime.Frame(),
    templateRuntime,
    (error, output) => {
      failure = error;
      result = output;
    },
  );
  if (failure)
    throw failure instanceof TemplateError ? failure : syntaxError(compiled.source, failure);
  return result;
}

/** Names being resolved per variables object, to catch a variable that refers to itself. */
const resolving = new WeakMap<object, Set<string>>();

const isTemplatedString = (value: unknown) => typeof value === 'string' && isTemplated(value);

function needsRendering(value: unknown): boolean {
  if (typeof value === 'string') return isTemplated(value);
  if (typeof value !== 'object' || value === null || isUntrusted(value)) return false;
  return someNested(value, isTemplatedString, isUntrusted);
}

function resolveVariable(vars: Record<string, unknown>, name: string, value: unknown): unknown {
  if (!needsRendering(value)) return value;
  let active = resolving.get(vars);
  if (!active) resolving.set(vars, (active = new Set()));
  if (active.has(name)) {
    const message = `recursive loop detected in template: the variable '${name}' refers to itself`;
    throw new TemplateError(message, name);
  }

  active.add(name);
  try {
    return renderValue(value, vars);
  } finally {
    active.delete(name);
  }
}

/**
 * Renders a string: the value of its one expression, or the rendered text.
 * Text without `{{`, `{%` or `{#` is returned as it is, without parsing.
 */
export function renderString(text: string, vars: Record<string, unknown>): unknown {
  if (!isTemplated(text)) return text;
  return execute(compileTemplate(text), vars);
}

/** Renders every string in a value, keys included, without modifying the input. */
export function renderValue(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderString(value, vars);
  if (typeof value !== 'object' || value === null || isUntrusted(value)) return value;
  return mapNested(
    value,
    (item) => (typeof item === 'string' ? renderString(item, vars) : item),
    (key) => (isTemplated(key) ? renderKey(key, vars) : key),
    isUntrusted,
  );
}

/** Renders a dict key. A key that renders to another type takes its string form. */
function renderKey(key: string, vars: Record<string, unknown>): string {
  const value = renderString(key, vars);
  return value === null ? '' : toStr(value);
}

/**
 * Evaluates a bare expression such as `result.rc == 0`. A text that is one
 * `{{ expression }}` as a whole is accepted too. As in ansible-core 2.19,
 * template delimiters inside an expression are an error.
 */
export function evaluateExpression(expression: string, vars: Record<string, unknown>): unknown {
  const text = expression.trim();
  if (isTemplated(text)) {
    const compiled = compileTemplate(text);
    if (compiled.native) return execute(compiled, vars);
    const quoted = describeTemplate(text);
    throw new TemplateError(
      `template delimiters are not supported inside the expression ${quoted}: ` +
        'write it without {{ }}',
    );
  }
  return execute(compileExpression(text), vars);
}
