/**
 * Framing for read commands that run several tools at once: each tool's
 * output and exit status arrive as one named section, and short facts as
 * `key value` lines between the sections, so one round trip reads a
 * service's whole state.
 */

export interface Section {
  /** stdout and stderr together, as the tool printed them. */
  output: string;
  exitCode: number;
}

export interface SectionedOutput {
  /** The `key value` lines outside sections; a key without a value maps to ''. */
  facts: Map<string, string>;
  sections: Map<string, Section>;
}

const BEGIN = '@@begin ';
const END = '@@end ';

/**
 * Shell code that runs `command` as a section, in a subshell so that an
 * `exit` in it ends only the section. stdin is closed, so a tool that asks
 * a question fails instead of waiting.
 */
export function section(name: string, command: string): string {
  return `echo '${BEGIN}${name}'; (${command}) </dev/null 2>&1; rc=$?; printf '\\n${END}${name} %s\\n' "$rc"`;
}

/** Shell code that prints a fact line when `condition` holds. */
export function factIf(condition: string, fact: string): string {
  return `if ${condition}; then echo '${fact}'; fi`;
}

/** Parses the output of a script made of sections and fact lines. */
export function parseSections(output: string): SectionedOutput {
  const facts = new Map<string, string>();
  const sections = new Map<string, Section>();
  const lines = output.split('\n');

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith(BEGIN)) {
      const space = line.indexOf(' ');
      if (line !== '') facts.set(space < 0 ? line : line.slice(0, space), space < 0 ? '' : line.slice(space + 1));
      continue;
    }
    const name = line.slice(BEGIN.length);
    const end = lines.findIndex((candidate, j) => j > i && candidate.startsWith(`${END}${name} `));
    if (end < 0) throw new Error(`the read command's output ended inside its ${name} section`);
    // Joining drops the last line's newline, which is the one the frame adds.
    const body = lines.slice(i + 1, end).join('\n');
    sections.set(name, { output: body, exitCode: Number(lines[end].slice(END.length + name.length + 1)) });
    i = end;
  }
  return { facts, sections };
}
