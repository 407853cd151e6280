/** The wording of the load-time template check's errors. */
import { describeTemplate } from '../template/errors.js';
import { BUILTIN_PREFIXES, FILTER_NAMES, TEST_NAMES } from '../template/known-names.js';
import type { TemplateFinding } from '../template/syntax-check.js';
import { didYouMean } from './did-you-mean.js';

/**
 * Describes a finding, quoting `text` (the scalar) when given. A .j2 file
 * is not quoted, because its position names the place well enough.
 */
export function describeFinding(finding: TemplateFinding, text: string | undefined): string {
  const where = text === undefined ? '' : ` in ${describeTemplate(text)}`;
  switch (finding.kind) {
    case 'syntax':
      return `template syntax error${where}: ${finding.detail}`;
    case 'unknown-filter':
      return `unknown filter "${finding.name}"${where}${suggestion(finding.name, FILTER_NAMES)}`;
    case 'unknown-test':
      return `unknown test "${finding.name}"${where}${suggestion(finding.name, TEST_NAMES)}`;
    case 'unsupported-tag':
      return `{% ${finding.tag} %} is not supported${where}: templates cannot load other templates`;
    case 'unsupported-function':
      return `${finding.name}() is not supported${where}: skprun has no lookup plugins, so give the value through vars, vars_files or -e`;
    case 'delimiters-in-expression':
      return (
        `template delimiters are not supported${where}, which is a bare expression already: ` +
        'write it without {{ }}, for example "x == 1" rather than "{{ x }} == 1"'
      );
  }
}

/** `; did you mean "x"?`, with the prefix the name was written with. */
function suggestion(name: string, names: readonly string[]): string {
  const prefix = BUILTIN_PREFIXES.find((candidate) => name.startsWith(candidate));
  if (prefix) return didYouMean(name, names.map((known) => `${prefix}${known}`));
  // A dotted name with another prefix, such as a misspelt `ansible.biultin.`, may still be close to one.
  const candidates = name.includes('.') ? [...names, ...names.map((known) => `${BUILTIN_PREFIXES[0]}${known}`)] : names;
  return didYouMean(name, candidates);
}
