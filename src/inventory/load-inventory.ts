/**
 * Loads inventories: Ansible YAML (or JSON of the same shape), Ansible INI,
 * the SKP hosts JSON, and folders of such files. Several sources merge in
 * the order given, as several `-i` options do in Ansible. Every problem in
 * every source is raised together as one InputErrors.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import { Problems, Site } from '../playbook/site.js';
import { parseYaml, readTextFile } from '../yaml/load.js';
import { InventoryBuilder } from './builder.js';
import { readIniInventory } from './ini-inventory.js';
import { parseJsonDocument } from './json-source.js';
import type { Inventory } from './model.js';
import { isSkpHosts, readSkpHosts } from './skp-hosts.js';
import { loadVarsFolders } from './vars-folders.js';
import { readYamlInventory } from './yaml-inventory.js';

export interface LoadInventoryOptions {
  /**
   * The playbook's folder: its group_vars/ and host_vars/ apply too, above
   * those beside the inventory, as in Ansible.
   */
  playbookDir?: string;
}

// Ansible's INVENTORY_IGNORE_EXTS and its always-ignored names, for files in
// an inventory folder. `.ini` is among them: ansible-core (2.14) skips INI
// files inside a folder, since they are usually settings of inventory scripts.
const IGNORED_EXTENSIONS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const IGNORED_NAMES = new Set(['group_vars', 'host_vars', 'vars_plugins']);

// Unlike Ansible, examples (`cluster.example.json`, `hosts.ini.example`) are
// skipped too: their addresses belong to someone else's network, so they are
// loaded only when named as a file.
const EXAMPLE = /\.example(?:\.|$)/;

function isIgnored(entry: string): boolean {
  if (entry.startsWith('.') || IGNORED_NAMES.has(entry) || EXAMPLE.test(entry)) return true;
  return IGNORED_EXTENSIONS.some((extension) => entry.endsWith(extension));
}

export async function loadInventory(paths: string[], options: LoadInventoryOptions = {}): Promise<Inventory> {
  const builder = new InventoryBuilder();
  const problems = new Problems();
  const varsBases: string[] = [];

  for (const path of paths) {
    const kind = await kindOf(path);
    if (kind === undefined) {
      problems.add(new InputError(`${path}: inventory not found`));
      continue;
    }
    builder.sources.push(path);
    varsBases.push(kind === 'folder' ? path : dirname(path));
    if (kind === 'folder') await readFolder(path, builder, problems);
    else await readSource(path, builder, problems);
  }

  const inventory = builder.build();
  await loadVarsFolders(inventory, [...new Set(varsBases)], options.playbookDir, problems);
  if (problems.errors.length > 0) throw new InputErrors(problems.sortedErrors());
  inventory.warnings = [...inventory.warnings ?? [], ...problems.warnings];
  return inventory;
}

async function readFolder(folder: string, builder: InventoryBuilder, problems: Problems): Promise<void> {
  for (const entry of (await readdir(folder)).sort()) {
    if (isIgnored(entry)) continue;
    const path = join(folder, entry);
    const kind = await kindOf(path);
    if (kind === 'folder') await readFolder(path, builder, problems);
    else if (kind === 'file') await readSource(path, builder, problems);
  }
}

/** Reads one file, choosing the format by its content (and extension). */
async function readSource(path: string, builder: InventoryBuilder, problems: Problems): Promise<void> {
  try {
    const text = await readTextFile(path);
    const format = detectFormat(path, text);
    if (format === 'ini') return readIniInventory(text, path, builder, problems);

    const document = format === 'json' ? parseJsonDocument(text, path) : parseYaml(text, path);
    for (const warning of document.warnings) problems.warnYaml(warning);
    const site = new Site(path, document.positions);
    if (format === 'json' && isSkpHosts(document.value)) readSkpHosts(document.value as Record<string, unknown>, site, builder, problems);
    else readYamlInventory(document.value, site, builder, problems);
  } catch (error) {
    problems.addCaught(error);
  }
}

type Format = 'yaml' | 'json' | 'ini';

/**
 * Picks the format: .yml/.yaml are YAML and .json is JSON, unless such a
 * file starts like INI and is no YAML mapping. A file without
 * those extensions is JSON if it starts with `{`, INI if it has a
 * `[section]` line or reads as YAML that is not a mapping (a plain list of
 * host names), and YAML otherwise.
 */
export function detectFormat(path: string, text: string): Format {
  const extension = extname(path).toLowerCase();
  if (extension === '.yml' || extension === '.yaml') return startsLikeIni(text) && !isYamlMapping(path, text) ? 'ini' : 'yaml';
  if (extension === '.json') return startsLikeIni(text) && !isYamlMapping(path, text) ? 'ini' : 'json';
  if (text.trimStart().startsWith('{')) return 'json';
  if (SECTION_LINE.test(text)) return 'ini';
  return isYamlMapping(path, text) ? 'yaml' : 'ini';
}

const SECTION_LINE = /^\s*\[[^\]]+\]\s*(?:[#;].*)?$/m;
const HOST_LINE = /^[^\s=#;:[\]]+(?:\s+[A-Za-z_][A-Za-z0-9_]*=\S*)+\s*$/;

/**
 * Tells whether the first line that is not blank or a comment is an INI
 * `[group]` header or a `host key=value` line. Ansible tries its INI plugin
 * when the YAML one fails (ansible-core 2.14), so an INI file named
 * hosts.yml still loads there.
 */
function startsLikeIni(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '' && !/^\s*[#;]/.test(line));
  if (first === undefined) return false;
  return SECTION_LINE.test(first) || HOST_LINE.test(first.trim());
}

function isYamlMapping(path: string, text: string): boolean {
  try {
    const { value } = parseYaml(text, basename(path));
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
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
