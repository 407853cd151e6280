/**
 * The controller side of the template module: finding a template file as
 * Ansible does, and rendering its whole text as a string with the task's
 * variables and the template_* variables Ansible adds.
 */
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderString } from '../../template/index.js';
import { toStr } from '../../template/python.js';

export interface TemplateFile {
  /** The absolute path found. */
  file: string;
  text: string;
  /** Permission bits of the file, for `mode: preserve`. */
  mode: number;
  uid: number;
}

/**
 * Candidate controller paths for a relative `src`: the role's templates/
 * folder and the role's own folder, then the same two under the playbook's
 * folder, as Ansible searches them.
 */
export function templateCandidates(src: string, vars: Record<string, unknown>): string[] {
  if (path.isAbsolute(src)) return [src];
  const folders = [vars.role_path, vars.playbook_dir].filter((v): v is string => typeof v === 'string');
  return folders.flatMap((folder) => [path.join(folder, 'templates', src), path.join(folder, src)]);
}

/** Reads the first candidate that is a file; returns the problem otherwise. */
export async function findTemplate(src: string, vars: Record<string, unknown>): Promise<TemplateFile | string> {
  const candidates = templateCandidates(src, vars);
  for (const file of candidates) {
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) return `src ${file} is a folder, expected a template file`;
    const text = decodeUtf8(await readFile(file));
    if (typeof text !== 'string') return `template ${file} is not valid UTF-8: ${text.problem}; save it as UTF-8`;
    return { file, text, mode: info.mode & 0o7777, uid: info.uid };
  }
  if (candidates.length === 0) return `src ${src} is relative, and neither role_path nor playbook_dir is set to look in`;
  return `could not find template ${src} (looked in ${candidates.join(', ')})`;
}

/**
 * Decodes a template's bytes, or returns where the first invalid sequence is.
 * A lenient decode would write U+FFFD in place of each bad byte and report
 * the file changed; Ansible fails the task instead.
 */
export function decodeUtf8(bytes: Buffer): string | { problem: string } {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: `invalid byte sequence at byte ${firstInvalidByte(bytes)}` };
  }
}

/** Finds the offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** Returns the length of the valid UTF-8 sequence at `i`, or 0 when there is none (RFC 3629 ranges). */
function sequenceLength(bytes: Buffer, i: number): number {
  const first = bytes[i];
  if (first < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (first >= 0xc2 && first <= 0xdf) length = 2;
  else if (first >= 0xe0 && first <= 0xef) {
    length = 3;
    if (first === 0xe0) low = 0xa0;
    if (first === 0xed) high = 0x9f;
  } else if (first >= 0xf0 && first <= 0xf4) {
    length = 4;
    if (first === 0xf0) low = 0x90;
    if (first === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k];
    const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
    if (next === undefined || next < min || next > max) return 0;
  }
  return length;
}

function ownerName(uid: number): string {
  const me = os.userInfo();
  return me.uid === uid ? me.username : String(uid);
}

/** Formats a date as Python's str() of datetime.now(), which Ansible gives as template_run_date. */
function pythonNow(now: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return `${date} ${time}.${pad(now.getMilliseconds() * 1000, 6)}`;
}

/**
 * Builds the variables Ansible's template action adds. NOTE: template_run_date is
 * a string here, not a datetime, so `.strftime()` on it fails.
 */
export function templateVariables(template: TemplateFile, src: string, dest: string, now = new Date()): Record<string, unknown> {
  return {
    template_path: src,
    template_fullpath: template.file,
    template_destpath: dest,
    template_host: os.hostname(),
    template_uid: ownerName(template.uid),
    template_run_date: pythonNow(now),
  };
}

/** Newline sequences the template module takes as `newline_sequence`. */
export type NewlineSequence = '\n' | '\r' | '\r\n';

/**
 * Renders a template's whole text as a string. Newlines in the template's
 * text are normalized first, as Jinja2's lexer does. With another
 * newline_sequence than `\n`, the output's newlines are converted after.
 * NOTE: that conversion also reaches newlines that came from variables,
 * which Jinja2 leaves as they are.
 */
export function renderTemplateText(text: string, vars: Record<string, unknown>, newline: NewlineSequence = '\n'): string {
  const value = renderString(text.replace(/\r\n|\r/g, '\n'), vars);
  // A template that is one expression gives the value's own type; the file gets its string.
  const rendered = typeof value === 'string' ? value : toStr(value);
  return newline === '\n' ? rendered : rendered.replace(/\n/g, newline);
}
