import { expect } from 'chai';
import { filterNames, resolveFilterName } from '../../src/template/filters/index.js';
import {
  FILTER_NAMES,
  isKnownFilter,
  isKnownTest,
  TEST_NAMES,
} from '../../src/template/known-names.js';
import { nodes } from '../../src/template/nunjucks-internals.js';
import { ANSIBLE_PARSE_OPTIONS, parseTemplate, TestNode } from '../../src/template/parser.js';
import {
  checkExpression,
  checkTemplate,
  isPlainSubstitution,
} from '../../src/template/syntax-check.js';
import { resolveTestName, TESTS } from '../../src/template/tests.js';

describe('checkTemplate', () => {
  it('finds an unknown filter at its name', () => {
    const source = '{{ port | defualt(80) }}';
    expect(checkTemplate(source)).to.deep.equal([
      { kind: 'unknown-filter', name: 'defualt', offset: source.indexOf('defualt') },
    ]);
  });

  it('finds an unknown test at its name', () => {
    const source = 'x: {{ value is defind }}';
    expect(checkTemplate(source)).to.deep.equal([
      { kind: 'unknown-test', name: 'defind', offset: source.indexOf('defind') },
    ]);
  });

  it('finds unknown ansible.builtin names and accepts known ones', () => {
    const source = '{{ a | ansible.builtin.to_jsn }} {{ a | ansible.builtin.to_json }}';
    expect(checkTemplate(source)).to.deep.equal([
      { kind: 'unknown-filter', name: 'ansible.builtin.to_jsn', offset: 7 },
    ]);
    const tests = '{{ v is ansible.builtin.versoin("1") }} {{ v is ansible.builtin.version("1") }}';
    expect(checkTemplate(tests)).to.deep.equal([
      { kind: 'unknown-test', name: 'ansible.builtin.versoin', offset: 8 },
    ]);
  });

  it('finds every unknown name of one template, in order', () => {
    const source = '{{ a | nope1 }}\n{% if b is nope2 %}{{ c | upper | nope3 }}{% endif %}';
    const names = checkTemplate(source).map((finding) => 'name' in finding && finding.name);
    expect(names).to.deep.equal(['nope1', 'nope2', 'nope3']);
  });

  it('gives the offset of a syntax error on a later line', () => {
    const source = 'a\n  {{ b + }}';
    const [finding] = checkTemplate(source);
    expect(finding.kind).to.equal('syntax');
    expect(finding.offset).to.equal(source.indexOf('}}'));
  });

  it('reports an unclosed call as the end of the template', () => {
    expect(checkTemplate('{{ lookup(')).to.deep.equal([
      { kind: 'syntax', detail: 'unexpected end of template: a tag or a call is not closed' },
    ]);
  });

  it('strips the parser function name from syntax errors', () => {
    const [finding] = checkTemplate('{% if x %}no end');
    expect(finding).to.deep.equal({
      kind: 'syntax',
      detail: 'expected elif, else, or endif, got end of file',
    });
  });

  it('finds names inside {% filter %} and {% set %}', () => {
    const source = '{% set x = y | nope1 %}{% filter nope2 %}t{% endfilter %}';
    const names = checkTemplate(source).map((finding) => 'name' in finding && finding.name);
    expect(names).to.deep.equal(['nope1', 'nope2']);
  });

  it('reports include, which the engine cannot run', () => {
    expect(checkTemplate('{% include "other.j2" %}')).to.deep.equal([
      { kind: 'unsupported-tag', tag: 'include', offset: 3 },
    ]);
  });

  it('reports lookup and query calls', () => {
    expect(checkTemplate("{{ lookup('env', 'HOME') }} {{ q('file', x) | first }}")).to.deep.equal([
      { kind: 'unsupported-function', name: 'lookup', offset: 3 },
      { kind: 'unsupported-function', name: 'q', offset: 31 },
    ]);
    expect(checkTemplate('{{ item.lookup }} {{ mylookup() }}')).to.deep.equal([]);
  });

  it('does not look inside a raw block', () => {
    expect(checkTemplate('{% raw %}{{ x | nope }} {% if %}{% endraw %}')).to.deep.equal([]);
  });

  it('does not report undefined variables or functions', () => {
    expect(checkTemplate('{{ never_defined.key | default(other_undefined()) }}')).to.deep.equal([]);
  });
});

describe('checkExpression', () => {
  it('places findings in the text as written', () => {
    const expression = '  result.rc is succeded';
    expect(checkExpression(expression)).to.deep.equal([
      { kind: 'unknown-test', name: 'succeded', offset: expression.indexOf('succeded') },
    ]);
  });

  it('places a filter of a bare expression', () => {
    expect(checkExpression('port | intt > 1')).to.deep.equal([
      { kind: 'unknown-filter', name: 'intt', offset: 7 },
    ]);
  });

  it('reports a syntax error inside the text', () => {
    const [finding] = checkExpression('a ==');
    expect(finding.kind).to.equal('syntax');
    expect(finding.offset).to.be.within(0, 4);
  });

  it('accepts one {{ expression }} as a whole', () => {
    expect(checkExpression('{{ a == 1 }}')).to.deep.equal([]);
  });

  it('rejects template delimiters around part of the expression', () => {
    expect(checkExpression('{{ a }} == 1')).to.deep.equal([
      { kind: 'delimiters-in-expression', offset: 0 },
    ]);
  });

  it('rejects text around one {{ expression }}', () => {
    expect(checkExpression(' not {{ b }}')).to.deep.equal([
      { kind: 'delimiters-in-expression', offset: 5 },
    ]);
  });

  it('accepts an empty condition', () => {
    expect(checkExpression('  ')).to.deep.equal([]);
  });
});

describe('isPlainSubstitution', () => {
  // prettier-ignore
  const cases: [string, boolean][] = [
    ['{{ name }}', true],
    ['a{{ b.c }}:{{ d_e }}/x', true],
    ['{{name}}', true],
    ['{{ a..b }}', false],
    ['{{ a.0 }}', false],
    ['{{ not }}', false],
    ['{{ a.is }}', false],
    ['{{{ a }}', false],
    ['{ {{ a }}', false],
    ['{{ a }}{#', false],
    ['{{ a | b }}', false],
    ['{{- a }}', false],
    ['{{\ta }}', false],
    ['{{ a }}}', true],
  ];

  for (const [source, expected] of cases) {
    it(`is ${expected} for ${JSON.stringify(source)}`, () => {
      expect(isPlainSubstitution(source)).to.equal(expected);
    });
  }

  it('accepts only what parses without filters or tests', () => {
    for (const [source, expected] of cases) {
      if (!expected) continue;
      const ast = parseTemplate(source, ANSIBLE_PARSE_OPTIONS);
      expect(ast.findAll(nodes.Filter), source).to.deep.equal([]);
      expect(ast.findAll(TestNode), source).to.deep.equal([]);
    }
  });
});

describe('known filter and test names', () => {
  it('list every filter of the engine', () => {
    expect([...FILTER_NAMES].sort(), 'update FILTER_NAMES in known-names.ts').to.deep.equal(
      filterNames().sort(),
    );
  });

  it('list every test of the engine', () => {
    expect([...TEST_NAMES].sort(), 'update TEST_NAMES in known-names.ts').to.deep.equal(
      Object.keys(TESTS).sort(),
    );
  });

  it('resolve prefixes as the engine does', () => {
    const names = ['default', 'ansible.builtin.default', 'ansible.legacy.to_json', 'ansible.builtin.nope', 'community.general.default', 'ansible.builtin.'];
    for (const name of names) {
      expect(isKnownFilter(name), name).to.equal(resolveFilterName(name) !== undefined);
      expect(isKnownTest(name), name).to.equal(resolveTestName(name) !== undefined);
    }
  });
});
