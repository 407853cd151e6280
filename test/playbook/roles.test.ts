import { expect } from 'chai';
import { resolve } from 'node:path';
import { withTestModules } from './test-modules.js';
import { asBlock, asModule, load, loadErrors, written } from './load-helpers.js';

describe('roles in site.yml', () => {
  it('wraps each role run in a block with its context', async () => {
    const { playbook } = await load('site.yml');
    const registry = asBlock(written(playbook.plays[0].tasks)[1]);
    expect(registry.include).to.deep.equal({
      keyword: 'roles',
      path: resolve('test/fixtures/playbooks/roles/docker_registry'),
      dynamic: false,
    });
    expect(registry.role).to.deep.equal({
      name: 'docker_registry',
      path: resolve('test/fixtures/playbooks/roles/docker_registry'),
      defaults: { registry_data: '/srv/registry' },
      vars: {},
      params: {},
    });
  });

  it('runs dependencies first, inside the role block', async () => {
    const { playbook } = await load('site.yml');
    const registry = asBlock(written(playbook.plays[0].tasks)[1]);
    const dependency = asBlock(registry.block[0]);
    expect(dependency.role?.name).to.equal('base');
    expect(dependency.position).to.deep.equal({
      file: 'test/fixtures/playbooks/roles/docker_registry/meta/main.yml',
      line: 4,
      column: 5,
    });
    expect(asModule(dependency.block[0]).name).to.equal('Base ping');
    const own = asModule(registry.block[1]);
    expect(own.name).to.equal('Registry folder');
    expect(own.role?.name).to.equal('docker_registry');
  });

  it('puts entry keywords on the block and vars in params', async () => {
    const { playbook } = await load('site.yml');
    const base = asBlock(written(playbook.plays[0].tasks)[2]);
    expect(base.when).to.deep.equal(['ansible_os_family == "Debian"']);
    expect(base.tags).to.deep.equal(['base']);
    expect(base.role?.params).to.deep.equal({ motd: 'hello' });
    expect(base.vars).to.deep.equal({});
  });
});

describe('roles from tasks', () => {
  it('reads include_role as a dynamic block', async () => {
    const { playbook } = await load('imports.yml');
    const include = asBlock(written(playbook.plays[1].tasks)[0]);
    expect(include.include?.keyword).to.equal('include_role');
    expect(include.include?.dynamic).to.equal(true);
    expect(include.when).to.deep.equal(['level_check']);
    expect(include.role?.params).to.deep.equal({ level: 2 });
    expect(include.position).to.deep.equal({ file: 'test/fixtures/playbooks/imports.yml', line: 9, column: 7 });
    expect(asModule(include.block[0]).name).to.equal('Base extra');
  });

  it('reads import_role with its dependencies', async () => {
    const { playbook } = await load('imports.yml');
    const imported = asBlock(written(playbook.plays[1].tasks)[1]);
    expect(imported.include?.keyword).to.equal('import_role');
    expect(imported.include?.dynamic).to.equal(false);
    expect(asBlock(imported.block[0]).role?.name).to.equal('base');
    expect(asModule(imported.block[1]).name).to.equal('Registry folder');
  });

  it('adds the handlers of an imported role', async () => {
    const { playbook } = await load('imports.yml');
    expect(playbook.plays[1].handlers.map((h) => h.name)).to.deep.equal(['reload registry', 'handler by topic']);
    expect(playbook.plays[1].handlers[1].listen).to.deep.equal(['restart web']);
  });
});

describe('role search path', () => {
  it('finds a role in a folder of the roles path', async () => {
    const options = { ...withTestModules, rolesPath: [resolve('test/fixtures/playbooks/extra-roles')] };
    const { playbook } = await load('errors/roles-path.yml', options);
    const block = asBlock(written(playbook.plays[0].tasks)[0]);
    expect(block.role?.name).to.equal('elsewhere');
    expect(block.role?.path).to.equal(resolve('test/fixtures/playbooks/extra-roles/elsewhere'));
  });

  it('names every folder searched', async () => {
    const options = { ...withTestModules, rolesPath: ['/nonexistent/roles'] };
    expect(await loadErrors('errors/roles-path.yml', options)).to.deep.equal([
      'test/fixtures/playbooks/errors/roles-path.yml:3:7: play 1/roles/0: role "elsewhere" not found; looked in ' +
        'test/fixtures/playbooks/errors/roles, test/fixtures/playbooks/roles, /nonexistent/roles, test/fixtures/playbooks/errors',
    ]);
  });

  it('warns about a role parameter that looks like a keyword', async () => {
    const { warnings } = await load('errors/role-params.yml');
    expect(warnings).to.deep.equal([
      'test/fixtures/playbooks/errors/role-params.yml:4:7: play 1/roles/0/whenn: "whenn" is passed to the role as a variable; did you mean the keyword "when"?',
    ]);
  });

  it('finds a role given as a path', async () => {
    const { playbook } = await load('errors/role-params.yml');
    const block = asBlock(written(playbook.plays[0].tasks)[0]);
    expect(block.role?.path).to.equal(resolve('test/fixtures/playbooks/roles/base'));
    expect(block.role?.params).to.deep.equal({ whenn: 'x' });
  });
});
