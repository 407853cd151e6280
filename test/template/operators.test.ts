import { expect } from 'chai';
import { renderString, TemplateError } from '../../src/template/index.js';

const vars = {
  name: 'web',
  port: 5000,
  ports: [5000, 5001],
  registry: { host: 'c01', port: 5000 },
  users: [{ name: 'ann' }, { name: 'bob' }],
  empty: '',
};

function render(text: string): unknown {
  return renderString(text, vars);
}

function renderError(text: string): string {
  try {
    renderString(text, vars);
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('template literals', () => {
  it('reads True, False and None in both cases', () => {
    expect(render('{{ [True, False, None, true, false, none] }}')).to.deep.equal([
      true,
      false,
      null,
      true,
      false,
      null,
    ]);
  });

  it('reads lists, dicts and tuples', () => {
    expect(render('{{ [1, "a"] }}')).to.deep.equal([1, 'a']);
    expect(render('{{ [1, 2,] }}')).to.deep.equal([1, 2]);
    expect(render('{{ (1,) }}')).to.deep.equal([1]);
    expect(render('{{ {"a": 1, "b": [2]} }}')).to.deep.equal({ a: 1, b: [2] });
    expect(render('{{ (1, 2) }}')).to.deep.equal([1, 2]);
  });

  it('reads nested dicts despite the closing braces', () => {
    expect(render('{{ {"a": {"b": 1}} }}')).to.deep.equal({ a: { b: 1 } });
  });

  it('uses variables as dict keys, as Jinja2 does', () => {
    expect(render('{{ {name: 1} }}')).to.deep.equal({ web: 1 });
  });

  it('keeps unknown backslash escapes, as Python strings do', () => {
    expect(render("{{ '\\d+' }}")).to.equal('\\d+');
    expect(render("{{ 'a\\nb' }}")).to.equal('a\nb');
    expect(render("{{ '\\x41' }}")).to.equal('A');
  });
});

describe('template member access', () => {
  it('reads dict keys as attributes and items', () => {
    expect(render('{{ registry.host }}')).to.equal('c01');
    expect(render('{{ registry["host"] }}')).to.equal('c01');
  });

  it('indexes lists from both ends', () => {
    expect(render('{{ ports[0] }}')).to.equal(5000);
    expect(render('{{ ports[-1] }}')).to.equal(5001);
    expect(render('{{ users.1.name }}')).to.equal('bob');
  });

  it('slices lists and strings, as Python does', () => {
    expect(render('{{ ports[1:] }}')).to.deep.equal([5001]);
    expect(render('{{ name[:2] }}')).to.equal('we');
    expect(render('{{ name[::-1] }}')).to.equal('bew');
  });

  it('provides keys, values and items on dicts', () => {
    expect(render('{{ registry.keys() | list }}')).to.deep.equal(['host', 'port']);
    expect(render('{{ registry.values() | list }}')).to.deep.equal(['c01', 5000]);
    expect(render('{{ registry.items() | list }}')).to.deep.equal([
      ['host', 'c01'],
      ['port', 5000],
    ]);
  });

  it('provides get on dicts', () => {
    expect(render('{{ registry.get("host") }}')).to.equal('c01');
    expect(render('{{ registry.get("nope", 1) }}')).to.equal(1);
  });

  it('provides Python string methods', () => {
    expect(render('{{ "a,b".split(",") }}')).to.deep.equal(['a', 'b']);
    expect(render('{{ name.upper() }}')).to.equal('WEB');
    expect(render('{{ name.startswith("we") }}')).to.equal(true);
    expect(render('{{ " x ".strip() }}')).to.equal('x');
    expect(render('{{ "{}:{}".format(name, port) }}')).to.equal('web:5000');
  });
});

describe('template operators', () => {
  it('concatenates with ~ as strings', () => {
    expect(render('{{ name ~ ":" ~ port }}')).to.equal('web:5000');
    expect(render('{{ "x" ~ true ~ none }}')).to.equal('xTrueNone');
  });

  it('formats strings with %', () => {
    expect(render("{{ '%s-%d' % (name, port) }}")).to.equal('web-5000');
    expect(render("{{ '%05.1f|%-4s|%x|%%' % (3.14159, 'ab', 255) }}")).to.equal('003.1|ab  |ff|%');
    expect(render("{{ '%(a)s' % {'a': 1} }}")).to.equal('1');
    expect(render("{{ '%s' % (ports,) }}")).to.equal('[5000, 5001]');
  });

  it('rejects % with too few arguments', () => {
    expect(renderError("{{ '%s %s' % (name,) }}")).to.equal(
      'not enough arguments for format string',
    );
    expect(renderError("{{ '%s' % (name, port) }}")).to.equal(
      'not all arguments converted during string formatting',
    );
  });

  it('does arithmetic with Python semantics', () => {
    expect(render('{{ 7 // 2 }}')).to.equal(3);
    expect(render('{{ -7 // 2 }}')).to.equal(-4);
    expect(render('{{ -7 % 3 }}')).to.equal(2);
    expect(render('{{ 7 / 2 }}')).to.equal(3.5);
    expect(render('{{ 2 ** 10 }}')).to.equal(1024);
    expect(render('{{ port - 1 }}')).to.equal(4999);
  });

  it('gives operators Python precedence', () => {
    expect(render('{{ 10 * 3 // 4 }}')).to.equal(7);
    expect(render('{{ 10 - 2 + 3 }}')).to.equal(11);
    expect(render('{{ 2 + 3 * 4 % 5 }}')).to.equal(4);
    expect(render('{{ "%d" % 2 * 3 }}')).to.equal('222');
  });

  it('adds lists and repeats strings', () => {
    expect(render('{{ ports + [5002] }}')).to.deep.equal([5000, 5001, 5002]);
    expect(render('{{ "ab" * 2 }}')).to.equal('abab');
  });

  it('rejects adding a string and a number', () => {
    expect(renderError('{{ name + 1 }}')).to.equal('can only concatenate str (not "int") to str');
  });

  it('rejects division by zero', () => {
    expect(renderError('{{ 1 / 0 }}')).to.equal('division by zero');
  });

  it('tests membership with in and not in', () => {
    expect(render('{{ 5000 in ports }}')).to.equal(true);
    expect(render('{{ "eb" in name }}')).to.equal(true);
    expect(render('{{ "host" in registry }}')).to.equal(true);
    expect(render('{{ 1 not in ports }}')).to.equal(true);
  });

  it('tests with is and is not', () => {
    expect(render('{{ port is number }}')).to.equal(true);
    expect(render('{{ port is not string }}')).to.equal(true);
  });

  it('compares with Python equality', () => {
    expect(render('{{ 1 == 1.0 }}')).to.equal(true);
    expect(render('{{ ports == [5000, 5001] }}')).to.equal(true);
    expect(render('{{ registry == {"port": 5000, "host": "c01"} }}')).to.equal(true);
    expect(render('{{ "1" == 1 }}')).to.equal(false);
    expect(render('{{ name != "db" }}')).to.equal(true);
  });

  it('orders numbers, strings and lists', () => {
    expect(render('{{ 1 < 2 }}')).to.equal(true);
    expect(render('{{ "b" >= "a" }}')).to.equal(true);
    expect(render('{{ [1, 2] < [1, 3] }}')).to.equal(true);
    expect(render('{{ 1 < 2 < 3 }}')).to.equal(true);
    expect(render('{{ 3 > 2 > 2 }}')).to.equal(false);
  });

  it('rejects ordering a string against a number', () => {
    expect(renderError('{{ "8" > 7 }}')).to.equal(
      "'>' not supported between instances of 'str' and 'int'",
    );
  });

  it('returns an operand from and and or, as Python does', () => {
    expect(render('{{ empty or "fallback" }}')).to.equal('fallback');
    expect(render('{{ name and port }}')).to.equal(5000);
    expect(render('{{ empty and missing }}')).to.equal('');
  });

  it('negates with not using Python truthiness', () => {
    expect(render('{{ not [] }}')).to.equal(true);
    expect(render('{{ not name }}')).to.equal(false);
  });

  it('evaluates a if c else b', () => {
    expect(render('{{ "yes" if port > 1 else "no" }}')).to.equal('yes');
    expect(render('{{ "yes" if [] else "no" }}')).to.equal('no');
  });

  it('calls range and dict', () => {
    expect(render('{{ range(3) }}')).to.deep.equal([0, 1, 2]);
    expect(render('{{ range(1, 10, 4) }}')).to.deep.equal([1, 5, 9]);
    expect(render('{{ dict(a=1, b=name) }}')).to.deep.equal({ a: 1, b: 'web' });
  });
});
