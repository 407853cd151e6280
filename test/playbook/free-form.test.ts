import { expect } from 'chai';
import { ArgumentSyntaxError, optionFilter, parseArguments, splitWords } from '../../src/playbook/free-form.js';

const commandSchema = { properties: { cmd: {}, chdir: {}, creates: {} } };
const includeVarsSchema = { properties: { file: {}, name: {} } };

describe('splitWords', () => {
  it('splits at spaces and newlines', () => {
    expect(splitWords('a b\nc').map((w) => w.text)).to.deep.equal(['a', 'b', 'c']);
  });

  it('keeps quoted text and templates together', () => {
    expect(splitWords('msg="hello world" x={{ a | default("b c") }} y=\'1 2\'').map((w) => w.text)).to.deep.equal([
      'msg="hello world"',
      'x={{ a | default("b c") }}',
      "y='1 2'",
    ]);
  });

  it('rejects an unclosed quote or template', () => {
    expect(() => splitWords('echo "open')).to.throw(
      ArgumentSyntaxError,
      'the " quote at column 6 of the arguments has no closing ". Close it, or quote the whole value.',
    );
    expect(() => splitWords('echo {{ x')).to.throw(ArgumentSyntaxError, 'the {{ at column 6 of the arguments has no closing }}.');
    expect(() => splitWords("a=1\nmsg={% if x")).to.throw(ArgumentSyntaxError, 'the {% at line 2, column 5 of the arguments has no closing %}.');
  });
});

describe('parseArguments', () => {
  it('takes every key=value for a module without free form', () => {
    const parsed = parseArguments('path=/srv state=directory mode=0755', optionFilter('file', undefined, {}));
    expect(parsed).to.deep.equal({ options: { path: '/srv', state: 'directory', mode: '0755' }, freeForm: '' });
  });

  it('unquotes values and decodes escapes', () => {
    const parsed = parseArguments('msg="a b" other=\'c\' line=x\\ty', () => true);
    expect(parsed.options).to.deep.equal({ msg: 'a b', other: 'c', line: 'x\ty' });
  });

  it('takes only the inline options of command-like modules', () => {
    const parsed = parseArguments('env FOO=1 make chdir=/src creates=/src/out', optionFilter('command', 'cmd', commandSchema));
    expect(parsed).to.deep.equal({ options: { chdir: '/src', creates: '/src/out' }, freeForm: 'env FOO=1 make' });
  });

  it('takes inline options wherever they stand', () => {
    const parsed = parseArguments('chdir=/tmp docker ps', optionFilter('command', 'cmd', commandSchema));
    expect(parsed).to.deep.equal({ options: { chdir: '/tmp' }, freeForm: 'docker ps' });
  });

  it('takes warn out of a command even if the schema lacks it', () => {
    const parsed = parseArguments('ls warn=no', optionFilter('command', 'cmd', commandSchema));
    expect(parsed).to.deep.equal({ options: { warn: 'no' }, freeForm: 'ls' });
  });

  it('keeps a multi-line script as written', () => {
    const script = 'if true; then\n  echo  "two  spaces"\nfi\n';
    expect(parseArguments(script, optionFilter('shell', 'cmd', commandSchema))).to.deep.equal({ options: {}, freeForm: script });
  });

  it('takes schema arguments of other free-form modules', () => {
    const parsed = parseArguments('vars/main.yml name=loaded', optionFilter('include_vars', 'file', includeVarsSchema));
    expect(parsed).to.deep.equal({ options: { name: 'loaded' }, freeForm: 'vars/main.yml' });
  });

  it('leaves an escaped equals sign in the free form', () => {
    const parsed = parseArguments('a\\=b', () => true);
    expect(parsed).to.deep.equal({ options: {}, freeForm: 'a\\=b' });
  });
});
