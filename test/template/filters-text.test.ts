import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { renderString, TemplateError } from '../../src/template/index.js';

const vars = {
  greeting: 'Hello World',
  path: '/etc/nginx/nginx.conf',
  data: { name: 'web', ports: [5000, 5001], on: 'yes' },
  text: 'é',
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

describe('string filters', () => {
  it('lower and upper change case', () => {
    expect(render('{{ greeting | lower }}')).to.equal('hello world');
    expect(render('{{ greeting | upper }}')).to.equal('HELLO WORLD');
  });

  it('capitalize lowers all but the first letter', () => {
    expect(render('{{ "hELLO wORLD" | capitalize }}')).to.equal('Hello world');
  });

  it('title capitalizes each word', () => {
    expect(render('{{ "hello big-world" | title }}')).to.equal('Hello Big-World');
  });

  it('trim strips whitespace or the given characters', () => {
    expect(render('{{ "  x \n" | trim }}')).to.equal('x');
    expect(render('{{ "--x--" | trim("-") }}')).to.equal('x');
  });

  it('replace replaces every occurrence or count of them', () => {
    expect(render('{{ "a.b.c" | replace(".", "/") }}')).to.equal('a/b/c');
    expect(render('{{ "a.b.c" | replace(".", "/", 1) }}')).to.equal('a/b.c');
  });

  it('split splits on a separator or on whitespace', () => {
    expect(render('{{ "a,b,,c" | split(",") }}')).to.deep.equal(['a', 'b', '', 'c']);
    expect(render('{{ "  a  b " | split }}')).to.deep.equal(['a', 'b']);
    expect(render('{{ "a:b:c" | split(":", 1) }}')).to.deep.equal(['a', 'b:c']);
  });

  it('join joins items as strings, or an attribute of each', () => {
    expect(render('{{ data.ports | join(",") }}')).to.equal('5000,5001');
    expect(render('{{ [{"n": "a"}, {"n": "b"}] | join("-", attribute="n") }}')).to.equal('a-b');
  });

  it('center pads on both sides as Python does', () => {
    expect(render('{{ "abc" | center(10) }}')).to.equal('   abc    ');
  });

  it('indent indents all lines but the first', () => {
    expect(render('{{ "a\nb\n\nc" | indent(2) }}')).to.equal('a\n  b\n\n  c');
    expect(render('{{ "a\nb" | indent(2, true) }}')).to.equal('  a\n  b');
  });

  it('format formats with % rules', () => {
    expect(render('{{ "%s:%d" | format("host", 80) }}')).to.equal('host:80');
  });

  it('wordcount counts words', () => {
    expect(render('{{ greeting | wordcount }}')).to.equal(2);
  });

  it('string converts to text', () => {
    expect(render('{{ 5000 | string }}')).to.equal('5000');
    expect(render('{{ [1] | string }}')).to.equal('[1]');
  });

  it('quote quotes as shlex.quote does', () => {
    expect(render('{{ "it\'s here" | quote }}')).to.equal(`'it'"'"'s here'`);
    expect(render('{{ "a b" | quote }}')).to.equal("'a b'");
    expect(render('{{ "ü" | quote }}')).to.equal("'ü'");
    expect(render('{{ "plain" | quote }}')).to.equal('plain');
    expect(render('{{ "" | quote }}')).to.equal("''");
  });
});

describe('regex filters', () => {
  it('regex_replace substitutes with Python group references', () => {
    expect(render('{{ greeting | regex_replace("(\\\\w+) (\\\\w+)", "\\\\2 \\\\1") }}')).to.equal(
      'World Hello',
    );
    expect(render('{{ "a1b22" | regex_replace("\\\\d+", "#") }}')).to.equal('a#b#');
  });

  it('regex_replace reads named groups', () => {
    expect(
      render(
        '{{ "k=v" | regex_replace("(?P<key>\\\\w)=(?P<val>\\\\w)", "\\\\g<val>=\\\\g<key>") }}',
      ),
    ).to.equal('v=k');
  });

  it('regex_replace takes ignorecase and count', () => {
    expect(render('{{ "aAa" | regex_replace("a", "x", ignorecase=true, count=2) }}')).to.equal(
      'xxa',
    );
  });

  it('regex_replace checks mandatory_count', () => {
    expect(renderError('{{ "aa" | regex_replace("a", "b", mandatory_count=1) }}')).to.contain(
      'should match 1 times, but matches 2 times',
    );
  });

  it('regex_search returns the match or None', () => {
    expect(render('{{ greeting | regex_search("W\\\\w+") }}')).to.equal('World');
    expect(render('{{ greeting | regex_search("xyz") }}')).to.equal(null);
  });

  it('regex_search returns the requested groups', () => {
    expect(
      render('{{ "port=5000" | regex_search("(\\\\w+)=(\\\\d+)", "\\\\2", "\\\\1") }}'),
    ).to.deep.equal(['5000', 'port']);
  });

  it('regex_findall returns matches, groups or tuples', () => {
    expect(render('{{ "a1 b2" | regex_findall("\\\\d") }}')).to.deep.equal(['1', '2']);
    expect(render('{{ "a1 b2" | regex_findall("([a-z])\\\\d") }}')).to.deep.equal(['a', 'b']);
    expect(render('{{ "a1 b2" | regex_findall("([a-z])(\\\\d)") }}')).to.deep.equal([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('regex_escape escapes special characters', () => {
    expect(render('{{ "1.2*3" | regex_escape }}')).to.equal('1\\.2\\*3');
  });
});

describe('path filters', () => {
  it('basename returns the last part', () => {
    expect(render('{{ path | basename }}')).to.equal('nginx.conf');
    expect(render('{{ "/etc/" | basename }}')).to.equal('');
  });

  it('dirname returns the parent, as Python does', () => {
    expect(render('{{ path | dirname }}')).to.equal('/etc/nginx');
    expect(render('{{ "/etc" | dirname }}')).to.equal('/');
  });

  it('path_join joins parts, restarting at an absolute one', () => {
    expect(render('{{ ["/etc", "nginx", "x.conf"] | path_join }}')).to.equal('/etc/nginx/x.conf');
    expect(render('{{ ["/etc", "/var", "x"] | path_join }}')).to.equal('/var/x');
  });

  it('splitext splits off the extension', () => {
    expect(render('{{ path | splitext }}')).to.deep.equal(['/etc/nginx/nginx', '.conf']);
    expect(render('{{ ".bashrc" | splitext }}')).to.deep.equal(['.bashrc', '']);
  });

  it('urlsplit returns the parts of a URL', () => {
    expect(render('{{ "https://u:p@Reg.example:5000/v2/?x=1#f" | urlsplit }}')).to.deep.equal({
      fragment: 'f',
      hostname: 'reg.example',
      netloc: 'u:p@Reg.example:5000',
      password: 'p',
      path: '/v2/',
      port: 5000,
      query: 'x=1',
      scheme: 'https',
      username: 'u',
    });
    expect(render('{{ "http://c01:5000/v2" | urlsplit("port") }}')).to.equal(5000);
  });
});

describe('encoding filters', () => {
  it('b64encode and b64decode round-trip text', () => {
    expect(render('{{ "user:pass" | b64encode }}')).to.equal('dXNlcjpwYXNz');
    expect(render('{{ "dXNlcjpwYXNz" | b64decode }}')).to.equal('user:pass');
  });

  it('b64decode rejects missing padding', () => {
    expect(renderError('{{ "YQ" | b64decode }}')).to.contain('incorrect padding');
  });

  it('hash computes sha1 by default and other algorithms by name', () => {
    const sha1 = createHash('sha1').update('abc').digest('hex');
    expect(render('{{ "abc" | hash }}')).to.equal(sha1);
    expect(render('{{ "abc" | hash("md5") }}')).to.equal('900150983cd24fb0d6963f7d28e17f72');
    expect(render('{{ "abc" | hash("sha256") }}')).to.equal(
      createHash('sha256').update('abc').digest('hex'),
    );
  });

  it('hash rejects an unknown algorithm', () => {
    expect(renderError('{{ "abc" | hash("nope") }}')).to.contain("does not support 'nope'");
  });
});

describe('JSON and YAML filters', () => {
  it('to_json writes Python json.dumps output', () => {
    expect(render('{{ data | to_json }}')).to.equal(
      '{"name": "web", "ports": [5000, 5001], "on": "yes"}',
    );
    expect(render('{{ text | to_json }}')).to.equal('"\\u00e9"');
  });

  it('to_json takes indent and sort_keys', () => {
    expect(render('{{ {"b": 1, "a": 2} | to_json(sort_keys=true) }}')).to.equal('{"a": 2, "b": 1}');
    expect(render('{{ [1] | to_json(indent=2) }}')).to.equal('[\n  1\n]');
  });

  it('to_nice_json indents by 4 and sorts keys', () => {
    expect(render('{{ {"b": [1], "a": 2} | to_nice_json }}')).to.equal(
      '{\n    "a": 2,\n    "b": [\n        1\n    ]\n}',
    );
  });

  it('from_json parses JSON', () => {
    expect(render('{{ \'{"a": [1, true]}\' | from_json }}')).to.deep.equal({ a: [1, true] });
  });

  it('from_json reports invalid JSON', () => {
    expect(renderError('{{ "{x" | from_json }}')).to.contain(
      "the filter 'from_json' got invalid JSON",
    );
  });

  it('to_yaml writes sorted keys with flow-style leaves', () => {
    expect(render('{{ data | to_yaml }}')).to.equal(
      "name: web\n'on': 'yes'\nports: [5000, 5001]\n",
    );
  });

  it('to_nice_yaml writes block style', () => {
    expect(render('{{ {"b": {"c": 1}, "a": 1} | to_nice_yaml }}')).to.equal('a: 1\nb:\n    c: 1\n');
  });

  it('from_yaml parses YAML as PyYAML does', () => {
    expect(render('{{ "a: yes\nb: y\nc: [1, 2]" | from_yaml }}')).to.deep.equal({
      a: true,
      b: 'y',
      c: [1, 2],
    });
  });

  it('from_yaml_all parses every document', () => {
    expect(render('{{ "a: 1\n---\nb: 2" | from_yaml_all }}')).to.deep.equal([{ a: 1 }, { b: 2 }]);
  });
});
