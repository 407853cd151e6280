/**
 * Parses -e/--extra-vars values as ansible-playbook does: `key=value`
 * pairs, an inline JSON or YAML mapping, or `@file` naming a YAML/JSON file.
 */
import { readTextFile } from '../yaml/text-file.js';
import { InputError, OptionError } from '../errors.js';
import { rejectDeepNesting } from '../yaml/nesting.js';
import { ArgumentSyntaxError, splitWords, unquote } from '../playbook/free-form.js';

/**
 * Splits `key=value` words as Ansible's parse_kv does: words break at
 * spaces outside quotes and outside `{{ }}`, `{% %}` and `{# #}`, and each
 * value is unquoted.
 */
function splitPairs(text: string): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const { text: word } of extraVarWords(text)) {
    const equals = word.indexOf('=');
    if (equals <= 0) throw new OptionError(`-e ${text}: expected key=value, JSON, YAML or @file, got ${word}`);
    vars[word.slice(0, equals)] = unquote(word.slice(equals + 1));
  }
  return vars;
}

function extraVarWords(text: string): ReturnType<typeof splitWords> {
  try {
    return splitWords(text);
  } catch (error) {
    if (error instanceof ArgumentSyntaxError) throw new OptionError(`-e ${text}: ${error.message}`);
    throw error;
  }
}

function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

async function parseMapping(text: string, source: string): Promise<Record<string, unknown>> {
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    rejectDeepNesting(text, source);
    value = parse(text, { version: '1.1' });
  } catch (error) {
    if (error instanceof InputError && error.position) {
      const { line, column } = error.position;
      throw new OptionError(`-e ${shortened(source)}: at line ${line}, column ${column}: ${error.detail}`);
    }
    throw new OptionError(`-e ${source}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new OptionError(`-e ${source}: should be a mapping of variable names to values`);
  }
  return value as Record<string, unknown>;
}

export async function parseExtraVars(values: string[]): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const value of values) {
    const text = value.trim();
    if (text.startsWith('@')) {
      const file = text.slice(1);
      if (file === '') throw new OptionError('-e @: missing file name after @; write -e @vars.yml');
      // The same reader as playbooks: size limit, UTF-8 check, BOM skipped.
      const content = await readTextFile(file).catch((error: Error) => {
        throw new OptionError(`-e @${file}: ${error.message}`);
      });
      Object.assign(merged, await parseMapping(content, text));
    } else if (text.startsWith('{') || text.startsWith('---')) {
      Object.assign(merged, await parseMapping(text, text));
    } else {
      Object.assign(merged, splitPairs(text));
    }
  }
  return merged;
}
