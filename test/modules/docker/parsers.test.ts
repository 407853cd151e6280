import { expect } from 'chai';
import { bindKey } from '../../../src/modules/docker/binds.js';
import { dockerCliFromArgs } from '../../../src/modules/docker/cli.js';
import { parseEnvFile } from '../../../src/modules/docker/env-file.js';
import { normalizeImageRef } from '../../../src/modules/docker/container-facts.js';
import { parsePublishedPort, publishFlag } from '../../../src/modules/docker/ports.js';
import { splitShellWords } from '../../../src/modules/docker/shell-words.js';

describe('published_ports parsing', () => {
  // prettier-ignore
  const cases: [string, { containerPort: string; hostIp: string; hostPort: string }[]][] = [
    ['5000', [{ containerPort: '5000/tcp', hostIp: '', hostPort: '' }]],
    ['5000/udp', [{ containerPort: '5000/udp', hostIp: '', hostPort: '' }]],
    ['9000:5000', [{ containerPort: '5000/tcp', hostIp: '', hostPort: '9000' }]],
    ['127.0.0.1:5000:5000', [{ containerPort: '5000/tcp', hostIp: '127.0.0.1', hostPort: '5000' }]],
    ['127.0.0.1::5000', [{ containerPort: '5000/tcp', hostIp: '127.0.0.1', hostPort: '' }]],
    ['[::1]:80:8080/tcp', [{ containerPort: '8080/tcp', hostIp: '::1', hostPort: '80' }]],
    ['8000-8010:80', [{ containerPort: '80/tcp', hostIp: '', hostPort: '8000-8010' }]],
    ['7000-7001:8000-8001', [
      { containerPort: '8000/tcp', hostIp: '', hostPort: '7000' },
      { containerPort: '8001/tcp', hostIp: '', hostPort: '7001' },
    ]],
  ];
  for (const [spec, expected] of cases) {
    it(`reads ${spec}`, () => expect(parsePublishedPort(spec)).to.deep.equal(expected));
  }

  it('writes flags docker reads back the same', () => {
    const flags = ['5000', '9000:5000', '127.0.0.1::5000', '[::1]:80:8080']
      .flatMap(parsePublishedPort)
      .map(publishFlag);
    expect(flags).to.deep.equal([
      '5000/tcp',
      '9000:5000/tcp',
      '127.0.0.1::5000/tcp',
      '[::1]:80:8080/tcp',
    ]);
  });

  it('rejects ranges of different lengths', () => {
    expect(() => parsePublishedPort('7000-7002:8000-8001')).to.throw(
      'host and container ranges differ in length',
    );
  });

  it('rejects an IPv6 address without brackets', () => {
    expect(() => parsePublishedPort('::1:80:80')).to.throw('put an IPv6 address in brackets');
  });
});

describe('volumes keys', () => {
  // prettier-ignore
  const cases: [string, string][] = [
    ['data:/var/lib/registry', 'bind data:/var/lib/registry'],
    ['data:/var/lib/registry:rw', 'bind data:/var/lib/registry'],
    ['/srv/x/:/x:ro', 'bind /srv/x:/x ro'],
    ['/cache', 'anonymous /cache'],
    ['/cache:ro', 'anonymous /cache'],
  ];
  for (const [spec, key] of cases) {
    it(`reads ${spec}`, () => expect(bindKey(spec)).to.equal(key));
  }
});

describe('command splitting', () => {
  // prettier-ignore
  const cases: [string, string[]][] = [
    ['serve /etc/config.yml', ['serve', '/etc/config.yml']],
    [`sh -c 'echo "a b"'`, ['sh', '-c', 'echo "a b"']],
    ['echo "a \\"b\\"" c\\ d', ['echo', 'a "b"', 'c d']],
    ["''", ['']],
  ];
  for (const [text, words] of cases) {
    it(`splits ${text}`, () => expect(splitShellWords(text, 'command')).to.deep.equal(words));
  }

  it('rejects an unclosed quote', () => {
    expect(() => splitShellWords("echo 'a", 'command')).to.throw("command: unclosed ' in");
  });
});

describe('image references', () => {
  it('adds latest to an untagged name', () =>
    expect(normalizeImageRef('busybox')).to.equal('busybox:latest'));
  it('keeps a registry port apart from a tag', () =>
    expect(normalizeImageRef('127.0.0.1:5000/app')).to.equal('127.0.0.1:5000/app:latest'));
  it('keeps a tag', () => expect(normalizeImageRef('registry:2')).to.equal('registry:2'));
  it('keeps a digest', () =>
    expect(normalizeImageRef('app@sha256:abc')).to.equal('app@sha256:abc'));
});

describe('env file parsing', () => {
  it('reads KEY=value lines and skips the rest', () => {
    const content = '# comment\n\nA=1\n  B=two words\nBARE\nC=x=y\r\n';
    expect(parseEnvFile(content)).to.deep.equal({ A: '1', B: 'two words', C: 'x=y' });
  });
});

describe('docker connection options', () => {
  it('turns them into global flags', () => {
    const cli = dockerCliFromArgs({
      docker_host: 'tcp://127.0.0.1:2376',
      validate_certs: true,
      ca_cert: '/etc/docker/ca.pem',
      client_cert: '/etc/docker/cert.pem',
      client_key: '/etc/docker/key.pem',
      timeout: 30,
    });
    const flags = [
      '-H',
      'tcp://127.0.0.1:2376',
      '--tlsverify',
      '--tlscacert',
      '/etc/docker/ca.pem',
    ];
    expect(cli.prefix).to.deep.equal([
      'docker',
      ...flags,
      '--tlscert',
      '/etc/docker/cert.pem',
      '--tlskey',
      '/etc/docker/key.pem',
    ]);
    expect(cli.timeoutMs).to.equal(30_000);
  });

  it('sets the API version through the environment', () => {
    expect(dockerCliFromArgs({ api_version: '1.41' }).prefix).to.deep.equal([
      'env',
      'DOCKER_API_VERSION=1.41',
      'docker',
    ]);
    expect(dockerCliFromArgs({ api_version: 'auto' }).prefix).to.deep.equal(['docker']);
  });

  it('uses plain TLS only without validate_certs', () => {
    expect(dockerCliFromArgs({ tls: 'yes' }).prefix).to.deep.equal(['docker', '--tls']);
  });
});
