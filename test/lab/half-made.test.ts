import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { labDown, labStatus, labUp, type LabStatus } from '../../src/lab/index.js';
import { extraLabPrefix, testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { killLabUpAt } from './kill-lab-up.js';

const throwingLog = () => {
  throw new Error('write EPIPE');
};

describe('lab with a broken log or a killed lab up @lab', function () {
  this.timeout(180_000);

  it('finishes labUp and labDown when the log throws', async () => {
    const stateDir = testLabStateDir('throwing-log');
    const lab = await labUp({ stateDir, hosts: 1, docker: false, skew: {}, addressPrefix: extraLabPrefix, log: throwingLog });
    try {
      expect((await labStatus(stateDir)).phase).to.equal('up');
      expect(existsSync(lab.inventoryFile)).to.equal(true);
      expect(existsSync(lab.knownHostsFile)).to.equal(true);
    } finally {
      await labDown(stateDir, throwingLog);
    }
    expect(existsSync(stateDir)).to.equal(false);
  });

  it('reports a lab still starting', async () => {
    const stateDir = testLabStateDir('starting');
    let during: Promise<LabStatus> | undefined;
    const log = (line: string) => {
      if (/^c01: sshd up/.test(line)) during ??= labStatus(stateDir);
    };
    await labUp({ stateDir, hosts: 1, docker: true, skew: {}, addressPrefix: extraLabPrefix, imageCacheDir: testImageCacheDir, log });
    try {
      const status = await during;
      expect(status?.phase).to.equal('starting');
      expect(status?.labUpRunning).to.equal(true);
      expect((await labStatus(stateDir)).phase).to.equal('up');
    } finally {
      await labDown(stateDir);
    }
  });

  it('reports a lab whose labUp was killed as incomplete', async () => {
    const stateDir = testLabStateDir('incomplete');
    await killLabUpAt(stateDir, /c01: sshd up/, { hosts: 1, docker: true });
    try {
      const status = await labStatus(stateDir);
      expect(status.phase).to.equal('starting');
      expect(status.labUpRunning).to.equal(false);
      expect(status.running.c01.sshd).to.equal(true);
      expect(existsSync(status.state!.inventoryFile)).to.equal(false);
    } finally {
      await labDown(stateDir);
    }
  });
});
