import { expect } from 'chai';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from '../../src/connection/connection.js';
import { checkArguments } from '../../src/engine/arguments.js';
import template, { renderTemplate, type TemplateArgs } from '../../src/modules/template.js';
import { decodeUtf8, findTemplate, renderTemplateText, templateCandidates } from '../../src/modules/files/template-source.js';
import type { ModuleContext } from '../../src/modules/module.js';
import { connectLabHost } from '../support/lab.js';
import { runId } from './docker/lab-helpers.js';
import { ShellConnection } from './files/shell-connection.js';

// Each expected text is what ansible-core 2.14.18's template module wrote
// for the same template with vars x: true, y: [1, "a"], z: 5.
// prettier-ignore
const renderCases: { name: string; source: string; rendered: string }[] = [
  { name: 'drops the newline after a block tag', source: 'a\n{% if x %}\nyes\n{% endif %}\nend\n', rendered: 'a\nyes\nend\n' },
  { name: 'keeps spaces before a block tag', source: '  {% if x %}\n  in\n  {% endif %}\nA\n', rendered: '    in\n  A\n' },
  { name: 'writes one expression as its string', source: '{{ y }}', rendered: "[1, 'a']" },
  { name: 'keeps every trailing newline', source: 'line {{ z }}\n\n', rendered: 'line 5\n\n' },
  { name: 'turns CRLF in the template into LF', source: 'A\r\nB\r\n', rendered: 'A\nB\n' },
];
const renderVars = { x: true, y: [1, 'a'], z: 5 };

describe('template renderTemplateText', () => {
  for (const c of renderCases) {
    it(c.name, () => {
      expect(renderTemplateText(c.source, renderVars)).to.equal(c.rendered);
    });
  }

  it('writes newline_sequence for each newline', () => {
    expect(renderTemplateText('a\n{% if x %}\nyes\n{% endif %}\nend\n', renderVars, '\r\n')).to.equal('a\r\nyes\r\nend\r\n');
  });
});

describe('template source lookup', () => {
  let dir: string;
  let vars: Record<string, unknown>;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-template-'));
    for (const folder of ['role/templates', 'play/templates']) await mkdir(path.join(dir, folder), { recursive: true });
    await writeFile(path.join(dir, 'role/templates/app.conf.j2'), 'role {{ template_path }} {{ ansible_managed }}\n');
    await writeFile(path.join(dir, 'play/templates/app.conf.j2'), 'play\n');
    await writeFile(path.join(dir, 'play/other.j2'), 'other {{ missing_var }}\n');
    vars = { role_path: path.join(dir, 'role'), playbook_dir: path.join(dir, 'play') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('searches the role, then the playbook folder', () => {
    expect(templateCandidates('a.j2', { role_path: '/r', playbook_dir: '/p' })).to.deep.equal([
      '/r/templates/a.j2',
      '/r/a.j2',
      '/p/templates/a.j2',
      '/p/a.j2',
    ]);
    expect(templateCandidates('/abs/a.j2', { role_path: '/r' })).to.deep.equal(['/abs/a.j2']);
  });

  it('renders the role template with Ansible variables', async () => {
    const rendered = await renderTemplate({ src: 'app.conf.j2', dest: '/etc/app.conf' }, vars);
    expect(rendered).to.deep.include({ text: 'role app.conf.j2 Ansible managed\n' });
  });

  it('falls back to the playbook folder itself', async () => {
    const found = await findTemplate('other.j2', { playbook_dir: path.join(dir, 'play') });
    expect(found).to.include({ file: path.join(dir, 'play/other.j2') });
  });

  it('names every folder it looked in', async () => {
    const problem = await renderTemplate({ src: 'nope.j2', dest: '/x' }, vars);
    expect(problem).to.equal(`could not find template nope.j2 (looked in ${templateCandidates('nope.j2', vars).join(', ')})`);
  });

  it('fails on invalid UTF-8, naming the byte', async () => {
    await writeFile(path.join(dir, 'play/latin.j2'), Buffer.from([0x61, 0xe2, 0x82, 0xac, 0x62, 0xff, 0xfe, 0x0a]));
    const problem = await findTemplate('latin.j2', { playbook_dir: path.join(dir, 'play') });
    expect(problem).to.equal(`template ${path.join(dir, 'play/latin.j2')} is not valid UTF-8: invalid byte sequence at byte 5; save it as UTF-8`);
  });

  it('finds the byte after valid replacement characters', () => {
    expect(decodeUtf8(Buffer.from('\uFFFD ok', 'utf8'))).to.equal('\uFFFD ok');
    expect(decodeUtf8(Buffer.concat([Buffer.from('\uFFFD', 'utf8'), Buffer.from([0xed, 0xa0, 0x80])]))).to.deep.equal({ problem: 'invalid byte sequence at byte 3' });
    expect(decodeUtf8(Buffer.from([0xe2, 0x82]))).to.deep.equal({ problem: 'invalid byte sequence at byte 0' });
  });

  it('names the template an undefined variable is in', async () => {
    const problem = await renderTemplate({ src: 'other.j2', dest: '/x' }, vars);
    expect(problem).to.match(/^rendering .*play\/other\.j2 failed: 'missing_var' is undefined/);
  });
});

describe('template module on local files', () => {
  const conn = new ShellConnection();
  let dir: string;
  let context: (flags?: { check: boolean; diff: boolean }) => ModuleContext;
  const run = (args: TemplateArgs, flags = { check: false, diff: false }) => template.run(args, context(flags));

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-template-'));
    await mkdir(path.join(dir, 'templates'));
    await writeFile(path.join(dir, 'templates/app.conf.j2'), 'port={{ port }}\n');
    await chmod(path.join(dir, 'templates/app.conf.j2'), 0o640);
    let port = 5000;
    context = (flags = { check: false, diff: false }) => ({ conn, flags, hostName: 'local', vars: { playbook_dir: dir, port: port++ } });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes into a folder dest under the template name', async () => {
    await mkdir(path.join(dir, 'out'));
    const result = await run({ src: 'app.conf.j2', dest: path.join(dir, 'out') });
    expect(result.changed).to.equal(true);
    expect(await readFile(path.join(dir, 'out/app.conf.j2'), 'utf8')).to.equal('port=5000\n');
  });

  it('gives the template mode with mode preserve', async () => {
    const dest = path.join(dir, 'app.conf');
    await run({ src: 'app.conf.j2', dest, mode: 'preserve' });
    expect((await stat(dest)).mode & 0o777).to.equal(0o640);
  });

  it('fails for a bad mode before rendering', async () => {
    const result = await run({ src: 'app.conf.j2', dest: path.join(dir, 'x'), mode: 'rwx' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^template: invalid mode "rwx"/);
  });

  it('accepts only the default Jinja2 options', () => {
    expect(checkArguments(template, { src: 'a', dest: '/b', trim_blocks: true, lstrip_blocks: false })).to.deep.equal([]);
    expect(checkArguments(template, { src: 'a', dest: '/b', lstrip_blocks: true })).to.deep.equal(['lstrip_blocks: should be one of false']);
  });
});

describe('template on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  let dir: string;
  const dest = `/etc/skprun-template-${runId}.conf`;
  const run = async (vars: Record<string, unknown>, args: Partial<TemplateArgs> = {}, flags = { check: false, diff: false }) => {
    const full = { src: 'app.conf.j2', dest, ...args };
    const problems = checkArguments(template, full);
    if (problems.length > 0) throw new Error(`invalid arguments for template: ${problems.join('; ')}`);
    return template.run(full as TemplateArgs, { conn, flags, hostName: 'c03', vars: { playbook_dir: dir, ...vars } });
  };
  const content = async () => (await conn.exec(`cat ${dest}`)).stdout;

  before(async () => {
    conn = await connectLabHost('c03');
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-template-lab-'));
    await mkdir(path.join(dir, 'templates'));
    await writeFile(path.join(dir, 'templates/app.conf.j2'), '# {{ ansible_managed }}\n{% for p in ports %}\nlisten {{ p }}\n{% endfor %}\n');
  });
  after(async () => {
    await conn.exec(`rm -f ${dest} ${dest}.*~`);
    await rm(dir, { recursive: true, force: true });
  });

  it('check mode creates nothing', async () => {
    const result = await run({ ports: [80] }, {}, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.deep.include({ before: '', after: '# Ansible managed\nlisten 80\n' });
    expect((await conn.exec(`test -e ${dest}`)).exitCode).to.equal(1);
  });

  it('creates the file, then reports ok', async () => {
    expect((await run({ ports: [80] }, { mode: '0640' })).changed).to.equal(true);
    expect(await content()).to.equal('# Ansible managed\nlisten 80\n');
    expect((await conn.exec(`stat -c %a ${dest}`)).stdout.trim()).to.equal('640');
    const again = await run({ ports: [80] }, { mode: '0640' });
    expect(again.changed).to.equal(false);
    expect(again.msg).to.equal(`${dest} has the same content, mode`);
  });

  it('rewrites the file when a variable changes', async () => {
    const result = await run({ ports: [80, 443] }, { backup: true }, { check: false, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.deep.include({ before: '# Ansible managed\nlisten 80\n' });
    expect(await content()).to.equal('# Ansible managed\nlisten 80\nlisten 443\n');
    expect((await conn.exec(`cat ${result.backup_file as string}`)).stdout).to.equal('# Ansible managed\nlisten 80\n');
  });

  it('keeps a changed file with force false', async () => {
    const result = await run({ ports: [22] }, { force: false });
    expect(result.changed).to.equal(false);
    expect(await content()).to.equal('# Ansible managed\nlisten 80\nlisten 443\n');
  });

  it('fails on a missing template', async () => {
    const result = await run({ ports: [] }, { src: 'missing.j2' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^template: could not find template missing\.j2 \(looked in /);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await run({}, { force: 'sometimes' as never }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('invalid arguments for template: force: should be a boolean, got "sometimes"');
  });

  it('fails on a bad newline_sequence before writing', async () => {
    const result = await run({ ports: [] }, { newline_sequence: '\\n' as never });
    expect(result.msg).to.equal('template: newline_sequence "\\\\n" is invalid: expected one of "\\n", "\\r", "\\r\\n"');
  });
});
