import { expect } from 'chai';
import { shellJoin } from '../../../src/connection/quote.js';
import { PLAIN_DOCKER } from '../../../src/modules/docker/cli.js';
import { parseContainerArgs } from '../../../src/modules/docker/container-args.js';
import {
  containerFacts,
  containerInspectWords,
} from '../../../src/modules/docker/container-facts.js';
import { decideContainer } from '../../../src/modules/docker/container-plan.js';
import { redactedCommand } from '../../../src/modules/docker/plan.js';
import type { InspectObject } from '../../../src/modules/docker/inspect.js';
import { bridgeNetwork, OTHER_IMAGE_ID, registryContainer, registryImage } from './fixtures.js';

/** The task that made registryContainer(). */
const TASK = {
  name: 'registry',
  image: 'registry:2',
  published_ports: ['5000:5000'],
  volumes: ['data:/var/lib/registry'],
  env: { A: '1' },
  restart_policy: 'always',
};

const RUN_FLAGS =
  '--restart always --env A=1 --publish 5000:5000/tcp --volume data:/var/lib/registry';
const RUN = `docker run --detach --name registry ${RUN_FLAGS} registry:2`;
const STOP = 'docker stop registry';
const REMOVE = 'docker rm registry';

interface Case {
  container?: InspectObject;
  image?: InspectObject | null;
  network?: InspectObject;
}

function decide(task: Record<string, unknown>, given: Case = {}) {
  const args = parseContainerArgs(task);
  const objects = [
    given.container,
    given.image === null ? undefined : (given.image ?? registryImage()),
    given.network,
  ];
  const facts = containerFacts(
    args,
    objects.filter((o): o is InspectObject => o !== undefined),
  );
  return decideContainer(PLAIN_DOCKER, args, facts);
}

function lines(plan: ReturnType<typeof decide>): string[] {
  return plan.steps.map((s) => shellJoin(s.argv));
}

function withConfig(change: (container: InspectObject) => void): InspectObject {
  const container = registryContainer();
  change(container);
  return container;
}

describe('docker_container decide', () => {
  it('creates and starts a missing container in one command', () => {
    expect(lines(decide(TASK))).to.deep.equal([RUN]);
  });

  it('creates without starting for state present', () => {
    expect(lines(decide({ ...TASK, state: 'present' }))).to.deep.equal([
      `docker create --name registry ${RUN_FLAGS} registry:2`,
    ]);
  });

  it('leaves a matching running container with a reason', () => {
    const plan = decide(TASK, { container: registryContainer() });
    expect(plan.steps).to.deep.equal([]);
    expect(plan.reason).to.equal('container registry is running with the same settings');
  });

  it('starts a matching stopped container', () => {
    expect(lines(decide(TASK, { container: registryContainer({ running: false }) }))).to.deep.equal(
      ['docker start registry'],
    );
  });

  it('stops a matching running container for state stopped', () => {
    expect(
      lines(decide({ ...TASK, state: 'stopped' }, { container: registryContainer() })),
    ).to.deep.equal([STOP]);
  });

  it('recreates when env differs and says so', () => {
    const plan = decide({ ...TASK, env: { A: '2' } }, { container: registryContainer() });
    expect(lines(plan)).to.deep.equal([STOP, REMOVE, RUN.replace('A=1', 'A=2')]);
    expect(plan.differences.map((d) => d.name)).to.deep.equal(['env']);
    expect(plan.differences[0].summary).to.equal('missing ["A=<hidden>"]');
  });

  it('counts the image env in a strict env comparison', () => {
    const plan = decide(
      { ...TASK, comparisons: { env: 'strict' } },
      { container: registryContainer() },
    );
    expect(plan.steps).to.deep.equal([]);
  });

  it('recreates on an extra variable with strict env', () => {
    const container = withConfig((c) => c.Config.Env.push('B=3'));
    const plan = decide({ ...TASK, comparisons: { env: 'strict' } }, { container });
    expect(plan.differences[0].summary).to.equal('unexpected ["B=<hidden>"]');
  });

  it('recreates when the image id differs', () => {
    const container = withConfig((c) => (c.Image = OTHER_IMAGE_ID));
    const plan = decide(TASK, { container });
    expect(plan.differences.map((d) => d.name)).to.deep.equal(['image']);
    expect(lines(plan)).to.deep.equal([STOP, REMOVE, RUN]);
  });

  it('ignores the image with comparisons image ignore', () => {
    const container = withConfig((c) => (c.Image = OTHER_IMAGE_ID));
    expect(
      decide({ ...TASK, comparisons: { image: 'ignore' } }, { container }).steps,
    ).to.deep.equal([]);
  });

  it('compares the command with the image default when not given', () => {
    const container = withConfig((c) => (c.Config.Cmd = ['/other.yml']));
    const plan = decide(TASK, { container });
    expect(plan.differences.map((d) => [d.name, d.expected, d.actual])).to.deep.equal([
      [
        'command',
        ['registry', 'serve', '/etc/docker/registry/config.yml'],
        ['registry', 'serve', '/other.yml'],
      ],
    ]);
  });

  it('splits a command string as a shell does', () => {
    const plan = decide({ ...TASK, command: "serve '/etc/my config.yml'" });
    expect(lines(plan)[0]).to.equal(
      `docker run --detach --name registry ${RUN_FLAGS} registry:2 serve '/etc/my config.yml'`,
    );
  });

  it('puts further entrypoint words before the command', () => {
    const plan = decide({ ...TASK, entrypoint: ['sh', '-c'], command: ['echo hi'] });
    expect(lines(plan)[0]).to.equal(
      `docker run --detach --name registry ${RUN_FLAGS} --entrypoint sh registry:2 -c 'echo hi'`,
    );
  });

  it('matches a split entrypoint on the next run', () => {
    const container = withConfig((c) => {
      c.Config.Entrypoint = ['sh'];
      c.Config.Cmd = ['-c', 'echo hi'];
    });
    expect(
      decide({ ...TASK, entrypoint: ['sh', '-c'], command: ['echo hi'] }, { container }).steps,
    ).to.deep.equal([]);
  });

  it('recreates when a published port differs', () => {
    const plan = decide(
      { ...TASK, published_ports: ['5001:5000'] },
      { container: registryContainer() },
    );
    expect(plan.differences[0].summary).to.equal('5000/tcp: expected [":5001"], actual [":5000"]');
  });

  it('takes an explicit address equal to the engine default as the same', () => {
    const task = { ...TASK, published_ports: ['127.0.3.51:5000:5000'] };
    expect(
      decide(task, { container: registryContainer(), network: bridgeNetwork() }).steps,
    ).to.deep.equal([]);
  });

  it('takes another explicit address as a difference', () => {
    const task = { ...TASK, published_ports: ['127.0.0.1:5000:5000'] };
    const plan = decide(task, { container: registryContainer(), network: bridgeNetwork() });
    expect(plan.differences[0].summary).to.equal(
      '5000/tcp: expected ["127.0.0.1:5000"], actual ["127.0.3.51:5000"]',
    );
  });

  it('inspects the default bridge for published ports', () => {
    expect(containerInspectWords(parseContainerArgs(TASK))).to.deep.equal([
      'inspect',
      'registry',
      'registry:2',
      'bridge',
    ]);
  });

  it('recreates when a volume differs', () => {
    const plan = decide(
      { ...TASK, volumes: ['data:/var/lib/registry:ro'] },
      { container: registryContainer() },
    );
    expect(plan.differences[0].summary).to.equal('missing ["bind data:/var/lib/registry ro"]');
  });

  it('updates a changed restart policy in place', () => {
    const plan = decide(
      { ...TASK, restart_policy: 'unless-stopped' },
      { container: registryContainer() },
    );
    expect(lines(plan)).to.deep.equal(['docker update --restart unless-stopped registry']);
  });

  it('recreates on labels the container lacks', () => {
    const plan = decide({ ...TASK, labels: { team: 'infra' } }, { container: registryContainer() });
    expect(plan.differences[0].summary).to.equal('team: expected "infra", actual unset');
  });

  it('recreates with recreate even when matching', () => {
    expect(
      lines(decide({ ...TASK, recreate: true }, { container: registryContainer() })),
    ).to.deep.equal([STOP, REMOVE, RUN]);
  });

  it('restarts a matching container with restart', () => {
    expect(
      lines(decide({ ...TASK, restart: true }, { container: registryContainer() })),
    ).to.deep.equal(['docker restart registry']);
  });

  it('kills instead of stopping with force_kill', () => {
    expect(
      lines(
        decide(
          { name: 'registry', state: 'absent', force_kill: true },
          { container: registryContainer() },
        ),
      ),
    ).to.deep.equal(['docker kill registry', REMOVE]);
  });

  it('removes anonymous volumes without keep_volumes', () => {
    const plan = decide(
      { name: 'registry', state: 'absent', keep_volumes: false },
      { container: registryContainer({ running: false }) },
    );
    expect(lines(plan)).to.deep.equal(['docker rm --volumes registry']);
  });

  it('says a missing container is already absent', () => {
    expect(decide({ name: 'registry', state: 'absent' }).reason).to.equal(
      'container registry does not exist',
    );
  });

  it('joins further networks before starting', () => {
    const task = {
      ...TASK,
      networks: [
        { name: 'front', aliases: ['reg'] },
        { name: 'back', ipv4_address: '10.1.0.5' },
      ],
    };
    const create = `docker create --name registry ${RUN_FLAGS} --network front --network-alias reg registry:2`;
    expect(lines(decide(task))).to.deep.equal([
      create,
      'docker network connect --ip 10.1.0.5 back registry',
      'docker start registry',
    ]);
  });

  it('connects a missing network without recreating', () => {
    const container = withConfig((c) => {
      c.HostConfig.NetworkMode = 'front';
      c.NetworkSettings.Networks = { front: { Aliases: ['reg', '5674f552ba1b'] } };
    });
    const task = { ...TASK, networks: [{ name: 'front', aliases: ['reg'] }, { name: 'back' }] };
    expect(lines(decide(task, { container }))).to.deep.equal([
      'docker network connect back registry',
    ]);
  });

  it('recreates when the network mode differs', () => {
    const plan = decide(
      { ...TASK, networks: [{ name: 'front' }] },
      { container: registryContainer() },
    );
    expect(plan.differences.map((d) => [d.name, d.expected, d.actual])).to.deep.equal([
      ['network_mode', 'front', 'bridge'],
    ]);
  });

  it('names an image still to pull as a difference', () => {
    const plan = decide(TASK, { container: registryContainer(), image: null });
    expect(plan.differences.map((d) => d.expected)).to.deep.equal(['registry:2 (not yet pulled)']);
  });

  it('rejects a non-string env value', () => {
    expect(() => parseContainerArgs({ ...TASK, env: { PORT: 5000 } })).to.throw(
      'env.PORT: 5000 is not a string',
    );
  });

  it('rejects creating without an image', () => {
    expect(() => decide({ name: 'registry' })).to.throw(
      'cannot create container registry: image is not given',
    );
  });

  it('takes pull as a boolean or a policy', () => {
    expect(parseContainerArgs({ name: 'x', pull: true }).pull).to.equal('always');
    expect(parseContainerArgs({ name: 'x', pull: 'no' }).pull).to.equal('missing');
    expect(parseContainerArgs({ name: 'x', pull: 'never' }).pull).to.equal('never');
  });
});

describe('docker command redaction', () => {
  it('hides env values in failure messages', () => {
    const argv = ['docker', 'run', '--env', 'TOKEN=s3cret', '--label', 'a=b', 'busybox:latest'];
    expect(redactedCommand(argv)).to.equal(
      "docker run --env 'TOKEN=<hidden>' --label a=b busybox:latest",
    );
  });
});
