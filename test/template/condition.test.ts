import { expect } from 'chai';
import { evaluateCondition, evaluateExpression, TemplateError } from '../../src/template/index.js';

const vars = {
  result: { rc: 0, stdout: 'active', changed: true },
  flag: 'yes',
  enabled: true,
  items: [1, 2],
  name: 'web',
};

function conditionError(condition: unknown): TemplateError {
  try {
    evaluateCondition(condition, vars);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${String(condition)} to fail`);
}

describe('evaluateCondition', () => {
  it('takes booleans as they are', () => {
    expect(evaluateCondition(true, vars)).to.equal(true);
    expect(evaluateCondition(false, vars)).to.equal(false);
  });

  it('evaluates a bare expression', () => {
    expect(evaluateCondition('result.rc == 0', vars)).to.equal(true);
    expect(evaluateCondition("result.stdout != 'active'", vars)).to.equal(false);
  });

  it('evaluates tests and filters', () => {
    expect(evaluateCondition('result is changed', vars)).to.equal(true);
    expect(evaluateCondition('flag | bool', vars)).to.equal(true);
    expect(evaluateCondition('items | length > 1', vars)).to.equal(true);
    expect(evaluateCondition("'act' in result.stdout", vars)).to.equal(true);
  });

  it('evaluates a boolean variable', () => {
    expect(evaluateCondition('enabled', vars)).to.equal(true);
    expect(evaluateCondition('not enabled', vars)).to.equal(false);
  });

  it('accepts an expression wrapped in {{ }}', () => {
    expect(evaluateCondition('{{ result.rc == 0 }}', vars)).to.equal(true);
  });

  it('ignores surrounding whitespace and newlines', () => {
    expect(evaluateCondition('  result.rc == 0\n', vars)).to.equal(true);
  });

  it('treats an empty condition as true, as Ansible does', () => {
    expect(evaluateCondition('', vars)).to.equal(true);
    expect(evaluateCondition(null, vars)).to.equal(true);
  });

  it('rejects a result that is not a boolean, as ansible-core 2.19 does', () => {
    const error = conditionError('name');
    expect(error.message).to.contain("the condition 'name' gave 'web' of type 'str'");
    expect(conditionError('items').message).to.contain("of type 'list'");
    expect(conditionError('flag').message).to.contain('"| bool"');
  });

  it('rejects a string that renders to a word', () => {
    expect(conditionError('{{ flag }}').message).to.contain("gave 'yes' of type 'str'");
  });

  it('rejects a condition that is neither a string nor a boolean', () => {
    expect(conditionError(1).message).to.equal(
      'a condition must be a string or a boolean, not int 1',
    );
  });

  it('rejects template delimiters inside an expression', () => {
    expect(conditionError('{{ name }} == "web"').message).to.contain(
      'template delimiters are not supported',
    );
  });

  it('names an undefined variable', () => {
    const error = conditionError('registry_port == 5000');
    expect(error.message).to.equal("'registry_port' is undefined");
    expect(error.variable).to.equal('registry_port');
  });

  it('allows an undefined variable behind is defined', () => {
    expect(evaluateCondition('registry_port is defined and registry_port == 5000', vars)).to.equal(
      false,
    );
  });
});

describe('evaluateExpression', () => {
  it('returns the value with its type', () => {
    expect(evaluateExpression('items | map("string") | list', vars)).to.deep.equal(['1', '2']);
    expect(evaluateExpression('result.rc + 1', vars)).to.equal(1);
  });

  it('reports a syntax error', () => {
    expect(() => evaluateExpression('result.rc ==', vars)).to.throw(
      TemplateError,
      /template syntax error/,
    );
  });

  it('rejects text that is more than one expression', () => {
    expect(() => evaluateExpression('a }} {{ b', vars)).to.throw(TemplateError);
  });
});
