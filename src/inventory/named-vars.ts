/**
 * group_vars/ and host_vars/ folders, as Ansible's host_group_vars plugin
 * reads them. For a group or host NAME, the files are NAME, NAME.yml,
 * NAME.yaml or NAME.json, or every such file under a folder NAME/ in name
 * order (hidden files skipped). They merge in that order.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problems } from '../playbook/site.js';
import { Site } from '../playbook/site.js';
import { loadYamlFile } from '../yaml/load.js';
import { checkConnectionVars } from './connection-vars.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** Reads the variables set for `name` in `folder` (such as inventory/group_vars); undefined if none. */
export async function readNamedVars(folder: string, name: string, problems: Problems): Promise<Record<string, unknown> | undefined> {
  const files = await varsFilesFor(folder, name);
  if (files.length === 0) return undefined;
  const vars: Record<string, unknown> = {};
  for (const file of files) Object.assign(vars, await readVarsFile(file, problems));
  return vars;
}

/** Lists the names in `folder` that are vars files or folders, without their extension. */
export async function namesIn(folder: string): Promise<string[]> {
  const entries = await listFolder(folder);
  const names = entries.filter((entry) => !entry.startsWith('.')).map((entry) => entry.replace(/\.(?:ya?ml|json)$/, ''));
  return [...new Set(names)];
}

async function varsFilesFor(folder: string, name: string): Promise<string[]> {
  const files: string[] = [];
  for (const extension of EXTENSIONS) {
    const path = join(folder, `${name}${extension}`);
    const kind = await kindOf(path);
    if (kind === 'file') files.push(path);
    else if (kind === 'folder' && extension === '') files.push(...(await filesUnder(path)));
  }
  return files;
}

async function filesUnder(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of (await listFolder(folder)).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(folder, entry);
    const kind = await kindOf(path);
    if (kind === 'folder') files.push(...(await filesUnder(path)));
    else if (kind === 'file' && EXTENSIONS.some((ext) => ext !== '' && entry.endsWith(ext))) files.push(path);
  }
  return files;
}

async function readVarsFile(path: string, problems: Problems): Promise<Record<string, unknown>> {
  try {
    const document = await loadYamlFile(path);
    for (const warning of document.warnings) problems.warnYaml(warning);
    const site = new Site(path, document.positions);
    if (document.value === null) return {};
    if (typeof document.value !== 'object' || Array.isArray(document.value)) {
      problems.add(site.error('a variables file should be a mapping of names to values'));
      return {};
    }
    const vars = document.value as Record<string, unknown>;
    checkConnectionVars(vars, site, problems);
    return vars;
  } catch (error) {
    problems.addCaught(error);
    return {};
  }
}

async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    return [];
  }
}

async function kindOf(path: string): Promise<'file' | 'folder' | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'folder';
    return info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
