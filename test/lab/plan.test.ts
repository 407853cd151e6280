import { expect } from 'chai';
import { LabError } from '../../src/lab/index.js';
import {
  checkStateDir,
  hostName,
  parseAddressPrefix,
  planBridge,
  planLab,
} from '../../src/lab/plan.js';

const base = {
  stateDir: '/tmp/lab-plan-test/lab',
  hosts: 3,
  docker: true,
  skew: {},
  addressPrefix: '127.0.2',
};

describe('lab plan', () => {
  it('names hosts with two digits', () => {
    expect([1, 9, 10, 99].map(hostName)).to.deep.equal(['c01', 'c09', 'c10', 'c99']);
  });

  it('gives host i the address 50 + i', () => {
    const plan = planLab(base);
    expect(plan.hosts.map((h) => h.address)).to.deep.equal([
      '127.0.2.51',
      '127.0.2.52',
      '127.0.2.53',
    ]);
  });

  it('puts the image cache beside the state folder by default', () => {
    expect(planLab(base).imageCacheDir).to.equal('/tmp/lab-plan-test/lab-image-cache');
    expect(planLab({ ...base, imageCacheDir: '/var/cache/x' }).imageCacheDir).to.equal(
      '/var/cache/x',
    );
  });

  it('plans a bridge and pool per host inside 10.<b>.0.0/16', () => {
    const plan = planLab(base);
    expect(plan.labSubnet).to.equal('10.2.0.0/16');
    expect(plan.hosts[1].bridge).to.deep.equal({
      name: 'skp-0-2-c02',
      address: '10.2.2.1/24',
      pool: '10.2.102.0/24',
      subnets: ['10.2.2.0/24', '10.2.102.0/24'],
      cgroupParent: '/skprun-lab-0-2-c02',
    });
  });

  it('keeps bridge names within the 15 characters Linux allows', () => {
    expect(planBridge([127, 255, 255], 99, 'c99').name).to.have.length.at.most(15);
  });

  it('records the skew of each host', () => {
    const plan = planLab({ ...base, skew: { c02: -30 } });
    expect(plan.hosts.map((h) => h.skewSeconds)).to.deep.equal([0, -30, 0]);
  });

  it('rejects a skew for a host that is not in the lab', () => {
    expect(() => planLab({ ...base, skew: { c04: 10 } })).to.throw(
      LabError,
      /c04, which is not in the lab/,
    );
  });

  it('rejects a skew that is not whole seconds', () => {
    expect(() => planLab({ ...base, skew: { c01: 1.5 } })).to.throw(
      LabError,
      /whole number of seconds/,
    );
  });

  it('rejects host counts outside 1 to 99', () => {
    for (const hosts of [0, 100, 2.5]) {
      expect(() => planLab({ ...base, hosts }), String(hosts)).to.throw(LabError, /host count/);
    }
  });

  it('accepts only prefixes inside 127.0.0.0/8', () => {
    expect(parseAddressPrefix('127.0.3')).to.deep.equal([127, 0, 3]);
    for (const prefix of ['192.168.0', '127.0', '127.0.256', '127.0.0.1']) {
      expect(() => parseAddressPrefix(prefix), prefix).to.throw(LabError, /expected 127/);
    }
  });

  it('rejects state folders the hosts would hide or overlay cannot name', () => {
    expect(() => checkStateDir('relative/lab')).to.throw(LabError, /absolute/);
    expect(() => checkStateDir('/tmp/a,b')).to.throw(LabError, /commas/);
    expect(() => checkStateDir('/run/lab')).to.throw(LabError, /under \/run/);
    expect(() => checkStateDir('/var/lib/docker/lab')).to.throw(
      LabError,
      /under \/var\/lib\/docker/,
    );
    expect(() => checkStateDir('/etc')).to.throw(LabError, /under \/etc/);
    expect(() => checkStateDir('/etcetera/lab')).not.to.throw();
  });
});
