/**
 * Python regular expressions and replacement templates, which Ansible's
 * lineinfile takes, read as JavaScript RegExps. Translated: `(?P<name>...)`,
 * `(?P=name)`, `\A`, `\Z` and leading inline flags `(?i)`, `(?m)`, `(?s)`.
 * Other Python-only syntax fails to compile or, rarely, means something
 * else (Python's `\d` and `\w` also match non-ASCII digits and letters).
 */

/** Compiles a Python regular expression as the closest JavaScript RegExp. */
export function compilePythonRegExp(source: string): RegExp {
  let flags = '';
  let body = source;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline) {
    for (const flag of inline[1]) {
      if ('ims'.includes(flag)) flags += flag;
      else if (flag !== 'u') throw new Error(`inline flag (?${flag}) is not supported`);
    }
    body = body.slice(inline[0].length);
  }

  // Escapes are matched whole first, so `\\Z` stays a backslash and a Z.
  body = body.replace(/\\(.)|\(\?P<(\w+)>|\(\?P=(\w+)\)/gs, (whole, escaped, group, reference) => {
    if (group) return `(?<${group}>`;
    if (reference) return `\\k<${reference}>`;
    if (escaped === 'A') return '^';
    if (escaped === 'Z') return '$';
    return whole;
  });
  return new RegExp(body, flags);
}

// prettier-ignore
const TEMPLATE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

function groupValue(match: RegExpExecArray, reference: string): string {
  if (/^\d+$/.test(reference)) {
    const index = Number(reference);
    if (index < match.length) return match[index] ?? '';
  } else if (match.groups && reference in match.groups) {
    return match.groups[reference] ?? '';
  }
  throw new Error(`invalid group reference ${reference}`);
}

/**
 * Expands a replacement template as Python's `match.expand` does: `\1`,
 * `\g<1>`, `\g<name>`, octal and letter escapes. A group that took no part
 * in the match expands to an empty string, as in Python 3.5 and later.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  const token = /\\(g<([^>]*)>|0[0-7]{0,2}|[1-7][0-7]{2}|[1-9]\d?|.)/gs;
  return template.replace(token, (whole, escape: string, named: string | undefined) => {
    if (named !== undefined) return groupValue(match, named);
    if (/^0|^[1-7][0-7]{2}$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    if (/^\d/.test(escape)) return groupValue(match, escape);
    if (escape in TEMPLATE_ESCAPES) return TEMPLATE_ESCAPES[escape];
    if (/[A-Za-z]/.test(escape)) throw new Error(`bad escape \\${escape}`);
    return whole;
  });
}
