/**
 * docker_container's decision: from the task and the `docker inspect`
 * output to the commands that bring the container to the requested state,
 * or the reason nothing changes. A container is recreated only when a
 * compared setting differs or `recreate` is set. As community.docker does,
 * a restart policy is updated in place and networks are reconnected in
 * place.
 */
import { ArgumentError } from './args.js';
import { docker, type DockerCli } from './cli.js';
import type { ContainerArgs } from './container-args.js';
import {
  createContainerArgv,
  extraNetworks,
  removeArgv,
  stopArgv,
  updateRestartArgv,
} from './container-commands.js';
import { configDifferences } from './comparisons.js';
import { containerChecks } from './container-compare.js';
import { normalizeImageRef, type ContainerFacts } from './container-facts.js';
import { connectSteps, networkChanges } from './container-networks.js';
import { difference, settingsDiff, type Difference } from './differences.js';
import type { InspectObject } from './inspect.js';
import { step, type Plan, type Step } from './plan.js';

export interface ContainerPlan extends Plan {
  /** Whether the plan starts the container, so that `detach: false` waits for it. */
  starts: boolean;
}

function isRunning(container: InspectObject): boolean {
  return Boolean(container.State?.Running);
}

function stopStep(cli: DockerCli, args: ContainerArgs): Step {
  const verb = args.forceKill ? 'kill' : 'stop';
  return step(
    stopArgv(cli, args),
    `${verb} container ${args.name}`,
    `${verb === 'kill' ? 'killed' : 'stopped'} container ${args.name}`,
  );
}

function removeStep(cli: DockerCli, args: ContainerArgs): Step {
  return step(
    removeArgv(cli, args),
    `remove container ${args.name}`,
    `removed container ${args.name}`,
  );
}

function startStep(cli: DockerCli, args: ContainerArgs): Step {
  return step(
    docker(cli, 'start', args.name),
    `start container ${args.name}`,
    `started container ${args.name}`,
  );
}

/** Builds the steps that create the container, join its further networks and start it for state started. */
function createSteps(cli: DockerCli, args: ContainerArgs, image: string): Step[] {
  const start = args.state === 'started';
  const extra = extraNetworks(args);
  const what = `container ${args.name} from image ${image}`;
  // One `docker run -d` when nothing must happen between creating and starting.
  if (start && args.detach && extra.length === 0) {
    return [
      step(
        createContainerArgv(cli, args, image, true),
        `create and start ${what}`,
        `created and started ${what}`,
      ),
    ];
  }
  const create = step(
    createContainerArgv(cli, args, image, false),
    `create ${what}`,
    `created ${what}`,
  );
  return [create, ...connectSteps(cli, args, extra), ...(start ? [startStep(cli, args)] : [])];
}

function decideAbsent(
  cli: DockerCli,
  args: ContainerArgs,
  container: InspectObject | undefined,
): ContainerPlan {
  const diff = settingsDiff([], { exists: container !== undefined }, { exists: false });
  if (!container)
    return {
      steps: [],
      reason: `container ${args.name} does not exist`,
      differences: [],
      diff,
      starts: false,
    };
  const steps = [...(isRunning(container) ? [stopStep(cli, args)] : []), removeStep(cli, args)];
  return { steps, reason: '', differences: [], diff, starts: false };
}

function decideNew(cli: DockerCli, args: ContainerArgs): ContainerPlan {
  if (!args.image)
    throw new ArgumentError(`cannot create container ${args.name}: image is not given`);
  const steps = createSteps(cli, args, normalizeImageRef(args.image));
  const diff = settingsDiff(
    [],
    { exists: false, running: false },
    { exists: true, running: args.state === 'started' },
  );
  return { steps, reason: '', differences: [], diff, starts: args.state === 'started' };
}

/** Differences that need a new container; an image still to be pulled is one. */
function recreateReasons(
  args: ContainerArgs,
  facts: ContainerFacts,
  container: InspectObject,
  envFile: Record<string, string>,
) {
  const found = configDifferences(
    containerChecks(args, facts, container, envFile),
    args.comparisons,
  );
  if (args.image && !facts.image && args.comparisons.image !== 'ignore') {
    found.recreate.unshift(
      difference('image', `${normalizeImageRef(args.image)} (not yet pulled)`, container.Image),
    );
  }
  return found;
}

/** Builds the steps that bring a matching container to the requested run state. */
function runStateSteps(cli: DockerCli, args: ContainerArgs, running: boolean): Step[] {
  if (args.state === 'started' && !running) return [startStep(cli, args)];
  if (args.state === 'started' && args.restart) {
    return [
      step(
        docker(cli, 'restart', args.name),
        `restart container ${args.name}`,
        `restarted container ${args.name}`,
      ),
    ];
  }
  if (args.state === 'stopped' && running) return [stopStep(cli, args)];
  return [];
}

function sameReason(args: ContainerArgs, container: InspectObject): string {
  const status = isRunning(container)
    ? 'is running'
    : `exists (${container.State?.Status ?? 'stopped'})`;
  return `container ${args.name} ${status} with the same settings`;
}

function decideExisting(
  cli: DockerCli,
  args: ContainerArgs,
  facts: ContainerFacts,
  container: InspectObject,
  envFile: Record<string, string>,
): ContainerPlan {
  const running = isRunning(container);
  const found = recreateReasons(args, facts, container, envFile);
  const runningAfter =
    args.state === 'started' ||
    (args.state === 'present' && running && found.recreate.length === 0 && !args.recreate);

  if (found.recreate.length > 0 || args.recreate) {
    const differences: Difference[] = [...found.recreate, ...found.update];
    const image = args.image
      ? normalizeImageRef(args.image)
      : String(container.Config?.Image ?? container.Image);
    const steps = [
      ...(running ? [stopStep(cli, args)] : []),
      removeStep(cli, args),
      ...createSteps(cli, args, image),
    ];
    const diff = settingsDiff(
      differences,
      { exists: true, running },
      { exists: true, running: runningAfter },
    );
    return { steps, reason: '', differences, diff, starts: args.state === 'started' };
  }

  const networks = networkChanges(cli, args, container);
  const update =
    found.update.length > 0
      ? [
          step(
            updateRestartArgv(cli, args),
            `update restart policy of container ${args.name}`,
            `updated restart policy of container ${args.name}`,
          ),
        ]
      : [];
  const runState = runStateSteps(cli, args, running);
  const differences = [...found.update, ...networks.differences];
  const diff = settingsDiff(
    differences,
    { exists: true, running },
    { exists: true, running: runningAfter },
  );
  const steps = [...update, ...networks.steps, ...runState];
  return {
    steps,
    reason: sameReason(args, container),
    differences,
    diff,
    starts: runState.length > 0 && args.state === 'started',
  };
}

/**
 * Decides what docker_container does. `envFile` contains the variables of
 * `env_file` as read on the host, so that they count in the comparison.
 */
export function decideContainer(
  cli: DockerCli,
  args: ContainerArgs,
  facts: ContainerFacts,
  envFile: Record<string, string> = {},
): ContainerPlan {
  if (args.state === 'absent') return decideAbsent(cli, args, facts.container);
  if (!facts.container) return decideNew(cli, args);
  return decideExisting(cli, args, facts, facts.container, envFile);
}
