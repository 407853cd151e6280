/**
 * Docker's env-file format (`docker run --env-file`): one `KEY=value` per
 * line, blank lines and lines starting with `#` skipped, the value taken
 * verbatim up to the end of the line. A line with a bare `KEY` takes the
 * variable from the docker client's environment, which the module cannot
 * see, so such lines are left out of the comparison.
 */
export function parseEnvFile(content: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const rawLine of content.split('\n')) {
    const line = rawLine.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    variables[line.slice(0, at)] = line.slice(at + 1);
  }
  return variables;
}
