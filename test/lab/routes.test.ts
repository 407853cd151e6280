import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { LabError, labUp } from '../../src/lab/index.js';
import { describeRoute, overlappingRoutes, subnetsOverlap, type RouteEntry } from '../../src/lab/routes.js';
import { extraLabPrefix, testImageCacheDir, testLabStateDir } from '../support/lab.js';

describe('lab route check', () => {
  // prettier-ignore
  const routes: RouteEntry[] = [
    { dst: 'default', dev: 'eth0' },
    { dst: '192.0.2.0/24', dev: 'eth0' },
    { dst: '10.0.0.0/8', dev: 'tun0' },
    { dst: '10.7.3.4', dev: 'wg0' },
    { dst: '10.7.255.255', type: 'broadcast', dev: 'br0', table: 'local' },
    { type: 'unreachable', dst: '10.7.251.0/24' },
    { dst: '10.8.0.0/24', dev: 'br1' },
  ];

  it('tells overlapping subnets apart', () => {
    expect(subnetsOverlap('10.0.0.0/8', '10.7.0.0/16')).to.equal(true);
    expect(subnetsOverlap('10.7.3.4', '10.7.0.0/16')).to.equal(true);
    expect(subnetsOverlap('10.8.0.0/24', '10.7.0.0/16')).to.equal(false);
    expect(subnetsOverlap('10.6.255.0/24', '10.7.0.0/16')).to.equal(false);
  });

  it('finds routes into the lab subnet, without default or broadcast', () => {
    const found = overlappingRoutes(routes, '10.7.0.0/16').map(describeRoute);
    expect(found).to.deep.equal(['10.0.0.0/8 dev tun0', '10.7.3.4 dev wg0', 'unreachable 10.7.251.0/24']);
  });

  it('finds nothing in a free subnet', () => {
    expect(overlappingRoutes(routes.slice(0, 2), '10.7.0.0/16')).to.deep.equal([]);
  });
});

describe('lab up with a route into its subnet @lab', function () {
  this.timeout(60_000);
  const octet = extraLabPrefix.split('.')[2];
  // An unreachable route sends nothing anywhere; it only makes the subnet taken.
  const route = ['unreachable', `10.${octet}.77.0/24`];

  before(() => {
    execFileSync('ip', ['route', 'add', ...route]);
  });
  after(() => {
    execFileSync('ip', ['route', 'del', ...route]);
  });

  it('fails before making anything, naming the route', async () => {
    const stateDir = testLabStateDir('route-clash');
    const options = { stateDir, hosts: 1, docker: true, skew: {}, addressPrefix: extraLabPrefix, imageCacheDir: testImageCacheDir };
    const error = await labUp(options).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).to.be.instanceOf(LabError);
    expect(error?.message).to.equal(
      `the lab's subnet 10.${octet}.0.0/16 overlaps this machine's routes (unreachable 10.${octet}.77.0/24), ` +
        `which the lab's bridges would hide; pick an address prefix whose last octet is not ${octet}, ` +
        'since 127.a.b uses 10.b.0.0/16',
    );
    expect(existsSync(stateDir)).to.equal(false);
  });
});
