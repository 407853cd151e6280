/**
 * The load-time template check, through loadPlaybook with the real module
 * registry, on playbooks written to a temporary folder.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputErrors } from '../../src/errors.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { templateSourceCandidates } from '../../src/playbook/template-check-sources.js';
import { templateCandidates } from '../../src/modules/files/template-source.js';

let dir: string;

/** Writes files under the test folder, by path relative to it. */
function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Loads `name` from the test folder and returns its error messages, or [] when it loads. */
async function errorsOf(name: string): Promise<string[]> {
  try {
    await loadPlaybook(path.join(dir, name), { rolesPath: [] });
    return [];
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
}

/** Builds a play of the given tasks, written as YAML lines. */
function play(...taskLines: string[]): string {
  return ['- hosts: all', '  gather_facts: false', '  tasks:', ...taskLines].join('\n') + '\n';
}

describe('template check at load', () => {
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-template-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unknown filter at its name, with a suggestion', async () => {
    write({ 'site.yml': play('    - debug:', '        msg: "{{ port | defualt(80) }}"') });
    const file = path.join(dir, 'site.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${file}:5:25: unknown filter "defualt" in "{{ port | defualt(80) }}"; did you mean "default"?`,
    ]);
  });

  it('reports lookup at its name, before any connection', async () => {
    write({ 'site.yml': play('    - debug:', '        msg: "{{ lookup(\'env\', \'HOME\') }}"') });
    const file = path.join(dir, 'site.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${file}:5:18: lookup() is not supported in "{{ lookup('env', 'HOME') }}": skprun has no lookup plugins, so give the value through vars, vars_files or -e`,
    ]);
  });

  it('reports an unknown test in a bare when', async () => {
    write({ 'site.yml': play('    - debug: msg=hi', '      when: result is succeded') });
    const file = path.join(dir, 'site.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${file}:5:23: unknown test "succeded" in "result is succeded"; did you mean "succeeded"?`,
    ]);
  });

  it('reports a syntax error where the parser stopped', async () => {
    write({ 'site.yml': play("    - debug:", "        msg: '{{ a + }}'") });
    const file = path.join(dir, 'site.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${file}:5:22: template syntax error in "{{ a + }}": unexpected token: }}`,
    ]);
  });

  it('reports every problem of a file together', async () => {
    write({
      'site.yml': play(
        '    - name: "show {{ x | to_jsn }}"',
        '      debug:',
        '        var: port | upperr',
        '      changed_when:',
        '        - a is defind',
        '      failed_when: "{{ a }} == 1"',
        '      until: "x |"',
      ),
    });
    const file = path.join(dir, 'site.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${file}:4:26: unknown filter "to_jsn" in "show {{ x | to_jsn }}"; did you mean "to_json"?`,
      `${file}:6:21: unknown filter "upperr" in "port | upperr"; did you mean "upper"?`,
      `${file}:8:16: unknown test "defind" in "a is defind"; did you mean "defined"?`,
      `${file}:9:21: template delimiters are not supported in "{{ a }} == 1", which is a bare ` +
        'expression already: write it without {{ }}, for example "x == 1" rather than "{{ x }} == 1"',
      `${file}:10:18: template syntax error in "x |": expected symbol, got variable-end`,
    ]);
  });

  it('checks play vars, vars_files, notify, handlers and assert', async () => {
    write({
      'site.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  vars:',
        '    url: "{{ host | lowr }}"',
        '  vars_files: [vars.yml]',
        '  tasks:',
        '    - assert:',
        '        that:',
        '          - x is versoin("1.0", ">=")',
        '      notify: "restart {{ name | titel }}"',
        '  handlers:',
        '    - name: "restart {{ name | title }}"',
        '      debug: msg="{{ 1 | nothing }}"',
        '',
      ].join('\n'),
      'vars.yml': 'port: "{{ base | intt }}"\n',
    });
    const site = path.join(dir, 'site.yml');
    const vars = path.join(dir, 'vars.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${site}:4:21: unknown filter "lowr" in "{{ host | lowr }}"; did you mean "lower"?`,
      `${site}:9:18: unknown test "versoin" in "x is versoin(\\"1.0\\", \\">=\\")"; did you mean "version"?`,
      `${site}:10:34: unknown filter "titel" in "restart {{ name | titel }}"; did you mean "title"?`,
      `${site}:13:26: unknown filter "nothing" in "msg=\\"{{ 1 | nothing }}\\""`,
      `${vars}:1:18: unknown filter "intt" in "{{ base | intt }}"; did you mean "int"?`,
    ]);
  });

  it('checks the task file of a role, its when and its template', async () => {
    write({
      'site.yml': ['- hosts: all', '  gather_facts: false', '  roles:', '    - role: web', '      when: x is nmber', ''].join('\n'),
      'roles/web/tasks/main.yml': ['- template:', '    src: app.conf.j2', '    dest: /tmp/app.conf', '  when: "{{ y | boool }}"', ''].join('\n'),
      'roles/web/templates/app.conf.j2': '# app\nlisten {{ port }}\n{% for h in hosts %}\nserver {{ h | lowr }}\n{% endfor %}\n',
    });
    const site = path.join(dir, 'site.yml');
    const tasks = path.join(dir, 'roles/web/tasks/main.yml');
    const template = path.resolve(dir, 'roles/web/templates/app.conf.j2');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${site}:5:18: unknown test "nmber" in "x is nmber"; did you mean "number"?`,
      `${tasks}:4:17: unknown filter "boool" in "{{ y | boool }}"; did you mean "bool"?`,
      `${template}:4:15: unknown filter "lowr"; did you mean "lower"?`,
    ]);
  });

  it('checks a template next to the playbook, with its own line and column', async () => {
    write({
      'site.yml': play('    - template: src=motd.j2 dest=/etc/motd'),
      'templates/motd.j2': 'Hello\n{% if x %}\n{{ x }}\n',
    });
    const template = path.resolve(dir, 'templates/motd.j2');
    expect(await errorsOf('site.yml')).to.deep.equal([
      `${template}:3:8: template syntax error: expected elif, else, or endif, got end of file`,
    ]);
  });

  it('leaves raw blocks, !unsafe values and text without delimiters alone', async () => {
    write({
      'site.yml': play(
        '    - debug:',
        '        msg: "{% raw %}{{ x | nope }}{% endraw %}"',
        '    - debug:',
        '        msg: !unsafe "{{ x | nope }}"',
        '    - debug:',
        '        msg: "a | nope is defind"',
        '      vars:',
        '        unsafe_list: !unsafe ["{{ y | nope }}"]',
        '    - template: src={{ file }} dest=/tmp/x',
      ),
    });
    expect(await errorsOf('site.yml')).to.deep.equal([]);
  });

  it('does not report undefined variables', async () => {
    write({ 'site.yml': play('    - debug:', '        msg: "{{ fact_from_setup.key }}"', '      when: registered_later.rc == 0') });
    expect(await errorsOf('site.yml')).to.deep.equal([]);
  });

  it('points at the start of a block scalar', async () => {
    write({ 'site.yml': play('    - debug:', '        msg: >', '          {{ a | nope }}') });
    const file = path.join(dir, 'site.yml');
    expect(await errorsOf('site.yml')).to.deep.equal([`${file}:5:14: unknown filter "nope" in "{{ a | nope }}\\n"`]);
  });

  it('searches for template sources where the template module does', () => {
    const vars = { role_path: '/r/web', playbook_dir: '/p' };
    for (const src of ['a.j2', 'sub/b.j2', '/abs/c.j2']) {
      expect(templateSourceCandidates(src, '/r/web', '/p')).to.deep.equal(templateCandidates(src, vars));
      expect(templateSourceCandidates(src, undefined, '/p')).to.deep.equal(templateCandidates(src, { playbook_dir: '/p' }));
    }
  });
});

/** Lists every YAML file under `folder` that starts a play. */
function playbooksUnder(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) found.push(...playbooksUnder(file));
    else if (/\.ya?ml$/.test(name) && /^\s*-?\s*(hosts|import_playbook):/m.test(readFileSync(file, 'utf8'))) found.push(file);
  }
  return found;
}

const TEMPLATE_CHECK_MESSAGE = /unknown filter|unknown test|template syntax error|template delimiters|is not supported in|templates cannot load/;

describe('template check on the repository', () => {
  const playbooks = ['playbooks', 'bench', 'test/fixtures', 'roles'].flatMap(playbooksUnder);

  it('finds the repository playbooks', () => {
    expect(playbooks).to.include(path.join('playbooks', 'registry.yml'));
  });

  it('reports nothing in any of them', async () => {
    const reports: string[] = [];
    for (const playbook of playbooks) {
      try {
        await loadPlaybook(playbook);
      } catch (error) {
        if (!(error instanceof InputErrors)) throw error;
        reports.push(...error.errors.map((e) => e.message).filter((message) => TEMPLATE_CHECK_MESSAGE.test(message)));
      }
    }
    expect(reports).to.deep.equal([]);
  });
});
