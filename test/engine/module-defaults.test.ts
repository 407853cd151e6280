import { expect } from 'chai';
import { withModuleDefaults } from '../../src/engine/module-defaults.js';

describe('withModuleDefaults', () => {
  it('applies defaults by short name or full name, the task arguments winning', () => {
    const defaults = { 'ansible.builtin.command': { chdir: '/srv', creates: '/x' } };
    expect(withModuleDefaults('command', { creates: '/y' }, defaults)).to.deep.equal({ chdir: '/srv', creates: '/y' });
    expect(withModuleDefaults('command', {}, { command: { chdir: '/a' } })).to.deep.equal({ chdir: '/a' });
  });

  it('applies group defaults below the module its own', () => {
    const defaults = {
      'community.docker.docker_container': { restart_policy: 'always' },
      'group/community.docker.docker': { docker_host: 'unix:///run/docker.sock', restart_policy: 'no' },
    };
    expect(withModuleDefaults('docker_container', { name: 'r' }, defaults)).to.deep.equal({
      docker_host: 'unix:///run/docker.sock',
      restart_policy: 'always',
      name: 'r',
    });
    expect(withModuleDefaults('docker_volume', {}, { 'group/docker': { docker_host: 'tcp://127.0.0.1:2375' } })).to.deep.equal({
      docker_host: 'tcp://127.0.0.1:2375',
    });
  });

  it('leaves other modules alone', () => {
    expect(withModuleDefaults('copy', { dest: '/x' }, { command: { chdir: '/a' }, 'group/docker': { a: 1 } })).to.deep.equal({ dest: '/x' });
  });
});
