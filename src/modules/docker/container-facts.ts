/**
 * The facts docker_container reads before deciding: the container, the image the
 * task names, and the network whose default address its ports bind to, all
 * in one `docker inspect`. Docker resolves each name in turn as a
 * container, an image or a network, and leaves out names that match
 * nothing, so each object is recognised by its shape and name.
 */
import type { ContainerArgs } from './container-args.js';
import type { InspectObject } from './inspect.js';

export interface ContainerFacts {
  container?: InspectObject;
  image?: InspectObject;
  /** The host address of ports published without one; undefined when unknown. */
  defaultHostIp?: string;
}

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;

export function isImageId(image: string): boolean {
  return IMAGE_ID.test(image);
}

/** Returns the image reference as docker stores it in RepoTags, with `latest` for a missing tag. */
export function normalizeImageRef(image: string): string {
  if (isImageId(image) || image.includes('@')) return image;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? image : `${image}:latest`;
}

/**
 * Returns the network that decides where ports without an address bind: the one
 * the container runs in. None for host, none or another container's stack.
 */
export function bindingNetwork(args: ContainerArgs): string | undefined {
  if (!args.publishedPorts?.length || args.defaultHostIp !== undefined) return undefined;
  const mode =
    args.networkMode ??
    (args.networksCliCompatible ? args.networks?.[0]?.name : undefined) ??
    'bridge';
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return undefined;
  return mode === 'default' ? 'bridge' : mode;
}

/** Returns the words of the one inspect command (after `docker`). */
export function containerInspectWords(args: ContainerArgs): string[] {
  const words = ['inspect', args.name];
  if (args.image) words.push(normalizeImageRef(args.image));
  const network = bindingNetwork(args);
  if (network) words.push(network);
  return words;
}

function isContainer(object: InspectObject, name: string): boolean {
  return object.State !== undefined && object.Name === `/${name}`;
}

function isImage(object: InspectObject, ref: string): boolean {
  if (!Array.isArray(object.RepoTags) || object.RootFS === undefined) return false;
  return (
    object.Id === ref ||
    (object.RepoTags as string[]).includes(ref) ||
    (object.RepoDigests ?? []).includes(ref)
  );
}

/** Returns the address a network binds published ports to, from its host_binding_ipv4 option. */
function networkDefaultIp(network: InspectObject): string {
  return network.Options?.['com.docker.network.bridge.host_binding_ipv4'] ?? '0.0.0.0';
}

export function containerFacts(args: ContainerArgs, objects: InspectObject[]): ContainerFacts {
  const ref = args.image ? normalizeImageRef(args.image) : undefined;
  const networkName = bindingNetwork(args);
  const network = objects.find((o) => o.IPAM !== undefined && o.Name === networkName);
  return {
    container: objects.find((o) => isContainer(o, args.name)),
    image: ref ? objects.find((o) => isImage(o, ref)) : undefined,
    defaultHostIp: args.defaultHostIp ?? (network ? networkDefaultIp(network) : undefined),
  };
}
