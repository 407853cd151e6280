import { expect } from 'chai';
import { checkAgainstSchema } from '../../src/playbook/validator.js';

const wording = { noun: 'argument' };

function messages(schema: object, value: unknown): string[] {
  return checkAgainstSchema(schema, value, wording, { collections: true }).issues.map((issue) => issue.message);
}

describe('schema issues for required sets', () => {
  const copyLike = {
    type: 'object',
    properties: { src: { type: 'string' }, content: { type: 'string' }, dest: { type: 'string' } },
    oneOf: [{ required: ['content'] }, { required: ['src'] }],
  };

  it('names every alternative when none is given', () => {
    expect(messages(copyLike, { dest: '/x' })).to.deep.equal(['needs one of the arguments "content" or "src"']);
  });

  it('names the alternatives when oneOf gets two', () => {
    expect(messages(copyLike, { dest: '/x', src: 'a', content: 'b' })).to.deep.equal([
      'takes only one of the arguments "content" or "src", but has more than one',
    ]);
  });

  it('joins the keys of one set with and', () => {
    const schema = { type: 'object', anyOf: [{ required: ['a', 'b'] }, { required: ['c'] }, { required: ['d'] }] };
    expect(messages(schema, {})).to.deep.equal(['needs one of the arguments "a" and "b", "c" or "d"']);
  });

  it('reports other branch errors as before', () => {
    const schema = {
      type: 'object',
      properties: { path: { type: 'string' } },
      anyOf: [{ required: ['path'] }, { required: ['name'] }],
    };
    expect(messages(schema, { path: { a: 1 } })).to.deep.equal(['should be a string']);
  });
});
