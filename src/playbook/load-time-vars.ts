/**
 * Templates that Ansible renders while it loads a play, before any host is
 * chosen: role names in `roles:`, import_role and role dependencies, and handler
 * names. They
 * see the play's vars, its vars_files, the extra vars (-e) and
 * playbook_dir, but no inventory variables or facts.
 */
import { renderValue, TemplateError } from '../template/index.js';
import type { Handler } from './model.js';
import type { Problems, Site } from './site.js';
import { isTemplated } from './templated.js';

/** Returns the variables a play's load-time templates see, lowest precedence first. */
export function loadTimeVars(
  playbookDir: string,
  playVars: Record<string, unknown>,
  varsFiles: readonly Record<string, unknown>[],
  extraVars: Record<string, unknown>,
): Record<string, unknown> {
  return Object.assign({ playbook_dir: playbookDir }, playVars, ...varsFiles, extraVars);
}

/** The outcome of rendering a template at load time. */
export type LoadTimeRender = { ok: true; value: string } | { ok: false; error: TemplateError };

/** Renders `template` with load-time variables; a failure is returned, not raised. */
export function renderAtLoad(template: string, vars: Record<string, unknown>): LoadTimeRender {
  try {
    return { ok: true, value: String(renderValue(template, vars)) };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, error };
    throw error;
  }
}

/** Describes why a load-time template failed: the undefined variable, or the template error. */
export function describeLoadFailure(template: string, error: TemplateError): string {
  if (error.variable === undefined) return `${JSON.stringify(template)} cannot be rendered: ${error.message}`;
  return `${JSON.stringify(template)} uses the variable "${error.variable}", which is not defined when the playbook loads`;
}

/** Renders a role name, or reports at `site` why it cannot be rendered. */
export function renderRoleName(name: string, site: Site, vars: Record<string, unknown>, problems: Problems): string | undefined {
  const rendered = renderAtLoad(name, vars);
  if (rendered.ok) return rendered.value;
  const hint = 'a role name can use play vars, vars_files and extra vars (-e); use include_role to choose the role per host';
  problems.add(site.error(`role name ${describeLoadFailure(name, rendered.error)}: ${hint}`));
  return undefined;
}

/**
 * Renders templated handler names, so that notify matches the rendered
 * name. As in ansible-core, a name that cannot be rendered only warns: that
 * handler is then reachable through its listen topics alone.
 */
export function renderHandlerNames(handlers: Handler[], vars: Record<string, unknown>, problems: Problems): Handler[] {
  return handlers.map((handler) => {
    if (handler.name === undefined || !isTemplated(handler.name)) return handler;
    const rendered = renderAtLoad(handler.name, vars);
    if (rendered.ok) return { ...handler, name: rendered.value };

    const { file, line, column } = handler.position;
    const reach = handler.listen.length > 0 ? 'only its listen topics notify it' : 'no notify can reach it';
    problems.warn(`${file}:${line}:${column}: handler name ${describeLoadFailure(handler.name, rendered.error)}, so ${reach}; a handler name can use play vars, vars_files and extra vars (-e)`);
    return handler;
  });
}
