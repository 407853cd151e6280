/**
 * The build step after `tsc`: writes dist/src/catalog/generated.cjs, which
 * contains every module's spec and ajv's standalone validator code for every
 * schema defined ahead of time (module arguments, keywords, connection
 * variables). See built-catalog.ts for why.
 *
 * Run as `node dist/src/catalog/write-catalog.js`; the npm scripts that
 * build do so.
 */
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Options } from 'ajv';
import { GENERATED_FILE, validatorName, type ModuleSpecEntry } from './built-catalog.js';

const require = createRequire(import.meta.url);
const outputPath = fileURLToPath(new URL(GENERATED_FILE, import.meta.url));

interface StandaloneAjv {
  addSchema(schema: object, key: string): unknown;
}

async function main(): Promise<void> {
  // The registry reads the catalog as it loads: remove the old one first so
  // that the specs below come from the code itself.
  rmSync(outputPath, { force: true });
  const registry = await import('../modules/registry.js');
  const { keywordSchemas } = await import('../playbook/keyword-schema.js');
  const { engineModules } = await import('../playbook/modules.js');
  const { connectionVarsSchema } = await import('../inventory/connection-vars.js');
  const { AJV_OPTIONS } = await import('../playbook/validator.js');

  const modules: ModuleSpecEntry[] = [];
  for (const file of registry.MODULE_FILES) modules.push(registry.specOf(await registry.importModuleFile(file), file));

  const schemas: object[] = [
    ...modules.map((module) => module.schema),
    ...engineModules.map((module) => module.schema),
    ...Object.values(keywordSchemas),
    connectionVarsSchema,
  ];
  const texts = [...new Set(schemas.map((schema) => JSON.stringify(schema)))];

  const { Ajv } = require('ajv') as { Ajv: new (options: Options) => StandaloneAjv };
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: StandaloneAjv, refs: Record<string, string>) => string }).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { ...AJV_OPTIONS.code, source: true } });
  const exports: Record<string, string> = {};
  texts.forEach((text, index) => {
    ajv.addSchema(JSON.parse(text) as object, `schema${index}`);
    exports[validatorName(index)] = `schema${index}`;
  });

  const code = [
    '// Written by src/catalog/write-catalog.ts during the build; do not edit.',
    standaloneCode(ajv, exports),
    `exports.schemaTexts = JSON.parse(${JSON.stringify(JSON.stringify(texts))});`,
    `exports.modules = JSON.parse(${JSON.stringify(JSON.stringify(modules))});`,
    '',
  ].join('\n');
  writeFileSync(outputPath, code);
  process.stdout.write(`catalog: ${modules.length} modules, ${texts.length} validators in ${outputPath}\n`);
}

await main();
