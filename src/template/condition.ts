/**
 * `when`, `changed_when`, `failed_when`, `until` and assert's `that`, with
 * ansible-core 2.19's rules: a condition is a boolean or a bare expression,
 * and the expression's result must be a real boolean. ansible-core 2.19
 * reports any other result as a broken conditional, and so does this. There
 * is no ALLOW_BROKEN_CONDITIONALS switch back to Python truthiness.
 */
import { evaluateExpression } from './engine.js';
import { TemplateError } from './errors.js';
import { repr, typeName } from './python.js';

/**
 * Evaluates a condition. A boolean is its own result. A string is an
 * expression such as `result.rc == 0`, and a string that is one
 * `{{ expression }}` as a whole is accepted too (Ansible warns about it). A
 * missing or empty condition is true, as in Ansible.
 */
export function evaluateCondition(condition: unknown, vars: Record<string, unknown>): boolean {
  if (typeof condition === 'boolean') return condition;
  if (condition === null || condition === undefined) return true;
  if (typeof condition !== 'string') {
    throw new TemplateError(
      `a condition must be a string or a boolean, not ${typeName(condition)} ${repr(condition)}`,
    );
  }

  const expression = condition.trim();
  if (expression === '') return true;
  const result = evaluateExpression(expression, vars);
  if (typeof result === 'boolean') return result;
  throw new TemplateError(
    `the condition '${expression}' gave ${repr(result)} of type '${typeName(result)}', ` +
      `but a condition must give true or false: compare explicitly, or use "| bool", ` +
      `"| length > 0" or "is truthy"`,
  );
}
