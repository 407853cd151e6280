/**
 * docker_volume's arguments and its decision: from the task and the
 * volume's `docker volume inspect` to the commands that bring it to the
 * requested state, or the reason nothing changes.
 */
import { oneOf, optionalString, requiredString, stringMap, type RawArgs } from './args.js';
import { docker, type DockerCli } from './cli.js';
import {
  describeDifferences,
  difference,
  mappingDifferences,
  settingsDiff,
  type Difference,
} from './differences.js';
import type { InspectObject } from './inspect.js';
import { step, type Plan, type Step } from './plan.js';

export type VolumeRecreate = 'never' | 'always' | 'options-changed';

export interface VolumeArgs {
  name: string;
  state: 'present' | 'absent';
  driver: string;
  driverOptions: Record<string, string>;
  labels?: Record<string, string>;
  recreate: VolumeRecreate;
}

export function parseVolumeArgs(args: RawArgs): VolumeArgs {
  return {
    name: requiredString(args, 'volume_name', ['name']),
    state: oneOf(optionalString(args, 'state'), 'state', ['present', 'absent'], 'present'),
    driver: optionalString(args, 'driver') ?? 'local',
    driverOptions: stringMap(args, 'driver_options') ?? {},
    labels: stringMap(args, 'labels'),
    recreate: oneOf(
      optionalString(args, 'recreate'),
      'recreate',
      ['never', 'always', 'options-changed'],
      'never',
    ),
  };
}

/**
 * Lists the settings that differ, as community.docker compares them: the driver,
 * and each driver option and label the task sets. Options and labels the
 * volume has beyond those do not count.
 */
export function volumeDifferences(args: VolumeArgs, volume: InspectObject): Difference[] {
  const found: Difference[] = [];
  if (args.driver !== volume.Driver) found.push(difference('driver', args.driver, volume.Driver));
  found.push(...mappingDifferences('driver_options', args.driverOptions, volume.Options));
  found.push(...mappingDifferences('labels', args.labels, volume.Labels));
  return found;
}

export function createVolumeArgv(cli: DockerCli, args: VolumeArgs): string[] {
  const argv = docker(cli, 'volume', 'create', '--driver', args.driver);
  for (const [key, value] of Object.entries(args.driverOptions))
    argv.push('--opt', `${key}=${value}`);
  for (const [key, value] of Object.entries(args.labels ?? {}))
    argv.push('--label', `${key}=${value}`);
  argv.push(args.name);
  return argv;
}

function createStep(cli: DockerCli, args: VolumeArgs): Step {
  const what = `volume ${args.name} with driver ${args.driver}`;
  return step(createVolumeArgv(cli, args), `create ${what}`, `created ${what}`);
}

function removeStep(cli: DockerCli, name: string): Step {
  return step(docker(cli, 'volume', 'rm', name), `remove volume ${name}`, `removed volume ${name}`);
}

/** Decides what docker_volume does, given the volume as inspected (or none). */
export function decideVolume(
  cli: DockerCli,
  args: VolumeArgs,
  volume: InspectObject | undefined,
): Plan {
  const exists = volume !== undefined;
  if (args.state === 'absent') {
    const diff = settingsDiff([], { exists }, { exists: false });
    if (!exists)
      return { steps: [], reason: `volume ${args.name} does not exist`, differences: [], diff };
    return { steps: [removeStep(cli, args.name)], reason: '', differences: [], diff };
  }

  if (!exists) {
    const diff = settingsDiff([], { exists: false }, { exists: true });
    return { steps: [createStep(cli, args)], reason: '', differences: [], diff };
  }

  const differences = volumeDifferences(args, volume);
  const diff = settingsDiff(differences, { exists: true }, { exists: true });
  const recreate =
    args.recreate === 'always' || (args.recreate === 'options-changed' && differences.length > 0);
  if (recreate) {
    return {
      steps: [removeStep(cli, args.name), createStep(cli, args)],
      reason: '',
      differences,
      diff,
    };
  }
  if (differences.length > 0) {
    const reason =
      `volume ${args.name} exists with different options, left as it is because recreate is never: ` +
      describeDifferences(differences);
    return { steps: [], reason, differences, diff };
  }
  return {
    steps: [],
    reason: `volume ${args.name} exists with the same options`,
    differences,
    diff,
  };
}
