import { expect } from 'chai';
import {
  checkMatches,
  comparisonFor,
  type OptionCheck,
} from '../../../src/modules/docker/comparisons.js';

describe('docker_container comparisons', () => {
  it('defaults sets and mappings to allow_more_present', () => {
    expect(comparisonFor('env', 'set', {})).to.equal('allow_more_present');
    expect(comparisonFor('labels', 'dict', {})).to.equal('allow_more_present');
  });

  it('defaults values and lists to strict', () => {
    expect(comparisonFor('user', 'value', {})).to.equal('strict');
    expect(comparisonFor('command', 'list', {})).to.equal('strict');
  });

  it('ignores stop_timeout unless named', () => {
    expect(comparisonFor('stop_timeout', 'value', { '*': 'strict' })).to.equal('ignore');
    expect(comparisonFor('stop_timeout', 'value', { stop_timeout: 'strict' })).to.equal('strict');
  });

  it('applies the wildcard to options not named', () => {
    expect(comparisonFor('env', 'set', { '*': 'ignore', user: 'strict' })).to.equal('ignore');
    expect(comparisonFor('user', 'value', { '*': 'ignore', user: 'strict' })).to.equal('strict');
  });

  it('takes an entrypoint entry for the process', () => {
    expect(comparisonFor('command', 'list', { entrypoint: 'ignore' })).to.equal('ignore');
  });

  const set: OptionCheck = { name: 'env', kind: 'set', expected: ['A=1'], actual: ['A=1', 'B=2'] };
  const dict: OptionCheck = {
    name: 'labels',
    kind: 'dict',
    expected: { a: '1' },
    actual: { a: '1', b: '2' },
  };

  it('lets the container have more with allow_more_present', () => {
    expect(checkMatches(set, 'allow_more_present')).to.equal(true);
    expect(checkMatches(dict, 'allow_more_present')).to.equal(true);
  });

  it('requires equality with strict', () => {
    expect(checkMatches(set, 'strict')).to.equal(false);
    expect(checkMatches(dict, 'strict')).to.equal(false);
  });

  it('finds a missing item with allow_more_present', () => {
    expect(checkMatches({ ...set, expected: ['A=2'] }, 'allow_more_present')).to.equal(false);
    expect(checkMatches({ ...dict, expected: { a: '2' } }, 'allow_more_present')).to.equal(false);
  });

  it('compares lists in order', () => {
    const list: OptionCheck = {
      name: 'dns_servers',
      kind: 'list',
      expected: ['a', 'b'],
      actual: ['b', 'a'],
    };
    expect(checkMatches(list, 'strict')).to.equal(false);
    expect(checkMatches(list, 'ignore')).to.equal(true);
  });
});
