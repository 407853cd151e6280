/**
 * Reads the catalog that the build writes next to the compiled code
 * (dist/src/catalog/generated.cjs, by write-catalog.ts): the modules' specs
 * and every known argument and keyword schema, compiled ahead of time into
 * validator code. Both shorten start-up. Compiling the schemas with ajv took
 * about a third of a `--syntax-check` (measured with --cpu-prof on the
 * registry playbook), and reading the specs spares importing every module.
 *
 * The file is CommonJS because ajv writes standalone validators in that
 * form and because it can then be read synchronously, on first use.
 */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

/** A module's names, schema and flags: the part that the loader and the registry read without its code. */
export interface ModuleSpecEntry {
  name: string;
  aliases: string[];
  schema: Record<string, unknown>;
  idempotent: boolean;
  /** The file in src/modules/ that contains the implementation, without extension. */
  file: string;
  freeForm?: string;
  rawArguments?: string[];
  controllerOnly?: boolean;
}

export interface BuiltCatalog {
  modules: ModuleSpecEntry[];
  /** Validators keyed by their schema's JSON text, so that a changed schema simply finds none. */
  validators: Map<string, ValidateFunction>;
}

/** The compiled catalog's path, relative to this file in dist/. */
export const GENERATED_FILE = './generated.cjs';

interface GeneratedModule {
  modules: ModuleSpecEntry[];
  schemaTexts: string[];
  [validatorName: string]: unknown;
}

let catalog: BuiltCatalog | null | undefined;

/** Returns the built catalog, or undefined when the build did not write one. */
export function builtCatalog(): BuiltCatalog | undefined {
  if (catalog === undefined) catalog = readCatalog();
  return catalog ?? undefined;
}

function readCatalog(): BuiltCatalog | null {
  let generated: GeneratedModule;
  try {
    generated = createRequire(import.meta.url)(GENERATED_FILE) as GeneratedModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
  const validators = new Map<string, ValidateFunction>();
  generated.schemaTexts.forEach((text, index) => {
    validators.set(text, generated[validatorName(index)] as ValidateFunction);
  });
  return { modules: generated.modules, validators };
}

/** Returns the export name of the validator of the index-th schema. */
export function validatorName(index: number): string {
  return `validate${index}`;
}
