/**
 * `docker inspect` output for the decide tests, trimmed from what a docker
 * 20.10 engine printed for real objects, with overrides per case.
 */
import type { InspectObject } from '../../../src/modules/docker/inspect.js';

export const IMAGE_ID = 'sha256:7cdf211cc516ad147bcf6595fef25b5de27568a2922a38a5df389248a67a0bde';
export const OTHER_IMAGE_ID =
  'sha256:0242dc379c20293f2b5ea8de4140f6c0ead11acedcd8c5da6c9bced29b68e71a';

export function registryImage(): InspectObject {
  return {
    Id: IMAGE_ID,
    RepoTags: ['registry:2'],
    RepoDigests: [],
    RootFS: { Type: 'layers', Layers: [] },
    Config: {
      Env: ['PATH=/bin'],
      Cmd: ['/etc/docker/registry/config.yml'],
      Entrypoint: ['registry', 'serve'],
      ExposedPorts: { '5000/tcp': {} },
      Volumes: { '/var/lib/registry': {} },
      Labels: { 'org.example': 'reg' },
    },
  };
}

/** Returns the container that `docker run -d --name registry -p 5000:5000 -v data:/var/lib/registry -e A=1 --restart always registry:2` makes. */
export function registryContainer(overrides: { running?: boolean } = {}): InspectObject {
  const running = overrides.running ?? true;
  return {
    Id: '5674f552ba1ba291af7404996bb717cdbd260c0c8c7b0e024bdb9e6d5ff4e26e',
    Name: '/registry',
    Image: IMAGE_ID,
    State: { Status: running ? 'running' : 'exited', Running: running },
    Config: {
      Hostname: '5674f552ba1b',
      User: '',
      Env: ['A=1', 'PATH=/bin'],
      Cmd: ['/etc/docker/registry/config.yml'],
      Entrypoint: ['registry', 'serve'],
      Image: 'registry:2',
      ExposedPorts: { '5000/tcp': {} },
      Volumes: { '/var/lib/registry': {} },
      WorkingDir: '',
      Labels: { 'org.example': 'reg' },
    },
    HostConfig: {
      Binds: ['data:/var/lib/registry'],
      NetworkMode: 'default',
      PortBindings: { '5000/tcp': [{ HostIp: '', HostPort: '5000' }] },
      RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
      Privileged: false,
      Mounts: null,
    },
    NetworkSettings: {
      Networks: { bridge: { Aliases: null, IPAMConfig: null } },
    },
  };
}

export function bridgeNetwork(hostIp = '127.0.3.51'): InspectObject {
  return {
    Name: 'bridge',
    Driver: 'bridge',
    IPAM: {
      Driver: 'default',
      Options: null,
      Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }],
    },
    Options: { 'com.docker.network.bridge.host_binding_ipv4': hostIp },
    Containers: {},
  };
}

export function nfsVolume(): InspectObject {
  return {
    Name: 'volume-registry-skp',
    Driver: 'local',
    Labels: null,
    Options: { type: 'nfs', o: 'addr=192.168.0.51,rw', device: ':/srv/volume-registry-skp' },
    Scope: 'local',
  };
}

export function userNetwork(): InspectObject {
  return {
    Name: 'registry-net',
    Driver: 'bridge',
    Scope: 'local',
    EnableIPv6: false,
    Internal: false,
    Attachable: false,
    IPAM: {
      Driver: 'default',
      Options: {},
      Config: [{ Subnet: '10.213.7.0/24', Gateway: '10.213.7.1' }],
    },
    Options: {},
    Labels: { team: 'infra' },
    Containers: {
      abc: { Name: 'registry', IPv4Address: '10.213.7.2/24' },
    },
  };
}
