import { expect } from 'chai';
import { renderString, TemplateError } from '../../src/template/index.js';

function renderError(text: string, vars: Record<string, unknown> = {}): TemplateError {
  try {
    renderString(text, vars);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('undefined variables', () => {
  const vars = { registry: { port: 5000 }, hosts: ['c01'], nothing: null, name: 'web' };

  it('names an undefined variable', () => {
    const error = renderError('{{ registry_port }}', vars);
    expect(error.message).to.equal("'registry_port' is undefined");
    expect(error.variable).to.equal('registry_port');
  });

  it('names an undefined variable inside a string', () => {
    expect(renderError('port {{ registry_port }}', vars).message).to.equal(
      "'registry_port' is undefined",
    );
  });

  it('names a missing key with its path', () => {
    const error = renderError('{{ registry.host }}', vars);
    expect(error.message).to.equal("'registry.host' is undefined");
    expect(error.variable).to.equal('registry.host');
  });

  it('names a missing key read with brackets', () => {
    expect(renderError('{{ registry["host"] }}', vars).variable).to.equal('registry.host');
  });

  it('names the undefined root of a longer path', () => {
    expect(renderError('{{ missing.a.b }}', vars).message).to.equal("'missing' is undefined");
  });

  it('names an index past the end of a list', () => {
    expect(renderError('{{ hosts[3] }}', vars).message).to.equal(
      "'hosts[3]' is undefined: 'hosts' has 1 item",
    );
  });

  it('says when the value holding the key is None', () => {
    expect(renderError('{{ nothing.x }}', vars).message).to.equal(
      "'nothing.x' is undefined: 'nothing' is None",
    );
  });

  it('raises in an operator', () => {
    expect(renderError('{{ missing + 1 }}', vars).message).to.equal("'missing' is undefined");
    expect(renderError('{{ "a" ~ missing }}', vars).message).to.equal("'missing' is undefined");
  });

  it('raises in a comparison', () => {
    expect(renderError('{{ missing == 1 }}', vars).message).to.equal("'missing' is undefined");
  });

  it('raises in an if condition', () => {
    expect(renderError('{% if missing %}x{% endif %}', vars).message).to.equal(
      "'missing' is undefined",
    );
  });

  it('raises in a for loop', () => {
    expect(renderError('{% for x in missing %}{% endfor %}', vars).message).to.equal(
      "'missing' is undefined",
    );
  });

  it('raises in a filter', () => {
    expect(renderError('{{ missing | upper }}', vars).message).to.equal("'missing' is undefined");
  });

  it('raises inside a list literal', () => {
    expect(renderError('{{ [name, missing] }}', vars).message).to.equal("'missing' is undefined");
  });

  it('raises when calling an undefined function', () => {
    expect(renderError('{{ lookup("env", "HOME") }}', vars).message).to.equal(
      "'lookup' is undefined",
    );
  });

  it('is allowed behind default', () => {
    expect(renderString('{{ registry_port | default(5000) }}', vars)).to.equal(5000);
  });

  it('is allowed behind d', () => {
    expect(renderString('{{ registry_port | d(5000) }}', vars)).to.equal(5000);
  });

  it('is allowed behind default for a missing key', () => {
    expect(renderString('{{ registry.host | default("localhost") }}', vars)).to.equal('localhost');
  });

  it('is allowed behind default for a path under an undefined variable', () => {
    expect(renderString('{{ missing.a.b | default("x") }}', vars)).to.equal('x');
  });

  it('is allowed in is defined', () => {
    expect(renderString('{{ missing is defined }}', vars)).to.equal(false);
    expect(renderString('{{ registry.port is defined }}', vars)).to.equal(true);
  });

  it('is allowed in is undefined', () => {
    expect(renderString('{{ registry.host is undefined }}', vars)).to.equal(true);
  });

  it('is allowed on the right of and after a false test', () => {
    expect(renderString('{{ missing is defined and missing > 1 }}', vars)).to.equal(false);
  });

  it('raises the message of mandatory', () => {
    expect(renderError('{{ registry_port | mandatory }}', vars).message).to.equal(
      "Mandatory variable 'registry_port' not defined.",
    );
  });

  it('raises the custom message of mandatory', () => {
    expect(
      renderError('{{ registry_port | mandatory("set registry_port") }}', vars).message,
    ).to.equal('set registry_port');
  });

  it('lets mandatory pass a defined value', () => {
    expect(renderString('{{ name | mandatory }}', vars)).to.equal('web');
  });

  it('raises for an inline if without else that is false', () => {
    expect(renderError('{{ "x" if false }}', vars).message).to.contain('no else section');
  });
});
