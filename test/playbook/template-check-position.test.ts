import { expect } from 'chai';
import { columnInScalar } from '../../src/playbook/template-check-position.js';

/** The 1-based column of `needle` in `line`. */
const columnOf = (line: string, needle: string) => line.indexOf(needle) + 1;

describe('columnInScalar', () => {
  it('maps a plain scalar one to one', () => {
    const line = '    msg: {{ port | defualt(80) }}';
    const value = '{{ port | defualt(80) }}';
    const column = columnInScalar(line, columnOf(line, '{{'), value, value.indexOf('defualt'));
    expect(column).to.equal(columnOf(line, 'defualt'));
  });

  it('maps a plain flow item followed by more items', () => {
    const line = '  when: [a is defind, b]';
    const column = columnInScalar(line, columnOf(line, 'a is'), 'a is defind', 5);
    expect(column).to.equal(columnOf(line, 'defind'));
  });

  it('skips the quote of a single-quoted scalar and its doubled quotes', () => {
    const line = "  msg: 'it''s {{ x | nope }}'";
    const value = "it's {{ x | nope }}";
    const column = columnInScalar(line, columnOf(line, "'"), value, value.indexOf('nope'));
    expect(column).to.equal(columnOf(line, 'nope'));
  });

  it('follows the escapes of a double-quoted scalar', () => {
    const line = '  msg: "\\t\\u00e9\\"{{ x | nope }}"';
    const value = '\t\u00e9"{{ x | nope }}';
    const column = columnInScalar(line, columnOf(line, '"'), value, value.indexOf('nope'));
    expect(column).to.equal(columnOf(line, 'nope'));
  });

  it('maps the end of the value to the closing quote', () => {
    const line = 'x: "{{ a"';
    expect(columnInScalar(line, 4, '{{ a', 4)).to.equal(line.length);
  });

  it('gives up on a block scalar', () => {
    expect(columnInScalar('  msg: |', 8, '{{ x | nope }}\n', 6)).to.equal(undefined);
  });

  it('gives up on a plain scalar that goes on past the line', () => {
    expect(columnInScalar('  msg: {{ a', 8, '{{ a | nope }}', 7)).to.equal(undefined);
  });

  it('gives up on a quoted scalar that is not closed on its line', () => {
    expect(columnInScalar('  msg: "{{ a', 8, '{{ a | nope }}', 7)).to.equal(undefined);
  });

  it('gives up when the source does not decode to the value', () => {
    expect(columnInScalar('  msg: "{{ b }}"', 8, '{{ a }}', 3)).to.equal(undefined);
  });
});
