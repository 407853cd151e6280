import { expect } from 'chai';
import { resolve } from 'node:path';
import { isUnsafe } from '../../src/yaml/unsafe.js';
import { asBlock, asModule, load, loadErrors, written } from './load-helpers.js';

describe('loadPlaybook site.yml', () => {
  it('reads the play keywords', async () => {
    const { playbook } = await load('site.yml');
    const [play] = playbook.plays;
    expect(playbook.file).to.equal(resolve('test/fixtures/playbooks/site.yml'));
    expect(playbook.dir).to.equal(resolve('test/fixtures/playbooks'));
    expect(play.name).to.equal('Registry on every labelled node');
    expect(play.hosts).to.equal('registry');
    expect(play.vars).to.deep.equal({ registry_port: 5000 });
    expect(play.keywords).to.deep.equal({ become: true });
    expect(play.gatherFacts).to.equal(true);
    expect(play.anyErrorsFatal).to.equal(false);
    expect(play.position).to.deep.equal({ file: 'test/fixtures/playbooks/site.yml', line: 1, column: 3 });
    expect(play.file).to.equal('test/fixtures/playbooks/site.yml');
  });

  it('orders sections with a handler flush after pre_tasks', async () => {
    const { playbook } = await load('site.yml');
    const kinds = playbook.plays[0].tasks.map((task) => (task.implicit ? 'flush' : task.name ?? task.kind));
    expect(kinds).to.deep.equal([
      'Show where we are',
      'flush',
      'block',
      'block',
      'List containers',
      'Make the folder',
      'Run the registry',
      'block',
      'block',
    ]);
    const flush = asModule(playbook.plays[0].tasks[1]);
    expect(flush.module).to.equal('meta');
    expect(flush.args).to.deep.equal({ free_form: 'flush_handlers' });
    expect(flush.tags).to.deep.equal(['always']);
  });

  it('flushes before post_tasks, whatever the key order', async () => {
    const { playbook } = await load('sections.yml');
    const kinds = playbook.plays[0].tasks.map((task) => (task.implicit ? 'flush' : task.name));
    expect(kinds).to.deep.equal(['pre', 'flush', 'main', 'flush', 'post']);
  });

  it('adds no flush to a play of tasks alone', async () => {
    const { playbook } = await load('sections.yml');
    expect(playbook.plays[1].tasks.map((task) => task.name)).to.deep.equal(['only']);
  });

  it('splits key=value and free-form arguments', async () => {
    const { playbook } = await load('site.yml');
    const tasks = written(playbook.plays[0].tasks);
    expect(asModule(tasks[0]).args).to.deep.equal({ msg: 'starting on {{ inventory_hostname }}' });
    expect(asModule(tasks[3]).args).to.deep.equal({ chdir: '/tmp', cmd: 'docker ps' });
    expect(asModule(tasks[4]).args).to.deep.equal({ path: '/srv/registry', state: 'directory', mode: '0755' });
  });

  it('keeps task fields and arguments as written', async () => {
    const { playbook } = await load('site.yml');
    const listing = asModule(written(playbook.plays[0].tasks)[3]);
    expect(listing.register).to.equal('ps');
    expect(listing.changedWhen).to.deep.equal([false]);
    expect(listing.position).to.deep.equal({ file: 'test/fixtures/playbooks/site.yml', line: 20, column: 7 });

    const run = asModule(written(playbook.plays[0].tasks)[5]);
    expect(run.module).to.equal('docker_container');
    expect(run.moduleAlias).to.equal('community.docker.docker_container');
    expect(run.args.published_ports).to.equal('{{ registry_ports }}');
    expect(run.args.detach).to.equal('yes');
    expect(run.loop).to.deep.equal([1, 2]);
    expect(run.loopControl).to.deep.equal({ loopVar: 'n', indexVar: undefined, label: undefined, pause: undefined, extended: undefined });
  });

  it('keeps a block scalar command as written', async () => {
    const { playbook } = await load('site.yml');
    const block = asBlock(written(playbook.plays[0].tasks)[7]);
    expect(asModule(block.block[0]).args).to.deep.equal({ cmd: 'echo one\necho two\n' });
    expect(asModule(block.rescue[0]).args).to.deep.equal({ var: 'ps' });
    expect(asModule(block.always[0]).module).to.equal('meta');
  });

  it('inlines import_tasks as a block with its condition', async () => {
    const { playbook } = await load('site.yml');
    const block = asBlock(written(playbook.plays[0].tasks)[6]);
    expect(block.when).to.deep.equal(['extra | default(false)']);
    expect(block.include).to.deep.equal({
      keyword: 'import_tasks',
      path: resolve('test/fixtures/playbooks/tasks/extra.yml'),
      dynamic: false,
    });
    expect(asModule(block.block[0]).name).to.equal('Extra step');
    expect(block.block[0].position).to.deep.equal({ file: 'test/fixtures/playbooks/tasks/extra.yml', line: 1, column: 3 });
  });

  it('loads static vars_files and keeps templated ones', async () => {
    const { playbook } = await load('site.yml');
    expect(playbook.plays[0].varsFiles).to.deep.equal([
      {
        names: ['vars/common.yml'],
        position: { file: 'test/fixtures/playbooks/site.yml', line: 7, column: 7 },
        path: resolve('test/fixtures/playbooks/vars/common.yml'),
        vars: { registry_image: 'registry:2' },
      },
      {
        names: ['vars/{{ env_name }}.yml'],
        position: { file: 'test/fixtures/playbooks/site.yml', line: 8, column: 7 },
      },
    ]);
  });

  it('puts role handlers before the play handlers', async () => {
    const { playbook } = await load('site.yml');
    const handlers = playbook.plays[0].handlers;
    expect(handlers.map((h) => h.name)).to.deep.equal(['reload registry', 'restart registry']);
    expect(handlers[0].role?.name).to.equal('docker_registry');
    expect(handlers[1].listen).to.deep.equal([]);
  });

  it('drops the yes warning where a boolean is expected', async () => {
    const { warnings } = await load('site.yml');
    expect(warnings).to.deep.equal([]);
  });
});

describe('loadPlaybook imports and actions', () => {
  it('applies import_playbook vars, tags and when', async () => {
    const { playbook } = await load('imports.yml');
    const [child] = playbook.plays;
    expect(child.name).to.equal('Child play');
    expect(child.vars).to.deep.equal({ color: 'blue', size: 3 });
    expect(child.keywords.tags).to.deep.equal(['child', 'imported']);
    expect(child.file).to.equal('test/fixtures/playbooks/child/child.yml');
    expect(child.tasks.map((task) => task.when)).to.deep.equal([
      ['run_child | default(true)'],
      [],
      ['run_child | default(true)'],
    ]);
    expect(child.tasks[1].implicit).to.equal(true);
  });

  it('reads action and local_action', async () => {
    const { playbook } = await load('imports.yml');
    const tasks = written(playbook.plays[1].tasks);
    const action = asModule(tasks[2]);
    expect(action.module).to.equal('command');
    expect(action.args).to.deep.equal({ cmd: 'echo hi' });
    const local = asModule(tasks[3]);
    expect(local.args).to.deep.equal({ cmd: 'hostname' });
    expect(local.keywords).to.deep.equal({ delegate_to: 'localhost' });
  });

  it('reads with_items as a loop lookup', async () => {
    const { playbook } = await load('imports.yml');
    const task = asModule(written(playbook.plays[1].tasks)[4]);
    expect(task.loop).to.deep.equal(['a', 'b']);
    expect(task.loopWith).to.equal('items');
    expect(task.args).to.deep.equal({ msg: '{{ item }}' });
  });

  it('accepts the engine modules without the registry', async () => {
    const { playbook } = await load('imports.yml');
    const [fact, inlineFact, includeVars, meta] = written(playbook.plays[1].tasks).slice(5).map(asModule);
    expect(fact.module).to.equal('set_fact');
    expect(fact.args).to.deep.equal({ answer: 42 });
    expect(inlineFact.args).to.deep.equal({ a: '1', b: 'two' });
    expect(includeVars.module).to.equal('include_vars');
    expect(includeVars.args).to.deep.equal({ file: 'vars/common.yml' });
    expect(meta.module).to.equal('meta');
    expect(meta.moduleAlias).to.equal('ansible.builtin.meta');
    expect(meta.args).to.deep.equal({ free_form: 'noop' });
  });

  it('reads gather_facts: no as false', async () => {
    const { playbook } = await load('imports.yml');
    expect(playbook.plays[1].gatherFacts).to.equal(false);
  });
});

describe('loadPlaybook !unsafe and conditions', () => {
  it('passes !unsafe text to the free-form argument', async () => {
    const { playbook } = await load('unsafe.yml');
    const [command, debug] = written(playbook.plays[0].tasks).map(asModule);
    expect(isUnsafe(command.args.cmd)).to.equal(true);
    expect(String(command.args.cmd)).to.equal('echo {{ not_a_template }}');
    expect(isUnsafe(debug.args.msg)).to.equal(true);
  });

  it('keeps !unsafe marks in play vars', async () => {
    const { playbook } = await load('unsafe.yml');
    expect(isUnsafe(playbook.plays[0].vars.secret)).to.equal(true);
  });

  it('warns about a templated condition', async () => {
    const { warnings } = await load('unsafe.yml');
    expect(warnings).to.deep.equal([
      'test/fixtures/playbooks/unsafe.yml:7:13: play 1/tasks/0/when: a condition is an expression already; ' +
        'write it without {{ }}, for example "x == 1" rather than "{{ x }} == 1"',
    ]);
  });
});

describe('loadPlaybook errors', () => {
  it('checks variable names, vars_files and engine modules', async () => {
    expect(await loadErrors('errors/misc.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/misc.yml:4:5: play 1/vars/bad-name: is not a valid variable name: letters, digits and _, not starting with a digit',
      'test/fixtures/playbooks/errors/misc.yml:6:7: play 1/vars_files/0: vars file not found: test/fixtures/playbooks/errors/vars/missing.yml',
      'test/fixtures/playbooks/errors/misc.yml:7:7: play 1/vars_files/1: none of these vars files exists: ' +
        'test/fixtures/playbooks/errors/vars/none-a.yml, test/fixtures/playbooks/errors/vars/none-b.yml',
      'test/fixtures/playbooks/errors/misc.yml:10:9: play 1/tasks/0/set_fact/9lives: is not a valid variable name: letters, digits and _, not starting with a digit',
      'test/fixtures/playbooks/errors/misc.yml:11:13: play 1/tasks/1/meta/free_form: should be one of: flush_handlers, refresh_inventory, noop, ' +
        'clear_facts, clear_host_errors, end_play, end_host, end_batch, end_role, reset_connection (found "flush_handler"); did you mean "flush_handlers"?',
      'test/fixtures/playbooks/errors/misc.yml:13:9: play 1/tasks/2/include_vars: missing required argument "file"',
    ]);
  });

  it('reports misspelt keys and modules with suggestions', async () => {
    expect(await loadErrors('errors/mistakes.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/mistakes.yml:2:3: play 1/gather_fact: unknown play keyword "gather_fact"; did you mean "gather_facts"?',
      'test/fixtures/playbooks/errors/mistakes.yml:5:7: play 1/tasks/0/docker_contaner: unknown module "docker_contaner"; did you mean "docker_container"?',
      'test/fixtures/playbooks/errors/mistakes.yml:9:7: play 1/tasks/1/whenn: unknown task keyword "whenn"; did you mean "when"?',
      'test/fixtures/playbooks/errors/mistakes.yml:13:9: play 1/tasks/2/community.docker.docker_container/publshed_ports: unknown argument "publshed_ports" for docker_container; did you mean "published_ports"?',
      'test/fixtures/playbooks/errors/mistakes.yml:14:16: play 1/tasks/2/community.docker.docker_container/state: should be one of: present, started, stopped, absent (found "runing")',
      'test/fixtures/playbooks/errors/mistakes.yml:15:18: play 1/tasks/2/community.docker.docker_container/timeout: should be >= 1',
      'test/fixtures/playbooks/errors/mistakes.yml:17:13: play 1/tasks/2/community.docker.docker_container/networks/0: missing required argument "name"',
      'test/fixtures/playbooks/errors/mistakes.yml:20:7: play 1/tasks/3/shell: a task runs one module, but this one names 2: command, shell',
      'test/fixtures/playbooks/errors/mistakes.yml:21:7: play 1/tasks/4: the task names no module: add a module key, such as command, beside its keywords',
      'test/fixtures/playbooks/errors/mistakes.yml:25:7: play 1/tasks/5/async: async is not supported by skprun: tasks run to completion while the play waits; remove async and poll',
      'test/fixtures/playbooks/errors/mistakes.yml:26:13: play 1/tasks/6/file: file takes no free-form text ("/tmp/x"); write its arguments as key=value pairs or as a mapping',
      'test/fixtures/playbooks/errors/mistakes.yml:31:17: play 1/tasks/7/register: should be a valid variable name: letters, digits and _, not starting with a digit',
    ]);
  });

  it('reports play keyword problems', async () => {
    expect(await loadErrors('errors/play-keys.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/play-keys.yml:1:3: play 1: missing required keyword "hosts"',
      'test/fixtures/playbooks/errors/play-keys.yml:7:3: play 2/register: register is a task keyword, not a play keyword: put it on a task or a block',
      'test/fixtures/playbooks/errors/play-keys.yml:8:3: play 2/command: a play runs no module itself: put command in a task under tasks',
      'test/fixtures/playbooks/errors/play-keys.yml:9:13: play 2/strategy: should be one of: linear, free (found "fre"); did you mean "free"?',
      'test/fixtures/playbooks/errors/play-keys.yml:11:11: play 2/become: should be a boolean (true or false)',
    ]);
  });

  it('checks notify names against the handlers', async () => {
    expect(await loadErrors('errors/notify.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/notify.yml:6:11: play 1/tasks/0/notify/0: no handler is named or listens to "restart registy"; did you mean "restart registry"?',
      'test/fixtures/playbooks/errors/notify.yml:10:15: play 1/tasks/1/notify: no handler is named or listens to "reload nginx"',
      'test/fixtures/playbooks/errors/notify.yml:14:7: play 1/handlers/1: a handler needs a name or listen, because notify finds handlers by them',
    ]);
  });

  it('reports misplaced block keys', async () => {
    expect(await loadErrors('errors/blocks.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/blocks.yml:5:7: play 1/tasks/0/register: register is not allowed on a block; put it on the tasks inside',
      'test/fixtures/playbooks/errors/blocks.yml:6:7: play 1/tasks/0/command: a block runs no module itself: move command into a task under block',
      'test/fixtures/playbooks/errors/blocks.yml:11:7: play 1/tasks/1/rescue: rescue is only allowed next to block',
      'test/fixtures/playbooks/errors/blocks.yml:15:7: play 1/tasks/2/listen: listen is only allowed on handlers',
    ]);
  });

  it('checks module arguments, letting templates through', async () => {
    expect(await loadErrors('errors/args.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/args.yml:20:15: play 1/tasks/2/docker_container/name: should be a string',
      'test/fixtures/playbooks/errors/args.yml:21:17: play 1/tasks/2/docker_container/detach: should be a boolean (true or false)',
      'test/fixtures/playbooks/errors/args.yml:22:26: play 1/tasks/2/docker_container/published_ports: should be a list',
      'test/fixtures/playbooks/errors/args.yml:23:17: play 1/tasks/2/docker_container/memory: should be a string or an integer',
      'test/fixtures/playbooks/errors/args.yml:24:14: play 1/tasks/2/docker_container/env: should be a mapping',
      'test/fixtures/playbooks/errors/args.yml:26:16: play 1/tasks/3/command: the " quote at column 6 of the arguments has no closing ". Close it, or quote the whole value.',
      'test/fixtures/playbooks/errors/args.yml:28:14: play 1/tasks/4/debug: the arguments of debug should be a mapping or a string of key=value pairs',
      'test/fixtures/playbooks/errors/args.yml:32:7: play 1/tasks/5/with_items: a task takes one loop, but this one has both loop and with_items',
      'test/fixtures/playbooks/errors/args.yml:35:7: play 1/tasks/6/with_itemz: unknown loop "with_itemz"; did you mean "with_items"? (skprun supports loop, with_items, with_list, with_dict, with_indexed_items, with_sequence, with_nested, with_together, with_subelements, with_flattened, with_fileglob)',
      'test/fixtures/playbooks/errors/args.yml:38:7: play 1/tasks/7/loop_control: loop_control needs a loop on the same task',
      'test/fixtures/playbooks/errors/args.yml:47:9: play 1/tasks/9/file: missing required argument "path"',
    ]);
  });

  it('catches an include cycle', async () => {
    expect(await loadErrors('errors/include-cycle.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/cycle-b.yml:1:18: 0/include_tasks: cycle-a.yml includes itself (through ' +
        'test/fixtures/playbooks/errors/include-cycle.yml -> test/fixtures/playbooks/errors/cycle-a.yml -> ' +
        'test/fixtures/playbooks/errors/cycle-b.yml -> test/fixtures/playbooks/errors/cycle-a.yml)',
    ]);
  });

  it('reports include problems', async () => {
    expect(await loadErrors('errors/roles-missing.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/roles-missing.yml:3:7: play 1/roles/0: role "nosuchrole" not found; looked in ' +
        'test/fixtures/playbooks/errors/roles, test/fixtures/playbooks/roles, test/fixtures/playbooks/errors',
      'test/fixtures/playbooks/errors/roles-missing.yml:5:21: play 1/tasks/0/import_tasks: task file not found: missing.yml (looked in test/fixtures/playbooks/errors)',
      'test/fixtures/playbooks/errors/roles-missing.yml:6:21: play 1/tasks/1/import_tasks: a templated file name cannot be read when the playbook loads; use include_tasks, which reads it when the task runs',
      'test/fixtures/playbooks/errors/roles-missing.yml:8:7: play 1/tasks/2/loop: loop is not allowed on import_tasks, which is read when the playbook loads; use include_tasks to loop',
      'test/fixtures/playbooks/errors/roles-missing.yml:11:9: play 1/tasks/3/include_role/tasks_frm: unknown include_role option "tasks_frm"; did you mean "tasks_from"?',
    ]);
  });

  it('reports role problems across files', async () => {
    expect(await loadErrors('errors/roles.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/roles/broken/meta/main.yml:1:1: dependency: unknown key "dependency" in role meta; skprun reads dependencies, allow_duplicates, galaxy_info and collections',
      'test/fixtures/playbooks/errors/roles/broken/tasks/main.yml:2:3: 0/commnd: unknown module "commnd"; did you mean "command"?',
      'test/fixtures/playbooks/errors/roles/loop-b/meta/main.yml:1:16: dependencies/0: role "loop-a" depends on itself (through loop-a -> loop-b)',
      'test/fixtures/playbooks/errors/roles.yml:5:13: play 1/roles/2/role: role name "{{ role_name }}" uses the variable "role_name", which is not defined when the playbook loads: a role name can use play vars, vars_files and extra vars (-e); use include_role to choose the role per host',
      'test/fixtures/playbooks/errors/roles.yml:8:7: play 1/roles/4: a role entry needs role: with the name of the role',
    ]);
  });

  it('reports YAML syntax errors', async () => {
    expect(await loadErrors('errors/syntax.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/syntax.yml:4:16: invalid YAML: a plain value contains ": " or the line below it is indented too far; quote the value or fix the indentation',
    ]);
  });

  it('reports duplicate keys', async () => {
    expect(await loadErrors('errors/duplicate.yml')).to.deep.equal([
      'test/fixtures/playbooks/errors/duplicate.yml:4:5: duplicate key "a": it is also set at line 3, column 5',
    ]);
  });

  it('reports a missing playbook', async () => {
    expect(await loadErrors('nothing-here.yml')).to.deep.equal(['test/fixtures/playbooks/nothing-here.yml: file not found']);
  });

  it('reports a playbook that is not a list', async () => {
    expect(await loadErrors('vars/common.yml')).to.deep.equal([
      'test/fixtures/playbooks/vars/common.yml:1:1: a playbook should be a list of plays, each starting with "- hosts:", but it is not a list',
    ]);
  });
});
