/**
 * The `{{ }}` template engine: Jinja2 as Ansible uses it, on nunjucks.
 * See engine.ts for native types and variables that are templates, and
 * condition.ts for the rules of `when`.
 */
export { TemplateError } from './errors.js';
export { isTemplated, renderString, renderValue, evaluateExpression } from './engine.js';
export { evaluateCondition } from './condition.js';
export { markUntrusted } from './untrusted.js';
