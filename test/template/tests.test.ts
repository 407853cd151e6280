import { expect } from 'chai';
import { renderString, TemplateError } from '../../src/template/index.js';

const vars = {
  changedResult: { changed: true, failed: false, rc: 0 },
  failedResult: { changed: false, failed: true, rc: 1 },
  skippedResult: { changed: false, skipped: true },
  loopResult: { results: [{ changed: false }, { changed: true }] },
  version: '2.10.3',
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

describe('tests on registered results', () => {
  it('changed reads the changed key', () => {
    expect(render('{{ changedResult is changed }}')).to.equal(true);
    expect(render('{{ failedResult is changed }}')).to.equal(false);
  });

  it('changed reads the results of a loop', () => {
    expect(render('{{ loopResult is changed }}')).to.equal(true);
  });

  it('failed reads the failed key', () => {
    expect(render('{{ failedResult is failed }}')).to.equal(true);
    expect(render('{{ changedResult is failed }}')).to.equal(false);
  });

  it('succeeded and success are the opposite of failed', () => {
    expect(render('{{ changedResult is succeeded }}')).to.equal(true);
    expect(render('{{ failedResult is success }}')).to.equal(false);
  });

  it('skipped reads the skipped key', () => {
    expect(render('{{ skippedResult is skipped }}')).to.equal(true);
    expect(render('{{ changedResult is skipped }}')).to.equal(false);
  });

  it('rejects a value that is not a result', () => {
    expect(renderError('{{ "x" is changed }}')).to.equal(
      "the 'changed' test expects a dictionary (a registered result)",
    );
  });
});

describe('type tests', () => {
  it('defined, undefined and none', () => {
    expect(render('{{ nothing is defined }}')).to.equal(true);
    expect(render('{{ missing is undefined }}')).to.equal(true);
    expect(render('{{ nothing is none }}')).to.equal(true);
    expect(render('{{ 0 is none }}')).to.equal(false);
  });

  it('string, number, integer, float and boolean', () => {
    expect(render('{{ "x" is string }}')).to.equal(true);
    expect(render('{{ 1.5 is number }}')).to.equal(true);
    expect(render('{{ 2 is integer }}')).to.equal(true);
    expect(render('{{ 1.5 is float }}')).to.equal(true);
    expect(render('{{ 1.5 is integer }}')).to.equal(false);
    expect(render('{{ false is boolean }}')).to.equal(true);
    expect(render('{{ 0 is boolean }}')).to.equal(false);
  });

  it('mapping, sequence and iterable', () => {
    expect(render('{{ {} is mapping }}')).to.equal(true);
    expect(render('{{ [] is mapping }}')).to.equal(false);
    expect(render('{{ [] is sequence }}')).to.equal(true);
    expect(render('{{ "ab" is iterable }}')).to.equal(true);
    expect(render('{{ 5 is iterable }}')).to.equal(false);
  });

  it('truthy and falsy use Python truth, or Ansible words with convert_bool', () => {
    expect(render('{{ "x" is truthy }}')).to.equal(true);
    expect(render('{{ [] is falsy }}')).to.equal(true);
    expect(render('{{ "no" is truthy }}')).to.equal(true);
    expect(render('{{ "no" is truthy(convert_bool=true) }}')).to.equal(false);
  });
});

describe('value tests', () => {
  it('equalto, eq and sameas compare values', () => {
    expect(render('{{ 1 is equalto 1 }}')).to.equal(true);
    expect(render('{{ "a" is eq("b") }}')).to.equal(false);
    expect(render('{{ nothing is sameas none }}')).to.equal(true);
  });

  it('comparison tests order values', () => {
    expect(render('{{ 3 is gt 2 }}')).to.equal(true);
    expect(render('{{ 3 is le(2) }}')).to.equal(false);
  });

  it('in tests membership', () => {
    expect(render('{{ 2 is in [1, 2] }}')).to.equal(true);
    expect(render('{{ "x" is in "abc" }}')).to.equal(false);
  });

  it('divisibleby, even and odd', () => {
    expect(render('{{ 9 is divisibleby 3 }}')).to.equal(true);
    expect(render('{{ 10 is divisibleby(3) }}')).to.equal(false);
    expect(render('{{ 4 is even }}')).to.equal(true);
    expect(render('{{ 4 is odd }}')).to.equal(false);
  });

  it('subset, superset and contains', () => {
    expect(render('{{ [1] is subset([1, 2]) }}')).to.equal(true);
    expect(render('{{ [1, 2] is superset([3]) }}')).to.equal(false);
    expect(render('{{ [1, 2] is contains 2 }}')).to.equal(true);
  });

  it('any and all', () => {
    expect(render('{{ [0, 1] is any }}')).to.equal(true);
    expect(render('{{ [0, 1] is all }}')).to.equal(false);
  });

  it('accepts fully qualified test names', () => {
    expect(render('{{ "2.0" is ansible.builtin.version("1.0", ">") }}')).to.equal(true);
  });
});

describe('regex tests', () => {
  it('match anchors at the start', () => {
    expect(render('{{ "abc" is match("ab") }}')).to.equal(true);
    expect(render('{{ "abc" is match("bc") }}')).to.equal(false);
  });

  it('search finds anywhere', () => {
    expect(render('{{ "abc" is search("bc") }}')).to.equal(true);
  });

  it('regex takes ignorecase and match_type', () => {
    expect(render('{{ "ABC" is regex("b", ignorecase=true) }}')).to.equal(true);
    expect(render('{{ "abc" is regex("b", match_type="match") }}')).to.equal(false);
  });
});

describe('version test', () => {
  it('compares loose versions with every operator spelling', () => {
    expect(render('{{ version is version("2.9", ">=") }}')).to.equal(true);
    expect(render('{{ version is version("2.9", "ge") }}')).to.equal(true);
    expect(render('{{ version is version("2.10.3", "==") }}')).to.equal(true);
    expect(render('{{ version is version("2.10.3", "eq") }}')).to.equal(true);
    expect(render('{{ version is version("2.11", "<") }}')).to.equal(true);
    expect(render('{{ version is version("2.11", "lt") }}')).to.equal(true);
    expect(render('{{ version is version("2.10", "!=") }}')).to.equal(true);
    expect(render('{{ "1.10" is version("1.9", ">") }}')).to.equal(true);
  });

  it('defaults to equality', () => {
    expect(render('{{ "1.0" is version("1.0") }}')).to.equal(true);
  });

  it('compares strict versions', () => {
    expect(render('{{ "1.2a1" is version("1.2", "<", strict=true) }}')).to.equal(true);
    expect(renderError('{{ "1.2.3.4" is version("1.2", "<", strict=true) }}')).to.contain(
      "invalid version number '1.2.3.4'",
    );
  });

  it('compares semantic versions', () => {
    expect(render('{{ "1.0.0-rc.1" is version("1.0.0", "<", version_type="semver") }}')).to.equal(
      true,
    );
    expect(
      render('{{ "1.0.0-alpha" is version("1.0.0-alpha.1", "<", version_type="semver") }}'),
    ).to.equal(true);
    expect(render('{{ "1.0.0+build" is version("1.0.0", "==", version_type="semver") }}')).to.equal(
      true,
    );
  });

  it('rejects an unknown operator', () => {
    expect(renderError('{{ "1" is version("2", "~") }}')).to.contain('invalid operator type (~)');
  });

  it('reports a loose comparison of a number against letters', () => {
    expect(renderError('{{ "1.0a" is version("1.0.1", "<") }}')).to.contain(
      'version comparison failed',
    );
  });
});
