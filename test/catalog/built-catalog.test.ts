import { expect } from 'chai';
import { builtCatalog } from '../../src/catalog/built-catalog.js';
import { MODULE_FILES, allModuleSpecs, findModuleSpec, importModuleFile, loadModule, specOf } from '../../src/modules/registry.js';
import { keywordSchemas } from '../../src/playbook/keyword-schema.js';
import { compileSchema } from '../../src/playbook/validator.js';

describe('built catalog', () => {
  it('exists after the build', () => {
    expect(builtCatalog(), 'npm run build writes dist/src/catalog/generated.cjs').to.not.equal(undefined);
  });

  it("matches each module's code", async () => {
    for (const file of MODULE_FILES) {
      const spec = specOf(await importModuleFile(file), file);
      expect(allModuleSpecs().find((entry) => entry.file === file), file).to.deep.equal(spec);
    }
  });

  it('finds and loads by alias', async () => {
    expect(findModuleSpec('community.docker.docker_volume')?.name).to.equal('docker_volume');
    const module = await loadModule('community.docker.docker_volume');
    expect(module?.name).to.equal('docker_volume');
    expect(await loadModule('docker_volume')).to.equal(module);
    expect(await loadModule('no_such_module')).to.equal(undefined);
  });

  it('contains every known schema', () => {
    const validators = builtCatalog()!.validators;
    for (const schema of [...Object.values(keywordSchemas), ...allModuleSpecs().map((spec) => spec.schema)]) {
      const validate = validators.get(JSON.stringify(schema));
      expect(validate, JSON.stringify(schema).slice(0, 80)).to.be.a('function');
      expect(compileSchema(schema)).to.equal(validate);
    }
  });

  it('compiles an unknown schema', () => {
    const schema = { type: 'object', properties: { port: { type: 'integer' } }, additionalProperties: false };
    const validate = compileSchema(schema);
    expect(builtCatalog()!.validators.get(JSON.stringify(schema))).to.equal(undefined);
    expect(validate({ port: 22 })).to.equal(true);
    expect(validate({ port: 'ssh', extra: 1 })).to.equal(false);
    // allErrors and verbose, as the catalog's validators: every problem, with its value.
    expect(validate.errors?.map((error) => [error.keyword, error.data])).to.deep.equal([
      ['additionalProperties', { port: 'ssh', extra: 1 }],
      ['type', 'ssh'],
    ]);
    expect(compileSchema({ ...schema })).to.equal(validate);
  });
});
