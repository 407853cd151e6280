import { expect } from 'chai';
import { Ajv } from 'ajv';
import dockerContainer from '../../src/modules/docker-container.js';
import dockerNetwork from '../../src/modules/docker-network.js';
import dockerVolume from '../../src/modules/docker-volume.js';
import type { ModuleDefinition } from '../../src/modules/module.js';

// The engine's options, but strict, so that a mistake in a schema shows. The
// name-or-alias requirement names properties outside its own branch, which
// strictRequired would reject although ajv reads it as meant.
const ajv = new Ajv({
  allErrors: true,
  coerceTypes: true,
  useDefaults: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
});

function errorsOf(module: ModuleDefinition<any>, args: Record<string, unknown>): string[] {
  const validate = ajv.compile(module.schema);
  if (validate(args)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

describe('docker module schemas', () => {
  for (const module of [dockerVolume, dockerNetwork, dockerContainer]) {
    it(`${module.name} compiles in strict mode`, () => {
      expect(() => ajv.compile(module.schema)).not.to.throw();
    });

    it(`${module.name} answers to its community.docker name`, () => {
      expect(module.aliases).to.include(`community.docker.${module.name}`);
      expect(module.idempotent).to.equal(true);
    });
  }

  it('accepts a registry task', () => {
    const task = {
      name: 'registry',
      image: 'registry:2',
      restart_policy: 'always',
      published_ports: ['5000:5000'],
      volumes: ['volume-registry-skp:/var/lib/registry'],
      env: { REGISTRY_STORAGE_DELETE_ENABLED: 'true' },
    };
    expect(errorsOf(dockerContainer, task)).to.deep.equal([]);
  });

  it('rejects an unknown container option', () => {
    const errors = errorsOf(dockerContainer, {
      name: 'x',
      image: 'busybox',
      restart_polcy: 'always',
    });
    expect(errors).to.deep.equal([
      '/ must NOT have additional properties {"additionalProperty":"restart_polcy"}',
    ]);
  });

  it('rejects a restart policy outside the choices', () => {
    const errors = errorsOf(dockerContainer, { name: 'x', restart_policy: 'sometimes' });
    expect(errors[0]).to.contain('/restart_policy must be equal to one of the allowed values');
  });

  it('rejects a container without a name', () => {
    expect(errorsOf(dockerContainer, { image: 'busybox' })[0]).to.contain(
      "must have required property 'name'",
    );
  });

  it('takes a port number as a string', () => {
    const args: Record<string, unknown> = { name: 'x', published_ports: [5000] };
    expect(errorsOf(dockerContainer, args)).to.deep.equal([]);
    expect(args.published_ports).to.deep.equal(['5000']);
  });

  it('accepts yes as a boolean', () => {
    expect(errorsOf(dockerContainer, { name: 'x', privileged: 'yes' })).to.deep.equal([]);
  });

  it('rejects a recreate outside the choices', () => {
    const errors = errorsOf(dockerVolume, { name: 'data', recreate: 'yes' });
    expect(errors[0]).to.contain('/recreate must be equal to one of the allowed values');
  });

  it('rejects a volume without a name', () => {
    expect(errorsOf(dockerVolume, { driver: 'local' }).join('\n')).to.contain(
      "must have required property 'volume_name'",
    );
  });

  it('rejects an unknown key in an ipam pool', () => {
    const errors = errorsOf(dockerNetwork, {
      name: 'n',
      ipam_config: [{ subnet: '10.0.0.0/24', ip_range: '10.0.0.0/25' }],
    });
    expect(errors).to.deep.equal([
      '/ipam_config/0 must NOT have additional properties {"additionalProperty":"ip_range"}',
    ]);
  });

  it('rejects a driver option that is a mapping', () => {
    const errors = errorsOf(dockerVolume, { name: 'data', driver_options: { o: { addr: 'x' } } });
    expect(errors[0]).to.contain('/driver_options/o must be string,number,boolean,null');
  });
});
