/** Variable files: role defaults and vars, and a play's vars_files. */
import { isAbsolute, join, resolve } from 'node:path';
import type { LoadContext } from './context.js';
import { firstFile } from './context.js';
import type { VarsFile } from './model.js';
import { Site } from './site.js';
import { isTemplated } from './templated.js';

/** Reads a file of variables; null when it cannot be read (the reason is reported). */
export async function readVarsFile(path: string, ctx: LoadContext): Promise<Record<string, unknown> | undefined> {
  const document = await ctx.files.read(path);
  if (!document) return undefined;
  if (document.value === null) return {};
  if (typeof document.value === 'object' && !Array.isArray(document.value)) {
    return document.value as Record<string, unknown>;
  }
  ctx.problems.add(new Site(path, document.positions).error('a variables file should be a mapping of names to values'));
  return undefined;
}

/**
 * Reads a play's vars_files. A static name is read now, relative to the
 * playbook's folder; a first-found list reads the first file that exists.
 * A templated name depends on host variables, so it stays for run time.
 */
export async function readVarsFiles(raw: unknown, site: Site, baseDir: string, ctx: LoadContext): Promise<VarsFile[]> {
  if (!Array.isArray(raw)) return [];
  const files: VarsFile[] = [];
  for (let index = 0; index < raw.length; index++) {
    const entry = raw[index];
    const names = (Array.isArray(entry) ? entry : [entry]).map(String);
    const file = await readEntry(names, site.child(index), baseDir, ctx);
    if (file) files.push(file);
  }
  return files;
}

async function readEntry(names: string[], site: Site, baseDir: string, ctx: LoadContext): Promise<VarsFile | undefined> {
  const position = site.position();
  if (names.some(isTemplated)) return { names, position };

  const candidates = names.map((name) => (isAbsolute(name) ? name : join(baseDir, name)));
  const path = await firstFile(candidates);
  if (!path) {
    const tried = candidates.join(', ');
    ctx.problems.add(site.error(names.length > 1 ? `none of these vars files exists: ${tried}` : `vars file not found: ${tried}`));
    return undefined;
  }
  const vars = await readVarsFile(path, ctx);
  return vars ? { names, position, path: resolve(path), vars } : undefined;
}
