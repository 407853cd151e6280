import { expect } from 'chai';
import { closest, didYouMean, editDistance } from '../../src/playbook/did-you-mean.js';

describe('editDistance', () => {
  it('counts edits, with a swap as one', () => {
    expect(editDistance('when', 'when')).to.equal(0);
    expect(editDistance('whenn', 'when')).to.equal(1);
    expect(editDistance('regsiter', 'register')).to.equal(1);
    expect(editDistance('kitten', 'sitting')).to.equal(3);
  });
});

describe('closest', () => {
  it('suggests close names only', () => {
    expect(closest('docker_contaner', ['docker_container', 'docker_volume'])).to.equal('docker_container');
    expect(closest('Become', ['become', 'vars'])).to.equal('become');
    expect(closest('xyz', ['become', 'vars'])).to.equal(undefined);
  });

  it('words the suggestion', () => {
    expect(didYouMean('whenn', ['when', 'tags'])).to.equal('; did you mean "when"?');
    expect(didYouMean('zzzzzz', ['when'])).to.equal('');
  });
});

describe('closest on ties', () => {
  const playKeys = ['hosts', 'name', 'tags', 'tasks', 'vars', 'roles', 'handlers', 'become'];

  it('prefers an insertion over a substitution', () => {
    expect(closest('taks', playKeys)).to.equal('tasks');
    expect(closest('hostss', playKeys)).to.equal('hosts');
  });

  it('prefers a swap over a substitution', () => {
    expect(closest('tsak', ['task', 'tsar'].reverse())).to.equal('task');
  });

  it('keeps a lone substitution', () => {
    expect(closest('tagz', playKeys)).to.equal('tags');
    expect(closest('varz', playKeys)).to.equal('vars');
  });

  it('keeps the tolerance in whole edits', () => {
    expect(closest('txgz', playKeys)).to.equal('tags');
    expect(closest('xxgz', playKeys)).to.equal(undefined);
    expect(closest('hndlrs', playKeys)).to.equal('handlers');
  });
});
