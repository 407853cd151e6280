/**
 * no_log: a task's values never reach any output (plain, live, JSON,
 * -v and -vv), though `register` still gets them, as in Ansible.
 */

/** ansible-core's wording, so that tools that look for it find it. */
export const CENSORED_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** Replaces a result by what Ansible shows for a no_log task. */
export function censorResult(result: Record<string, unknown>): Record<string, unknown> {
  return { censored: CENSORED_MESSAGE, changed: Boolean(result.changed) };
}

/** The label of a no_log loop item, which Ansible prints as None. */
export const CENSORED_LABEL = 'None';
