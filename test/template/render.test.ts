import { expect } from 'chai';
import {
  isTemplated,
  markUntrusted,
  renderString,
  renderValue,
  TemplateError,
} from '../../src/template/index.js';
import { UnsafeText } from '../../src/yaml/unsafe.js';

function renderError(text: string, vars: Record<string, unknown> = {}): TemplateError {
  try {
    renderString(text, vars);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('isTemplated', () => {
  it('finds {{, {% and {#', () => {
    expect(isTemplated('a {{ b }}')).to.equal(true);
    expect(isTemplated('{% if a %}x{% endif %}')).to.equal(true);
    expect(isTemplated('{# note #}')).to.equal(true);
  });

  it('ignores single braces', () => {
    expect(isTemplated('${HOME} {a} }}')).to.equal(false);
  });
});

describe('renderString native types', () => {
  const vars = { ports: [5000, 5001], port: 5000, enabled: true, options: { a: 1 }, nothing: null };

  it('keeps a list a list', () => {
    expect(renderString('{{ ports }}', vars)).to.deep.equal([5000, 5001]);
  });

  it('keeps a number a number', () => {
    expect(renderString('{{ port }}', vars)).to.equal(5000);
  });

  it('keeps a boolean a boolean', () => {
    expect(renderString('{{ enabled }}', vars)).to.equal(true);
  });

  it('keeps a dict an object', () => {
    expect(renderString('{{ options }}', vars)).to.deep.equal({ a: 1 });
  });

  it('returns None as null', () => {
    expect(renderString('{{ nothing }}', vars)).to.equal(null);
  });

  it('allows whitespace inside the braces', () => {
    expect(renderString('{{port}}', vars)).to.equal(5000);
    expect(renderString('{{   port   }}', vars)).to.equal(5000);
  });

  it('returns the value of an expression with its type', () => {
    expect(renderString('{{ port + 1 }}', vars)).to.equal(5001);
    expect(renderString('{{ ports | length > 1 }}', vars)).to.equal(true);
  });

  it('renders text around an expression as a string', () => {
    expect(renderString('port {{ port }}', vars)).to.equal('port 5000');
    expect(renderString(' {{ port }}', vars)).to.equal(' 5000');
  });

  it('renders two expressions as a string', () => {
    expect(renderString('{{ port }}{{ port }}', vars)).to.equal('50005000');
  });

  it('prints lists and dicts inside a string as Python does', () => {
    expect(renderString('x {{ [1, "a", true, none] }}', {})).to.equal("x [1, 'a', True, None]");
    expect(renderString('x {{ {"k": 1} }}', {})).to.equal("x {'k': 1}");
  });

  it('prints None as nothing inside a string, as Ansible does', () => {
    expect(renderString('a{{ nothing }}b', vars)).to.equal('ab');
  });

  it('returns text without template markers unchanged', () => {
    expect(renderString('plain text', vars)).to.equal('plain text');
  });

  it('keeps a trailing newline', () => {
    expect(renderString('{{ port }}\n', vars)).to.equal('5000\n');
  });
});

describe('renderString statements', () => {
  it('runs for loops over lists', () => {
    expect(renderString('{% for p in ports %}{{ p }};{% endfor %}', { ports: [1, 2] })).to.equal(
      '1;2;',
    );
  });

  it('runs for loops over dict keys', () => {
    expect(renderString('{% for k in d %}{{ k }}{% endfor %}', { d: { a: 1, b: 2 } })).to.equal(
      'ab',
    );
  });

  it('unpacks items() in for loops', () => {
    const text = '{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}';
    expect(renderString(text, { d: { a: 1, b: 2 } })).to.equal('a=1 b=2 ');
  });

  it('provides loop.index', () => {
    expect(renderString('{% for x in "ab" %}{{ loop.index }}{% endfor %}', {})).to.equal('12');
  });

  it('uses Python truthiness in if', () => {
    expect(renderString('{% if items %}some{% else %}none{% endif %}', { items: [] })).to.equal(
      'none',
    );
    expect(renderString('{% if d %}some{% else %}none{% endif %}', { d: {} })).to.equal('none');
  });

  it('drops the newline after a block tag, as Ansible trim_blocks does', () => {
    expect(renderString('{% if true %}\nyes\n{% endif %}\n', {})).to.equal('yes\n');
  });

  it('sets variables with set', () => {
    expect(renderString('{% set x = 2 %}{{ x * 3 }}', {})).to.equal('6');
  });

  it('leaves raw blocks unrendered', () => {
    expect(renderString("{% raw %}{{ '{{.Names}}' }}{% endraw %}", {})).to.equal(
      "{{ '{{.Names}}' }}",
    );
  });

  it('drops comments', () => {
    expect(renderString('a{# note #}b', {})).to.equal('ab');
  });

  it('supports macros', () => {
    expect(
      renderString('{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{{ twice("a") }}', {}),
    ).to.equal('aa');
  });

  it('never escapes HTML', () => {
    expect(renderString('{{ text }}', { text: '<a href="x">&</a>' })).to.equal('<a href="x">&</a>');
    expect(renderString('x{{ text }}', { text: '<b>&amp;' })).to.equal('x<b>&amp;');
  });

  it('rejects include, which needs other template files', () => {
    expect(renderError('{% include "x.j2" %}').message).to.contain(
      '{% include %} is not supported',
    );
  });
});

describe('renderString syntax errors', () => {
  it('names the template and the position', () => {
    const error = renderError('{{ port | }}');
    expect(error.message).to.match(
      /^template syntax error in "\{\{ port \| \}\}" at line 1, column \d+: /,
    );
  });

  it('names an unknown filter', () => {
    expect(renderError('{{ x | no_such_filter }}', { x: 1 }).message).to.contain(
      "no filter named 'no_such_filter'",
    );
  });

  it('names an unknown test', () => {
    expect(renderError('{{ x is no_such_test }}', { x: 1 }).message).to.contain(
      "no test named 'no_such_test'",
    );
  });

  it('reports an unclosed tag', () => {
    expect(renderError('{% if x %}yes').message).to.match(/^template syntax error/);
  });
});

describe('renderString generated code', () => {
  it('rejects names that are not identifiers', () => {
    expect(renderError('{% set a";x = 1 %}').message).to.contain(`invalid name 'a";x'`);
  });

  it('rejects a macro parameter that is not a name', () => {
    expect(renderError('{% macro m("x") %}{% endmacro %}').message).to.contain(
      'a macro parameter must be a name',
    );
  });

  it('keeps a crafted key of a called member a key', () => {
    // The key is a backslash and a quote, which nunjucks' own call code does not escape.
    const text = String.raw`{{ foo["\\\"+process.exit(3)//"]() }}`;
    expect(renderError(text, { foo: {} }).message).to.match(/^'foo\[.*\]' is undefined$/);
  });
});

describe('variables that are templates', () => {
  it('renders a variable whose value is a template', () => {
    const vars = { host: 'c01', port: 5000, url: '{{ host }}:{{ port }}' };
    expect(renderString('http://{{ url }}/v2', vars)).to.equal('http://c01:5000/v2');
  });

  it('renders through several levels', () => {
    const vars = { a: '{{ b }}', b: '{{ c }}', c: 7 };
    expect(renderString('{{ a }}', vars)).to.equal(7);
  });

  it('renders templates inside a list variable', () => {
    const vars = { port: 5000, ports: ['{{ port }}', 6000] };
    expect(renderString('{{ ports }}', vars)).to.deep.equal([5000, 6000]);
  });

  it('reports a variable that refers to itself', () => {
    const error = renderError('{{ a }}', { a: '{{ a }}/x' });
    expect(error.message).to.equal(
      "recursive loop detected in template: the variable 'a' refers to itself",
    );
  });

  it('does not render the strings of an untrusted result', () => {
    const result = markUntrusted({ cmd: "docker ps --format '{{.Names}}'", rc: 0 });
    expect(renderString('{{ result.rc }}', { result })).to.equal(0);
    expect(renderString('{{ result.cmd }}', { result })).to.equal(
      "docker ps --format '{{.Names}}'",
    );
  });

  it('reads !unsafe text as its plain string without rendering it', () => {
    const vars = { format: new UnsafeText('{{.Names}}') };
    expect(renderString('{{ format }}', vars)).to.equal('{{.Names}}');
    expect(renderString('{{ format | length }}', vars)).to.equal(10);
  });

  it('does not read getters when looking for templates', () => {
    let reads = 0;
    const view = {};
    Object.defineProperty(view, 'c01', {
      enumerable: true,
      get: () => (reads++, { port: '{{ p }}' }),
    });
    expect(renderString('{{ hostvars["c01"].port }}', { hostvars: view })).to.equal('{{ p }}');
    expect(reads).to.equal(1);
  });
});

describe('renderValue', () => {
  const vars = { name: 'web', port: 5000 };

  it('renders strings nested in lists and objects', () => {
    const value = {
      image: 'registry:{{ port }}',
      ports: ['{{ port }}:5000'],
      env: { NAME: '{{ name }}' },
    };
    expect(renderValue(value, vars)).to.deep.equal({
      image: 'registry:5000',
      ports: ['5000:5000'],
      env: { NAME: 'web' },
    });
  });

  it('keeps native types of one-expression strings', () => {
    expect(renderValue({ port: '{{ port }}' }, vars)).to.deep.equal({ port: 5000 });
  });

  it('renders templated keys', () => {
    expect(renderValue({ '{{ name }}_port': 1 }, vars)).to.deep.equal({ web_port: 1 });
  });

  it('leaves numbers, booleans and null as they are', () => {
    expect(renderValue([1, true, null], vars)).to.deep.equal([1, true, null]);
  });

  it('does not modify its input', () => {
    const value = { a: ['{{ port }}'], b: { c: '{{ name }}' } };
    const copy = structuredClone(value);
    renderValue(value, vars);
    expect(value).to.deep.equal(copy);
  });

  it('keeps !unsafe text as it is', () => {
    const text = new UnsafeText('{{ x }}');
    expect(renderValue({ a: text }, vars)).to.deep.equal({ a: text });
  });

  it('keeps a key named __proto__ as a key', () => {
    const value = JSON.parse('{"__proto__": {"x": "{{ port }}"}}');
    const rendered = renderValue(value, vars) as Record<string, unknown>;
    expect(Object.keys(rendered)).to.deep.equal(['__proto__']);
    expect(Object.getPrototypeOf(rendered)).to.equal(Object.prototype);
  });
});

describe('renderString speed', () => {
  it('renders 4000 cached templates in well under a second', () => {
    const vars = { inventory_hostname: 'c01', port: 5000, names: ['a', 'b', 'c'] };
    const templates = [
      '{{ inventory_hostname }}',
      'http://{{ inventory_hostname }}:{{ port }}',
      "{{ names | join(',') }}",
    ];
    const started = process.hrtime.bigint();
    for (let i = 0; i < 4000; i++) renderString(templates[i % templates.length], vars);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(elapsedMs).to.be.below(500);
  });
});
