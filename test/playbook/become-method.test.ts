import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BECOME_METHODS } from '../../src/connection/become.js';
import { InputErrors } from '../../src/errors.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { becomeMethod } from '../../src/playbook/keyword-schema.js';

describe('become_method at load', () => {
  it('lists the methods the connections implement', () => {
    expect(becomeMethod.enum).to.deep.equal([...BECOME_METHODS]);
  });

  it('rejects an unknown literal method', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'skprun-become-method-')), 'site.yml');
    writeFileSync(file, '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id\n      become_method: doas\n    - command: id\n      become_method: "{{ chosen }}"\n');
    const error = await loadPlaybook(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InputErrors);
    expect((error as InputErrors).errors.map((e) => e.message)).to.deep.equal([
      `${file}:5:22: play 1/tasks/0/become_method: should be one of: sudo, su (found "doas")`,
    ]);
  });
});
