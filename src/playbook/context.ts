/** State shared while one playbook loads: lookups, collected problems, caches. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { YamlDocument } from '../yaml/load.js';
import { loadYamlFile } from '../yaml/load.js';
import type { Handler, RoleContext, Task } from './model.js';
import type { ModuleLookup } from './modules.js';
import type { Problems, Site } from './site.js';

export interface LoadContext {
  modules: ModuleLookup;
  problems: Problems;
  /** Folder of the playbook named on the command line, as messages name it. */
  playbookDir: string;
  /** Role folders searched after the playbook's own `roles/` folders. */
  rolesPath: string[];
  files: FileCache;
  /** The extra vars (-e), which load-time templates such as role names see. */
  extraVars?: Record<string, unknown>;
  /**
   * Reads a task list (tasks.ts). Includes and roles reach it through here,
   * which keeps them from importing the module that imports them.
   */
  readTasks: (raw: unknown, site: Site, scope: TaskScope) => Promise<Task[]>;
}

/** The purpose and origin of a task list being read. */
export interface TaskScope {
  play: PlayBuild;
  /** Folder of the file being read, for relative includes. */
  fileDir: string;
  /** The role whose files these are, if any. */
  role?: RoleContext;
  /** The role's folder as messages name it, when `role` is set. */
  roleDir?: string;
  /** Whether the list contains handlers. */
  handlers: boolean;
  /** Absolute paths of the task files being inlined, to catch an include cycle. */
  includeStack: string[];
}

/** A play being built: handlers gathered from roles, roles already run. */
export interface PlayBuild {
  handlers: Handler[];
  /** Role runs so far, by folder and parameters: a role runs once unless allow_duplicates. */
  roleRuns: Set<string>;
  /** Role folders whose handlers were added already. */
  roleHandlers: Set<string>;
  /** Notify lists, checked against the handler names once the play's handlers are known. */
  notifying: { names: string[]; site: Site }[];
  /** The variables that role names and handler names are rendered with (load-time-vars.ts). */
  loadVars: Record<string, unknown>;
}

export function newPlayBuild(loadVars: Record<string, unknown> = {}): PlayBuild {
  return { handlers: [], roleRuns: new Set(), roleHandlers: new Set(), notifying: [], loadVars };
}

/** Parsed YAML files by absolute path: a role used twice is read once. */
export class FileCache {
  private readonly loaded = new Map<string, Promise<YamlDocument | undefined>>();

  constructor(private readonly problems: Problems) {}

  /**
   * Reads a YAML file, or returns undefined after reporting why it cannot be
   * read. Its warnings are reported once, however often it is used.
   */
  read(path: string): Promise<YamlDocument | undefined> {
    const key = resolve(path);
    let document = this.loaded.get(key);
    if (!document) {
      document = this.parse(path);
      this.loaded.set(key, document);
    }
    return document;
  }

  private async parse(path: string): Promise<YamlDocument | undefined> {
    try {
      const document = await loadYamlFile(path);
      for (const warning of document.warnings) this.problems.warnYaml(warning);
      return document;
    } catch (error) {
      this.problems.addCaught(error);
      return undefined;
    }
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Returns the first of `paths` that is a file. */
export async function firstFile(paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
    if (await isFile(path)) return path;
  }
  return undefined;
}
