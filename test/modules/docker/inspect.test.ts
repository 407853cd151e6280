import { expect } from 'chai';
import type { Connection, ExecResult } from '../../../src/connection/connection.js';
import { PLAIN_DOCKER } from '../../../src/modules/docker/cli.js';
import { inspectObjects } from '../../../src/modules/docker/inspect.js';

/** A connection that returns one fixed result and records the command lines it was given. */
function fakeConnection(result: ExecResult): Connection & { commands: string[] } {
  const commands: string[] = [];
  return {
    hostName: 'c01',
    commands,
    exec: async (command: string) => {
      commands.push(command);
      return result;
    },
    close: async () => {},
  };
}

describe('docker inspect fact', () => {
  it('returns the objects found and leaves out missing names', async () => {
    const conn = fakeConnection({
      stdout: '[{"Name":"/web"}]\n',
      stderr: 'Error: No such object: busybox:latest\n',
      exitCode: 1,
    });
    const found = await inspectObjects(conn, PLAIN_DOCKER, ['inspect', 'web', 'busybox:latest']);
    expect(found).to.deep.equal([{ Name: '/web' }]);
    expect(conn.commands).to.deep.equal(['docker inspect web busybox:latest']);
  });

  it('reads a missing volume as none', async () => {
    const stderr = 'Error response from daemon: get data: no such volume\n';
    const conn = fakeConnection({ stdout: '[]\n', stderr, exitCode: 1 });
    expect(await inspectObjects(conn, PLAIN_DOCKER, ['volume', 'inspect', 'data'])).to.deep.equal(
      [],
    );
  });

  it('raises when the daemon is unreachable', async () => {
    const stderr =
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';
    const conn = fakeConnection({ stdout: '[]\n', stderr, exitCode: 1 });
    const error = await inspectObjects(conn, PLAIN_DOCKER, ['inspect', 'web']).catch(
      (e: Error) => e,
    );
    expect(String(error)).to.contain('Cannot connect to the Docker daemon');
  });

  it('raises when docker is not installed', async () => {
    const conn = fakeConnection({
      stdout: '',
      stderr: 'sh: 1: docker: not found\n',
      exitCode: 127,
    });
    const error = await inspectObjects(conn, PLAIN_DOCKER, ['inspect', 'web']).catch(
      (e: Error) => e,
    );
    expect(String(error)).to.contain('exit status 127: command not found');
  });
});
