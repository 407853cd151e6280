/**
 * Module argument checks for arguments that have no file position, such as
 * `skprun adhoc -a`. The wording is the loader's, so the same mistake reads
 * the same on the command line and in a playbook.
 */
import { didYouMean } from './did-you-mean.js';
import type { IssueWording } from './schema-issues.js';
import { checkAgainstSchema } from './validator.js';

/**
 * Validates `args` against a module's schema and returns one line per
 * problem, `key: what was expected`, or an empty list. Templated values are
 * left to the check after rendering, as in a playbook.
 */
export function argumentIssues(moduleName: string, schema: object, args: Record<string, unknown>): string[] {
  const wording: IssueWording = {
    noun: 'argument',
    unknownKey: (name, allowed) => `unknown argument "${name}" for ${moduleName}${didYouMean(name, allowed)}`,
  };
  const { issues } = checkAgainstSchema(schema, args, wording, { collections: true });
  return issues.map((issue) => (issue.path.length > 0 && !issue.atKey ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
}
