import { expect } from 'chai';
import { InputError } from '../../src/errors.js';
import { parseJsonDocument } from '../../src/inventory/json-source.js';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { parseYaml } from '../../src/yaml/load.js';
import { MAX_NESTING_DEPTH } from '../../src/yaml/nesting.js';

const MESSAGE = `lists and mappings are nested deeper than ${MAX_NESTING_DEPTH} levels`;

function caught(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('YAML nesting limit', () => {
  it('rejects 4000 flow levels at their place', () => {
    const text = `a: 1\nx: ${'['.repeat(4000)}${']'.repeat(4000)}\n`;
    const error = caught(() => parseYaml(text, 'deep.yml'));
    expect(error.message).to.contain(MESSAGE);
    // The mapping is level 1, so the list at level MAX_NESTING_DEPTH + 1 opens at column 4 + MAX_NESTING_DEPTH - 1.
    expect(error.position).to.deep.equal({ file: 'deep.yml', line: 2, column: 3 + MAX_NESTING_DEPTH });
  });

  it('rejects 3000 block levels', () => {
    let text = '';
    for (let level = 0; level < 3000; level++) text += `${'  '.repeat(level)}k:\n`;
    const error = caught(() => parseYaml(text, 'block.yml'));
    expect(error.message).to.contain(MESSAGE);
    expect(error.position?.line).to.equal(MAX_NESTING_DEPTH + 1);
    expect(error.position?.column).to.equal(2 * MAX_NESTING_DEPTH + 1);
  });

  it('reads data at the limit', () => {
    const depth = MAX_NESTING_DEPTH;
    const { value } = parseYaml(`${'['.repeat(depth)}1${']'.repeat(depth)}`, 'ok.yml');
    expect(JSON.stringify(value)).to.have.length(2 * depth + 1);
  });

  it('rejects deep JSON inventories', () => {
    const text = `{"all": {"vars": {"x": ${'['.repeat(5000)}${']'.repeat(5000)}}}}`;
    const error = caught(() => parseJsonDocument(text, 'deep.json'));
    expect(error.message).to.match(new RegExp(`^deep\\.json:1:\\d+: ${MESSAGE}`));
  });

  it('rejects deep -e JSON', async () => {
    const text = `{"x": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const error = await parseExtraVars([text]).catch((failure: Error) => failure);
    expect((error as Error).message).to.contain(`: at line 1, column 206: ${MESSAGE}`);
  });
});
