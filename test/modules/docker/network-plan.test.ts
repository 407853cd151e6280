import { expect } from 'chai';
import { shellJoin } from '../../../src/connection/quote.js';
import { PLAIN_DOCKER } from '../../../src/modules/docker/cli.js';
import { parseNetworkArgs } from '../../../src/modules/docker/network-args.js';
import { decideNetwork } from '../../../src/modules/docker/network-plan.js';
import { userNetwork } from './fixtures.js';

const NAME = 'registry-net';
const POOL = { subnet: '10.213.7.0/24', gateway: '10.213.7.1' };
const CREATE = `docker network create --driver bridge --subnet 10.213.7.0/24 --gateway 10.213.7.1 --label team=infra ${NAME}`;
const REMOVE = `docker network rm ${NAME}`;
const DISCONNECT = `docker network disconnect ${NAME} registry`;
const CONNECT = `docker network connect ${NAME} registry`;

function plan(args: Record<string, unknown>, network: 'missing' | 'present' = 'present') {
  const parsed = parseNetworkArgs({
    name: NAME,
    ipam_config: [POOL],
    labels: { team: 'infra' },
    ...args,
  });
  return decideNetwork(PLAIN_DOCKER, parsed, network === 'present' ? userNetwork() : undefined);
}

function lines(result: ReturnType<typeof plan>): string[] {
  return result.steps.map((s) => shellJoin(s.argv));
}

describe('docker_network decide', () => {
  it('creates a missing network', () => {
    expect(lines(plan({}, 'missing'))).to.deep.equal([CREATE]);
  });

  it('leaves a matching network with a reason', () => {
    const result = plan({});
    expect(result.steps).to.deep.equal([]);
    expect(result.reason).to.equal(`network ${NAME} exists with the same settings`);
  });

  it('recreates on another subnet and reconnects its containers', () => {
    const result = plan({ ipam_config: [{ subnet: '10.213.8.0/24' }] });
    const create = `docker network create --driver bridge --subnet 10.213.8.0/24 --label team=infra ${NAME}`;
    expect(lines(result)).to.deep.equal([DISCONNECT, REMOVE, create, CONNECT]);
    expect(result.differences.map((d) => [d.name, d.expected, d.actual])).to.deep.equal([
      ['ipam_config[0].subnet', '10.213.8.0/24', '10.213.7.0/24'],
    ]);
  });

  it('recreates on a changed flag', () => {
    const result = plan({ internal: true });
    expect(result.differences.map((d) => d.name)).to.deep.equal(['internal']);
    expect(lines(result)[2]).to.contain('--internal');
  });

  it('recreates with force even when matching', () => {
    expect(lines(plan({ force: true }))).to.deep.equal([DISCONNECT, REMOVE, CREATE, CONNECT]);
  });

  it('connects listed containers and drops others', () => {
    const result = plan({ connected: ['web'] });
    expect(lines(result)).to.deep.equal([`docker network connect ${NAME} web`, DISCONNECT]);
  });

  it('keeps other containers with appends', () => {
    expect(lines(plan({ connected: ['web'], appends: true }))).to.deep.equal([
      `docker network connect ${NAME} web`,
    ]);
  });

  it('removes a network for state absent', () => {
    expect(lines(plan({ state: 'absent' }))).to.deep.equal([REMOVE]);
  });

  it('disconnects containers first with force', () => {
    expect(lines(plan({ state: 'absent', force: true }))).to.deep.equal([DISCONNECT, REMOVE]);
  });

  it('says a missing network is already absent', () => {
    expect(plan({ state: 'absent' }, 'missing').reason).to.equal(`network ${NAME} does not exist`);
  });

  it('rejects a pool without a valid subnet', () => {
    expect(() => parseNetworkArgs({ name: NAME, ipam_config: [{ gateway: '10.0.0.1' }] })).to.throw(
      'ipam_config[0].subnet: null is not a valid CIDR',
    );
  });
});
