import { expect } from 'chai';
import { shellJoin } from '../../../src/connection/quote.js';
import { PLAIN_DOCKER } from '../../../src/modules/docker/cli.js';
import { decideVolume, parseVolumeArgs } from '../../../src/modules/docker/volume-plan.js';
import { nfsVolume } from './fixtures.js';

const NAME = 'volume-registry-skp';
const NFS_OPTIONS = { type: 'nfs', o: 'addr=192.168.0.51,rw', device: ':/srv/volume-registry-skp' };
const CREATE = `docker volume create --driver local --opt type=nfs --opt ${shellJoin(['o=addr=192.168.0.51,rw'])} --opt device=:/srv/volume-registry-skp ${NAME}`;
const REMOVE = `docker volume rm ${NAME}`;

/** Decides for the NFS volume as inspected, or for no volume when `missing` is passed. */
function plan(args: Record<string, unknown>, volume: 'missing' | 'present' = 'present') {
  return decideVolume(
    PLAIN_DOCKER,
    parseVolumeArgs({ name: NAME, ...args }),
    volume === 'present' ? nfsVolume() : undefined,
  );
}

function lines(result: ReturnType<typeof plan>): string[] {
  return result.steps.map((s) => shellJoin(s.argv));
}

describe('docker_volume decide', () => {
  it('creates a missing volume with its options', () => {
    const result = plan({ driver_options: NFS_OPTIONS }, 'missing');
    expect(lines(result)).to.deep.equal([CREATE]);
  });

  it('leaves a matching volume with a reason', () => {
    const result = plan({ driver_options: NFS_OPTIONS });
    expect(result.steps).to.deep.equal([]);
    expect(result.reason).to.equal(`volume ${NAME} exists with the same options`);
  });

  it('names differing options when recreate is never', () => {
    const result = plan({ driver_options: { ...NFS_OPTIONS, o: 'addr=192.168.0.52,rw' } });
    expect(result.steps).to.deep.equal([]);
    expect(result.reason).to.contain('left as it is because recreate is never');
    expect(result.reason).to.contain(
      'driver_options.o (expected "addr=192.168.0.52,rw", actual "addr=192.168.0.51,rw")',
    );
  });

  it('recreates on changed options with options-changed', () => {
    const changed = { ...NFS_OPTIONS, device: ':/srv/other' };
    const result = plan({ driver_options: changed, recreate: 'options-changed' });
    expect(lines(result)[0]).to.equal(REMOVE);
    expect(lines(result)[1]).to.contain('--opt device=:/srv/other');
    expect(result.differences.map((d) => d.name)).to.deep.equal(['driver_options.device']);
  });

  it('keeps a matching volume with options-changed', () => {
    expect(plan({ driver_options: NFS_OPTIONS, recreate: 'options-changed' }).steps).to.deep.equal(
      [],
    );
  });

  it('recreates a matching volume with always', () => {
    expect(lines(plan({ driver_options: NFS_OPTIONS, recreate: 'always' }))).to.deep.equal([
      REMOVE,
      CREATE,
    ]);
  });

  it('compares the driver and the labels the task sets', () => {
    const result = plan({ driver: 'other', labels: { team: 'infra' } });
    expect(result.differences.map((d) => d.name)).to.deep.equal(['driver', 'labels.team']);
  });

  it('ignores options the task does not set', () => {
    expect(plan({ driver_options: { type: 'nfs' } }).steps).to.deep.equal([]);
  });

  it('removes a present volume for state absent', () => {
    expect(lines(plan({ state: 'absent' }))).to.deep.equal([REMOVE]);
  });

  it('says a missing volume is already absent', () => {
    const result = plan({ state: 'absent' }, 'missing');
    expect(result.steps).to.deep.equal([]);
    expect(result.reason).to.equal(`volume ${NAME} does not exist`);
  });

  it('gives before and after of differing settings', () => {
    const result = plan({ driver_options: { o: 'addr=192.168.0.52,rw' } });
    expect(result.diff.before).to.equal('exists: true\ndriver_options.o: addr=192.168.0.51,rw\n');
    expect(result.diff.after).to.equal('exists: true\ndriver_options.o: addr=192.168.0.52,rw\n');
  });

  it('accepts volume_name for name', () => {
    expect(parseVolumeArgs({ volume_name: 'x' }).name).to.equal('x');
  });

  it('rejects name and volume_name together', () => {
    expect(() => parseVolumeArgs({ volume_name: 'x', name: 'y' })).to.throw(
      'volume_name and name are the same option',
    );
  });
});
