/** Bad `skprun adhoc -a` text: input errors (exit 4) that name -a, before any host is contacted. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAdhocTask } from '../../src/cli/adhoc-command.js';
import { InputError } from '../../src/errors.js';
import { findModuleSpec } from '../../src/modules/registry.js';
import { runSkprun } from '../support/run-skprun.js';

function build(moduleName: string, text: string) {
  const module = findModuleSpec(moduleName);
  if (!module) throw new Error(`test setup: no module ${moduleName}`);
  return () => buildAdhocTask(module, moduleName, text);
}

describe('buildAdhocTask bad text', () => {
  it('rejects an unclosed {{ as input', () => {
    expect(build('debug', 'msg={{ inventory_hostname')).to.throw(InputError, '-a: the {{ at column 5 of the arguments has no closing }}');
  });

  it('rejects an unclosed quote as input', () => {
    expect(build('debug', "msg='abc")).to.throw(InputError, "-a: the ' quote at column 5 of the arguments has no closing '");
    expect(build('command', 'echo "abc')).to.throw(InputError, '-a: the " quote at column 6');
  });

  it('rejects an unclosed {% as input', () => {
    expect(build('debug', 'msg={% if x')).to.throw(InputError, '-a: the {% at column 5 of the arguments has no closing %}');
  });
});

describe('skprun adhoc bad -a', function () {
  this.timeout(30_000);
  let dir: string;
  let inventory: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-adhoc-input-'));
    inventory = path.join(dir, 'hosts.yml');
    writeFileSync(inventory, 'all:\n  hosts:\n    c01:\n      ansible_connection: local\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports unbalanced {{ without a crash log', async () => {
    const result = await runSkprun(['adhoc', '-i', inventory, 'c01', '-m', 'debug', '-a', 'msg={{ inventory_hostname']);
    expect(result.status).to.equal(4);
    expect(result.stderr).to.contain('-a: the {{ at column 5 of the arguments has no closing }}');
    expect(result.stderr).not.to.contain('internal error');
    expect(result.stderr).not.to.contain('crash');
  });

  it('says copy needs src or content', async () => {
    const result = await runSkprun(['adhoc', '-i', inventory, 'c01', '-m', 'copy', '-a', 'dest=/root/x']);
    expect(result.status).to.equal(4);
    expect(result.stderr.trim()).to.equal('ERROR: -a: invalid arguments for copy: needs one of the arguments "content" or "src"');
  });

  it('says copy takes src or content, not both', async () => {
    const result = await runSkprun(['adhoc', '-i', inventory, 'c01', '-m', 'copy', '-a', 'dest=/root/x src=a content=b']);
    expect(result.status).to.equal(4);
    expect(result.stderr).to.contain('copy: takes only one of the arguments "content" or "src", but has more than one');
  });
});
