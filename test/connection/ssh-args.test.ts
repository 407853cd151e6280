import { expect } from 'chai';
import { parseSshArgs, proxyCommandToJump, SshArgsError } from '../../src/connection/ssh-args.js';

describe('parseSshArgs', () => {
  it('reads -o in its spellings, and -i, -p, -l, -J, -F', () => {
    const args = parseSshArgs('-o Port=2200 -oUser=ops -o "ProxyJump jump" -i key -p 2201 -l root -J j2 -F cfg -q');
    expect(args.options.get('port')).to.deep.equal(['2200']);
    expect(args.options.get('user')).to.deep.equal(['ops']);
    expect(args.options.get('proxyjump')).to.deep.equal(['jump']);
    expect(args).to.include({ port: '2201', user: 'root', jump: 'j2', configFile: 'cfg' });
    expect(args.identityFiles).to.deep.equal(['key']);
  });

  it('accepts connection sharing options, which change nothing here', () => {
    expect(parseSshArgs('-o ControlMaster=auto -o ControlPersist=60s').options.size).to.equal(0);
  });

  it('rejects options it cannot honour, by name', () => {
    expect(() => parseSshArgs('-o ForwardAgent=yes')).to.throw(SshArgsError, 'ssh option ForwardAgent is not supported');
    expect(() => parseSshArgs('-A')).to.throw(SshArgsError, 'ssh argument -A is not supported');
    expect(() => parseSshArgs('-o')).to.throw(SshArgsError, 'ssh argument -o needs a value');
  });
});

describe('proxyCommandToJump', () => {
  it('reads the ssh -W form', () => {
    expect(proxyCommandToJump('ssh -W %h:%p -q bastion')).to.deep.equal({ jump: 'bastion', identityFiles: [] });
    expect(proxyCommandToJump('/usr/bin/ssh -i k -l ops -p 22 -W %h:%p b')).to.deep.equal({ jump: 'ops@b:22', identityFiles: ['k'] });
  });

  it('rejects any other proxy command', () => {
    expect(() => proxyCommandToJump('nc -X connect %h %p')).to.throw(SshArgsError, 'only "ssh -W %h:%p [USER@]HOST" is');
    expect(() => proxyCommandToJump('ssh bastion nc %h %p')).to.throw(SshArgsError);
  });
});
