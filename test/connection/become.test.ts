import { expect } from 'chai';
import { BecomeError, SudoDriver, sudoCommand, type CommandInput } from '../../src/connection/become.js';

class RecordingInput implements CommandInput {
  writes: string[] = [];
  ended = false;
  write(data: string | Buffer): void {
    this.writes.push(String(data));
  }
  end(data?: string | Buffer): void {
    if (data !== undefined) this.writes.push(String(data));
    this.ended = true;
  }
}

describe('sudoCommand', () => {
  it('runs sudo -n without a password, with a marker before the command', () => {
    const plan = sudoCommand('id -un', 'postgres', false);
    expect(plan.command).to.equal(`sudo -H -n -u postgres -- /bin/sh -c 'echo ${plan.successMarker}; id -un'`);
    expect(plan.prompt).to.equal(undefined);
  });

  it('runs sudo -S with its own prompt when there is a password', () => {
    const plan = sudoCommand('id -un', 'root', true);
    expect(plan.command).to.contain(`sudo -H -S -p '${plan.prompt}' -u root --`);
    expect(plan.prompt).to.match(/^\[sudo via skprun, key=[0-9a-f]{24}\] password:$/);
  });

  it('gives each command a marker of its own', () => {
    expect(sudoCommand('true', 'root', false).successMarker).to.not.equal(sudoCommand('true', 'root', false).successMarker);
  });
});

describe('SudoDriver', () => {
  it('answers the prompt once, then sends stdin after the marker', () => {
    const plan = sudoCommand('cat', 'root', true);
    const input = new RecordingInput();
    const driver = new SudoDriver(plan, 's3cret', 'data\n', input);

    expect(driver.stderr(Buffer.from(plan.prompt!.slice(0, 10))).length).to.equal(0);
    expect(driver.stderr(Buffer.from(plan.prompt!.slice(10))).length).to.equal(0);
    expect(input.writes).to.deep.equal(['s3cret\n']);
    expect(input.ended).to.equal(false);

    const out = driver.stdout(Buffer.from(`${plan.successMarker}\ndata\n`));
    expect(out.toString()).to.equal('data\n');
    expect(input.writes).to.deep.equal(['s3cret\n', 'data\n']);
    expect(input.ended).to.equal(true);
    expect(driver.stdout(Buffer.from('more')).toString()).to.equal('more');
    expect(driver.stderr(Buffer.from('warning\n')).toString()).to.equal('warning\n');
    expect(driver.finish('c01', 'root')).to.equal('');
  });

  it('finds the marker split across chunks', () => {
    const plan = sudoCommand('true', 'root', false);
    const driver = new SudoDriver(plan, undefined, undefined, new RecordingInput());
    const marker = `${plan.successMarker}\n`;
    expect(driver.stdout(Buffer.from(marker.slice(0, 7))).length).to.equal(0);
    expect(driver.stdout(Buffer.from(`${marker.slice(7)}out`)).toString()).to.equal('out');
  });

  it('reports a wrong password when sudo asks again', () => {
    const plan = sudoCommand('true', 'root', true);
    const input = new RecordingInput();
    const driver = new SudoDriver(plan, 'wrong', undefined, input);
    driver.stderr(Buffer.from(plan.prompt!));
    driver.stderr(Buffer.from(`Sorry, try again.\n${plan.prompt}`));
    expect(input.ended).to.equal(true);
    expect(() => driver.finish('c01', 'root')).to.throw(BecomeError, 'c01: incorrect sudo password for becoming root');
  });

  it('says how to give the password when sudo -n needs one', () => {
    const plan = sudoCommand('true', 'root', false);
    const driver = new SudoDriver(plan, undefined, undefined, new RecordingInput());
    driver.stderr(Buffer.from('sudo: a password is required\n'));
    expect(() => driver.finish('c01', 'root')).to.throw(BecomeError, '-K/--ask-become-pass or ansible_become_password');
  });

  it("passes on sudo's own refusal", () => {
    const plan = sudoCommand('true', 'root', false);
    const driver = new SudoDriver(plan, undefined, undefined, new RecordingInput());
    driver.stderr(Buffer.from('alice is not in the sudoers file.\n'));
    expect(() => driver.finish('c01', 'root')).to.throw(BecomeError, 'sudo did not run the command as root: alice is not in the sudoers file.');
  });
});
