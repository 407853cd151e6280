import { expect } from 'chai';
import { InputError, InputErrors } from '../../src/errors.js';
import { loadYamlFile, parseYaml } from '../../src/yaml/load.js';
import { UnsafeText, isUnsafe, toPlain } from '../../src/yaml/unsafe.js';

const FIXTURES = 'test/fixtures/yaml';

async function loadError(path: string): Promise<Error> {
  try {
    await loadYamlFile(path);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${path} loaded without an error`);
}

describe('yaml loader types', () => {
  let value: Record<string, unknown>;
  before(async () => {
    value = (await loadYamlFile(`${FIXTURES}/types.yml`)).value as Record<string, unknown>;
  });

  it('reads YAML 1.1 boolean words as booleans', () => {
    expect(value.yes_word).to.equal(true);
    expect(value.no_upper).to.equal(false);
    expect(value.on_word).to.equal(true);
    expect(value.true_word).to.equal(true);
    expect(value.false_title).to.equal(false);
  });

  it('keeps y and n as strings, as PyYAML does', () => {
    expect(value.letter_y).to.equal('y');
    expect(value.letter_n).to.equal('n');
  });

  it('reads integers in every YAML 1.1 base', () => {
    expect(value.octal).to.equal(420);
    expect(value.decimal).to.equal(644);
    expect(value.sexagesimal).to.equal(1342);
    expect(value.hex).to.equal(31);
    expect(value.binary).to.equal(5);
    expect(value.underscored).to.equal(1000);
  });

  it('reads floats only with a dot, as PyYAML does', () => {
    expect(value.float).to.equal(1.5);
    expect(value.exponent_without_dot).to.equal('1e3');
    expect(value.exponent).to.equal(1000);
    expect(value.infinity).to.equal(-Infinity);
  });

  it('reads null spellings and empty values as null', () => {
    expect(value.tilde).to.equal(null);
    expect(value.null_word).to.equal(null);
    expect(value.empty).to.equal(null);
  });

  it('keeps quoted and !!str scalars as strings', () => {
    expect(value.quoted_octal).to.equal('0644');
    expect(value.quoted_bool).to.equal('yes');
    expect(value.explicit_str).to.equal('0644');
  });

  it('applies explicit !!int to a quoted scalar', () => {
    expect(value.explicit_int).to.equal(31);
  });

  it('keeps timestamps as their text', () => {
    expect(value.date).to.equal('2001-12-14');
  });
});

describe('yaml loader warnings', () => {
  it('warns about plain scalars read as another type', async () => {
    const { warnings } = await loadYamlFile(`${FIXTURES}/types.yml`);
    expect(warnings.map((w) => w.message)).to.deep.equal([
      "test/fixtures/yaml/types.yml:2:11: yes is read as the boolean true; quote it ('yes') to keep it a string",
      "test/fixtures/yaml/types.yml:3:11: NO is read as the boolean false; quote it ('NO') to keep it a string",
      "test/fixtures/yaml/types.yml:4:10: on is read as the boolean true; quote it ('on') to keep it a string",
      "test/fixtures/yaml/types.yml:9:8: 0644 is read as 420 (an octal number); quote it ('0644') to keep it a string",
      "test/fixtures/yaml/types.yml:11:14: 22:22 is read as 1342 (a base-60 number); quote it ('22:22') to keep it a string",
    ]);
  });

  it('gives the text and the value read', async () => {
    const { warnings } = await loadYamlFile(`${FIXTURES}/types.yml`);
    const octal = warnings.find((w) => w.text === '0644');
    expect(octal?.readAs).to.equal(420);
    expect(octal?.position).to.deep.equal({ file: 'test/fixtures/yaml/types.yml', line: 9, column: 8 });
  });

  it('warns about keys too', () => {
    const { value, warnings } = parseYaml('on: push\n', 'ci.yml');
    expect(value).to.deep.equal({ true: 'push' });
    expect(warnings.map((w) => w.message)).to.deep.equal([
      "ci.yml:1:1: on is read as the boolean true; quote it ('on') to keep it a string",
    ]);
  });
});

describe('yaml loader positions', () => {
  it('locates mapping values and sequence items (1-based)', async () => {
    const { positions } = await loadYamlFile(`${FIXTURES}/positions.yml`);
    expect(positions.positionOf(['0', 'tasks', '1', 'docker_container', 'image'])).to.deep.equal({
      file: 'test/fixtures/yaml/positions.yml',
      line: 9,
      column: 16,
    });
    expect(positions.positionOf([0, 'tasks', 1])).to.deep.equal({ file: 'test/fixtures/yaml/positions.yml', line: 6, column: 7 });
    expect(positions.positionOf([0, 'tasks', 1, 'docker_container', 'ports', 0])).to.include({ line: 11, column: 13 });
  });

  it('locates mapping keys', async () => {
    const { positions } = await loadYamlFile(`${FIXTURES}/positions.yml`);
    expect(positions.keyPositionOf([0, 'tasks', 1, 'docker_container', 'image'])).to.include({ line: 9, column: 9 });
  });

  it('falls back to the nearest parent for a missing path', async () => {
    const { positions } = await loadYamlFile(`${FIXTURES}/positions.yml`);
    expect(positions.positionOf([0, 'tasks', 1, 'docker_container', 'memory'])).to.include({ line: 8, column: 9 });
    expect(positions.has([0, 'tasks', 1, 'docker_container', 'memory'])).to.equal(false);
    expect(positions.has([0, 'tasks', 1, 'docker_container'])).to.equal(true);
  });

  it('points an empty value at its key', () => {
    const { positions } = parseYaml('a:\n  b:\n', 'empty.yml');
    expect(positions.positionOf(['a', 'b'])).to.include({ line: 2, column: 3 });
  });

  it('points merged keys at the anchor that holds them', async () => {
    const { positions } = await loadYamlFile(`${FIXTURES}/merge.yml`);
    expect(positions.positionOf(['service', 'image'])).to.include({ line: 2, column: 10 });
    expect(positions.positionOf(['service', 'restart'])).to.include({ line: 7, column: 12 });
  });
});

describe('yaml loader merge keys', () => {
  it('merges an alias under explicit keys', async () => {
    const { value } = await loadYamlFile(`${FIXTURES}/merge.yml`);
    expect((value as Record<string, unknown>).service).to.deep.equal({
      image: 'registry:2',
      restart: 'unless-stopped',
      ports: [5000],
    });
  });

  it('orders several merges as PyYAML does', async () => {
    const { value } = await loadYamlFile(`${FIXTURES}/merge.yml`);
    expect((value as Record<string, unknown>).both).to.deep.equal({ x: 9, z: 2, y: 3, w: 3 });
  });
});

describe('yaml loader !unsafe', () => {
  it('wraps unsafe strings, recursively under a collection', async () => {
    const { value } = await loadYamlFile(`${FIXTURES}/unsafe.yml`);
    const data = value as Record<string, unknown>;
    expect(data.password).to.be.instanceOf(UnsafeText);
    expect(isUnsafe(data.password)).to.equal(true);
    expect(String(data.password)).to.equal('p{{ss}}');
    const nested = data.nested as unknown[];
    expect(isUnsafe(nested[0])).to.equal(true);
    expect(isUnsafe((nested[1] as Record<string, unknown>).key)).to.equal(true);
    expect((nested[1] as Record<string, unknown>).count).to.equal(3);
    expect(isUnsafe(data.plain)).to.equal(false);
  });

  it('turns back into plain values for JSON', async () => {
    const { value } = await loadYamlFile(`${FIXTURES}/unsafe.yml`);
    expect(toPlain(value)).to.deep.equal({
      password: 'p{{ss}}',
      nested: ['{{ a }}', { key: '{% b %}', count: 3 }],
      plain: '{{ c }}',
    });
    expect(JSON.stringify((value as Record<string, unknown>).password)).to.equal('"p{{ss}}"');
  });
});

describe('yaml loader errors', () => {
  it('rejects vault values', async () => {
    const error = await loadError(`${FIXTURES}/vault.yml`);
    expect(error).to.be.instanceOf(InputError);
    expect(error.message).to.equal(
      'test/fixtures/yaml/vault.yml:1:8: Ansible Vault values (!vault) are not supported; decrypt the value first',
    );
  });

  it('rejects duplicate keys naming both places', async () => {
    const error = await loadError(`${FIXTURES}/duplicate.yml`);
    expect(error.message).to.equal('test/fixtures/yaml/duplicate.yml:4:3: duplicate key "c": it is also set at line 3, column 3');
  });

  it('reports a syntax error in plain words', async () => {
    const error = await loadError(`${FIXTURES}/syntax.yml`);
    expect(error).to.be.instanceOf(InputError);
    expect(error.message).to.equal(
      'test/fixtures/yaml/syntax.yml:3:1: invalid YAML: all mapping items must start at the same column',
    );
  });

  it('explains a missing colon', () => {
    expect(() => parseYaml('- name: x\n  command echo\n  become: true\n', 'x.yml')).to.throw(
      InputError,
      'x.yml:2:3: invalid YAML: a key runs over more than one line; a ":" after a key is probably missing, or the line is indented wrongly',
    );
  });

  it('explains an unquoted template', async () => {
    const error = await loadError(`${FIXTURES}/unquoted-template.yml`);
    expect(error.message).to.equal(
      'test/fixtures/yaml/unquoted-template.yml:1:4: a value that starts with "{{" must be quoted as a whole, for example "{{ name }}"',
    );
  });

  it('rejects unknown tags', () => {
    expect(() => parseYaml('a: !!binary aGk=\n', 'x.yml')).to.throw(
      InputError,
      'x.yml:1:4: unsupported YAML tag !!binary; skprun reads !unsafe and the standard tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq',
    );
  });

  it('rejects an alias without its anchor', () => {
    expect(() => parseYaml('a: *nothing\n', 'x.yml')).to.throw(InputError, 'x.yml:1:4: unknown alias *nothing: no anchor &nothing is defined above it');
  });

  it('rejects a second document', () => {
    expect(() => parseYaml('a: 1\n---\nb: 2\n', 'x.yml')).to.throw(
      InputError,
      'x.yml:2:1: invalid YAML: the file contains more than one YAML document (a "---" line after content); skprun reads one document per file',
    );
  });

  it('rejects a tab used as indentation', () => {
    expect(() => parseYaml('a:\n\tb: 1\n', 'x.yml')).to.throw(InputError, 'x.yml:2:1: invalid YAML: tabs are not allowed as indentation; indent with spaces');
  });

  it('reports several problems together', () => {
    let caught: unknown;
    try {
      parseYaml('a: 1\na: 2\nb: !vault x\n', 'x.yml');
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(InputErrors);
    expect((caught as InputErrors).errors.map((e) => e.message)).to.deep.equal([
      'x.yml:2:1: duplicate key "a": it is also set at line 1, column 1',
      'x.yml:3:4: Ansible Vault values (!vault) are not supported; decrypt the value first',
    ]);
  });

  it('names a missing file', async () => {
    const error = await loadError(`${FIXTURES}/missing.yml`);
    expect(error.message).to.equal('test/fixtures/yaml/missing.yml: file not found');
  });

  it('reads an empty file as null', async () => {
    const { value, warnings } = await loadYamlFile(`${FIXTURES}/empty.yml`);
    expect(value).to.equal(null);
    expect(warnings).to.deep.equal([]);
  });

  it('keeps a __proto__ key as data', () => {
    const { value } = parseYaml('__proto__: {polluted: 1}\n', 'x.yml');
    expect(Object.keys(value as object)).to.deep.equal(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
