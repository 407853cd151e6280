import { expect } from 'chai';
import { coerce } from '../../src/playbook/coerce.js';

const args = { collections: true };
const keywords = { collections: false };

describe('coerce', () => {
  it('reads Ansible boolean words', () => {
    for (const word of ['yes', 'Y', 'on', '1', 'true', 'T']) expect(coerce(word, { type: 'boolean' }, args)).to.equal(true);
    for (const word of ['no', 'n', 'off', '0', 'False', 'f']) expect(coerce(word, { type: 'boolean' }, args)).to.equal(false);
    expect(coerce(1, { type: 'boolean' }, args)).to.equal(true);
    expect(coerce('maybe', { type: 'boolean' }, args)).to.equal('maybe');
  });

  it('reads numbers from strings', () => {
    expect(coerce('30', { type: 'integer' }, args)).to.equal(30);
    expect(coerce('3.5', { type: 'integer' }, args)).to.equal('3.5');
    expect(coerce('3.5', { type: 'number' }, args)).to.equal(3.5);
    expect(coerce('', { type: 'number' }, args)).to.equal('');
  });

  it('writes scalars as Python str() does', () => {
    expect(coerce(5000, { type: 'string' }, args)).to.equal('5000');
    expect(coerce(false, { type: 'string' }, args)).to.equal('False');
  });

  it('turns strings into lists and mappings for arguments only', () => {
    expect(coerce('a,b', { type: 'array' }, args)).to.deep.equal(['a', 'b']);
    expect(coerce('a,b', { type: 'array' }, keywords)).to.equal('a,b');
    expect(coerce('x=1 y=2', { type: 'object' }, args)).to.deep.equal({ x: '1', y: '2' });
    expect(coerce('{"x": 1}', { type: 'object' }, args)).to.deep.equal({ x: 1 });
    expect(coerce('plain', { type: 'object' }, args)).to.equal('plain');
  });

  it('converts nested properties and items', () => {
    const schema = {
      type: 'object',
      properties: { ports: { type: 'array', items: { type: 'string' } }, env: { type: 'object', additionalProperties: { type: 'string' } } },
    };
    expect(coerce({ ports: [5000, '6000'], env: { PORT: 5000 } }, schema, args)).to.deep.equal({ ports: ['5000', '6000'], env: { PORT: '5000' } });
  });

  it('drops null arguments the schema does not allow', () => {
    const schema = { type: 'object', properties: { path: { type: 'string' }, value: {} } };
    expect(coerce({ path: null, value: null }, schema, args)).to.deep.equal({ value: null });
  });

  it('leaves templates and unions alone', () => {
    expect(coerce('{{ flag }}', { type: 'boolean' }, args)).to.equal('{{ flag }}');
    expect(coerce('5', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, args)).to.equal('5');
  });
});
