/**
 * Variable files the engine reads while it runs (include_vars, and
 * vars_files whose names are templated), each parsed once per run.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadYamlFile } from '../yaml/load.js';

const loaded = new Map<string, Promise<Record<string, unknown>>>();

/** Reads a YAML or JSON mapping of variables; rejects with a message naming the file. */
export function readVarsFile(path: string): Promise<Record<string, unknown>> {
  const key = resolve(path);
  let vars = loaded.get(key);
  if (!vars) {
    vars = parse(key);
    loaded.set(key, vars);
  }
  return vars;
}

async function parse(path: string): Promise<Record<string, unknown>> {
  const document = await loadYamlFile(path);
  if (document.value === null) return {};
  if (typeof document.value === 'object' && !Array.isArray(document.value)) return document.value as Record<string, unknown>;
  throw new Error(`${path}: a variables file should be a mapping of names to values`);
}

/** Returns the first path that is a file. */
export function firstExisting(paths: string[]): string | undefined {
  return paths.find((path) => statSync(path, { throwIfNoEntry: false })?.isFile());
}
