import { expect } from 'chai';
import { renderString, TemplateError } from '../../src/template/index.js';

const vars = {
  numbers: [3, 1, 2],
  users: [
    { name: 'bob', age: 30, groups: ['wheel'], shell: '/bin/bash' },
    { name: 'Al', age: 20, groups: [] },
    { name: 'cy', age: 25, groups: ['docker'], shell: '/bin/sh' },
  ],
  config: { a: 1, b: { c: 2, d: [1] } },
  nothing: null,
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

describe('default filter', () => {
  it('replaces an undefined value', () => {
    expect(render('{{ missing | default("x") }}')).to.equal('x');
  });

  it('keeps a defined falsy value', () => {
    expect(render('{{ "" | default("x") }}')).to.equal('');
    expect(render('{{ nothing | default("x") }}')).to.equal(null);
  });

  it('replaces falsy values when its second argument is true', () => {
    expect(render('{{ "" | default("x", true) }}')).to.equal('x');
    expect(render('{{ [] | d("x", boolean=true) }}')).to.equal('x');
  });

  it('defaults to an empty string', () => {
    expect(render('{{ missing | default }}')).to.equal('');
  });
});

describe('conversion filters', () => {
  it('bool reads Ansible words', () => {
    expect(render('{{ ["yes", "On", "1", "true", 1, true] | map("bool") | list }}')).to.deep.equal([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      render('{{ ["no", "off", "0", "FALSE", 0, "other"] | map("bool") | list }}'),
    ).to.deep.equal([false, false, false, false, false, false]);
  });

  it('int converts strings and floats, else gives the default', () => {
    expect(render('{{ "42" | int }}')).to.equal(42);
    expect(render('{{ "3.7" | int }}')).to.equal(3);
    expect(render('{{ 3.7 | int }}')).to.equal(3);
    expect(render('{{ "abc" | int }}')).to.equal(0);
    expect(render('{{ "abc" | int(7) }}')).to.equal(7);
    expect(render('{{ "0x1A" | int(base=16) }}')).to.equal(26);
  });

  it('float converts strings, else gives the default', () => {
    expect(render('{{ "2.5" | float }}')).to.equal(2.5);
    expect(render('{{ "x" | float }}')).to.equal(0);
  });

  it('list turns strings and dicts into lists', () => {
    expect(render('{{ "ab" | list }}')).to.deep.equal(['a', 'b']);
    expect(render('{{ config | list }}')).to.deep.equal(['a', 'b']);
  });

  it('dict turns pairs into a dict', () => {
    expect(render('{{ [["a", 1], ["b", 2]] | dict }}')).to.deep.equal({ a: 1, b: 2 });
    expect(render('{{ dict(["a", "b"] | zip([1, 2])) }}')).to.deep.equal({ a: 1, b: 2 });
  });

  it('abs returns the magnitude', () => {
    expect(render('{{ -5 | abs }}')).to.equal(5);
  });

  it('round rounds half to even, or up or down', () => {
    expect(render('{{ 2.5 | round }}')).to.equal(2);
    expect(render('{{ 3.5 | round }}')).to.equal(4);
    expect(render('{{ 2.675 | round(2) }}')).to.equal(2.67);
    expect(render('{{ 2.1 | round(0, "ceil") }}')).to.equal(3);
    expect(render('{{ 2.9 | round(0, "floor") }}')).to.equal(2);
  });

  it('ternary picks by truth, and by None when asked', () => {
    expect(render('{{ true | ternary("on", "off") }}')).to.equal('on');
    expect(render('{{ [] | ternary("on", "off") }}')).to.equal('off');
    expect(render('{{ nothing | ternary("on", "off", "unset") }}')).to.equal('unset');
  });

  it('ternary does not need its unused branch to be defined', () => {
    expect(render('{{ true | ternary("on", missing) }}')).to.equal('on');
  });

  it('type_debug names Python types', () => {
    expect(
      render('{{ [1, "a", 1.5, {}, [], none, true] | map("type_debug") | list }}'),
    ).to.deep.equal(['int', 'str', 'float', 'dict', 'list', 'NoneType', 'bool']);
  });
});

describe('list filters', () => {
  it('first and last pick the ends', () => {
    expect(render('{{ numbers | first }}')).to.equal(3);
    expect(render('{{ numbers | last }}')).to.equal(2);
  });

  it('first of an empty list is undefined', () => {
    expect(render('{{ [] | first | default("none") }}')).to.equal('none');
  });

  it('length and count measure lists, strings and dicts', () => {
    expect(render('{{ numbers | length }}')).to.equal(3);
    expect(render('{{ "abcd" | count }}')).to.equal(4);
    expect(render('{{ config | length }}')).to.equal(2);
  });

  it('unique keeps first occurrences, ignoring case', () => {
    expect(render('{{ [1, 2, 1, 3] | unique }}')).to.deep.equal([1, 2, 3]);
    expect(render('{{ ["a", "A", "b"] | unique }}')).to.deep.equal(['a', 'b']);
    expect(render('{{ ["a", "A"] | unique(case_sensitive=true) }}')).to.deep.equal(['a', 'A']);
  });

  it('union, intersect, difference and symmetric_difference keep order', () => {
    expect(render('{{ [1, 2] | union([2, 3]) }}')).to.deep.equal([1, 2, 3]);
    expect(render('{{ [1, 2, 3] | intersect([3, 2]) }}')).to.deep.equal([2, 3]);
    expect(render('{{ [1, 2, 3] | difference([2]) }}')).to.deep.equal([1, 3]);
    expect(render('{{ [1, 2] | symmetric_difference([2, 3]) }}')).to.deep.equal([1, 3]);
  });

  it('sort sorts values, reversed, or by attribute', () => {
    expect(render('{{ numbers | sort }}')).to.deep.equal([1, 2, 3]);
    expect(render('{{ numbers | sort(reverse=true) }}')).to.deep.equal([3, 2, 1]);
    expect(
      render('{{ users | sort(attribute="age") | map(attribute="name") | list }}'),
    ).to.deep.equal(['Al', 'cy', 'bob']);
  });

  it('sort ignores case unless case_sensitive', () => {
    expect(render('{{ ["b", "A", "c"] | sort }}')).to.deep.equal(['A', 'b', 'c']);
    expect(render('{{ ["b", "A", "C"] | sort(case_sensitive=true) }}')).to.deep.equal([
      'A',
      'C',
      'b',
    ]);
  });

  it('min and max find the extremes, by attribute too', () => {
    expect(render('{{ numbers | min }}')).to.equal(1);
    expect(render('{{ numbers | max }}')).to.equal(3);
    expect(render('{{ (users | max(attribute="age")).name }}')).to.equal('bob');
  });

  it('sum adds values or an attribute', () => {
    expect(render('{{ numbers | sum }}')).to.equal(6);
    expect(render('{{ users | sum(attribute="age") }}')).to.equal(75);
  });

  it('reverse reverses lists and strings', () => {
    expect(render('{{ numbers | reverse | list }}')).to.deep.equal([2, 1, 3]);
    expect(render('{{ "abc" | reverse }}')).to.equal('cba');
  });

  it('flatten flattens all levels or some, dropping nulls', () => {
    expect(render('{{ [1, [2, [3, none]]] | flatten }}')).to.deep.equal([1, 2, 3]);
    expect(render('{{ [1, [2, [3]]] | flatten(levels=1) }}')).to.deep.equal([1, 2, [3]]);
  });

  it('zip pairs items', () => {
    expect(render('{{ [1, 2] | zip(["a", "b", "c"]) | list }}')).to.deep.equal([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('random picks an item or a number below the input', () => {
    expect(render('{{ numbers | random }}')).to.be.oneOf([1, 2, 3]);
    const number = render('{{ 10 | random(start=5) }}') as number;
    expect(number).to.be.within(5, 9);
  });

  it('random with a seed repeats its pick', () => {
    expect(render('{{ 1000 | random(seed="c01") }}')).to.equal(
      render('{{ 1000 | random(seed="c01") }}'),
    );
  });
});

describe('dict filters', () => {
  it('dict2items lists key and value pairs', () => {
    expect(render('{{ {"a": 1} | dict2items }}')).to.deep.equal([{ key: 'a', value: 1 }]);
    expect(render('{{ {"a": 1} | dict2items(key_name="k", value_name="v") }}')).to.deep.equal([
      { k: 'a', v: 1 },
    ]);
  });

  it('dict2items rejects a list', () => {
    expect(renderError('{{ [1] | dict2items }}')).to.equal(
      "the filter 'dict2items' needs a dictionary, not list",
    );
  });

  it('items2dict builds a dict from pairs', () => {
    expect(render('{{ [{"key": "a", "value": 1}] | items2dict }}')).to.deep.equal({ a: 1 });
  });

  it('combine merges, the last dict winning', () => {
    expect(render('{{ config | combine({"a": 9, "e": 3}) }}')).to.deep.equal({
      a: 9,
      b: { c: 2, d: [1] },
      e: 3,
    });
    expect(render('{{ config | combine({"b": {"x": 1}}) }}')).to.deep.equal({ a: 1, b: { x: 1 } });
  });

  it('combine merges nested dicts when recursive', () => {
    expect(render('{{ config | combine({"b": {"x": 1}}, recursive=true) }}')).to.deep.equal({
      a: 1,
      b: { c: 2, d: [1], x: 1 },
    });
  });

  it('combine merges lists by list_merge', () => {
    expect(
      render('{{ config | combine({"b": {"d": [2]}}, recursive=true, list_merge="append") }}'),
    ).to.deep.equal({
      a: 1,
      b: { c: 2, d: [1, 2] },
    });
  });

  it('combine takes a list of dicts', () => {
    expect(render('{{ [{"a": 1}, {"b": 2}] | combine }}')).to.deep.equal({ a: 1, b: 2 });
  });
});

describe('filters that apply filters and tests', () => {
  it('map reads an attribute, with a default', () => {
    expect(render('{{ users | map(attribute="name") | list }}')).to.deep.equal(['bob', 'Al', 'cy']);
    expect(render('{{ users | map(attribute="shell", default="-") | list }}')).to.deep.equal([
      '/bin/bash',
      '-',
      '/bin/sh',
    ]);
  });

  it('map applies a filter by name with arguments', () => {
    expect(render('{{ numbers | map("string") | list }}')).to.deep.equal(['3', '1', '2']);
    expect(render('{{ ["a1", "b2"] | map("regex_replace", "\\\\d", "") | list }}')).to.deep.equal([
      'a',
      'b',
    ]);
  });

  it('select and reject filter by a test', () => {
    expect(render('{{ numbers | select("odd") | list }}')).to.deep.equal([3, 1]);
    expect(render('{{ numbers | reject("odd") | list }}')).to.deep.equal([2]);
    expect(render('{{ numbers | select(">", 1) | list }}')).to.deep.equal([3, 2]);
  });

  it('select without a test keeps truthy items', () => {
    expect(render('{{ [0, 1, "", "a"] | select | list }}')).to.deep.equal([1, 'a']);
  });

  it('selectattr and rejectattr filter by an attribute test', () => {
    expect(
      render('{{ users | selectattr("age", ">", 21) | map(attribute="name") | list }}'),
    ).to.deep.equal(['bob', 'cy']);
    expect(
      render('{{ users | selectattr("name", "equalto", "cy") | map(attribute="age") | first }}'),
    ).to.equal(25);
    expect(
      render('{{ users | rejectattr("groups") | map(attribute="name") | list }}'),
    ).to.deep.equal(['Al']);
  });

  it('selectattr tests a missing attribute with defined', () => {
    expect(
      render('{{ users | selectattr("shell", "defined") | map(attribute="name") | list }}'),
    ).to.deep.equal(['bob', 'cy']);
  });

  it('selectattr matches a regex', () => {
    expect(
      render('{{ users | selectattr("name", "match", "^[bc]") | map(attribute="name") | list }}'),
    ).to.deep.equal(['bob', 'cy']);
  });

  it('selectattr names a missing attribute used by another test', () => {
    expect(renderError('{{ users | selectattr("shell", "equalto", "x") | list }}')).to.equal(
      "'item.shell' is undefined",
    );
  });

  it('extract reads items of a container', () => {
    expect(render('{{ ["a", "b"] | map("extract", {"a": 1, "b": 2}) | list }}')).to.deep.equal([
      1, 2,
    ]);
  });
});
