import { expect } from 'chai';
import { quote, shellJoin } from '../../src/connection/quote.js';

describe('quote', () => {
  it('leaves plain words as they are', () => {
    expect(quote('registry:2')).to.equal('registry:2');
    expect(quote('/var/lib/registry')).to.equal('/var/lib/registry');
  });

  it('single-quotes words with shell characters', () => {
    expect(quote('a b')).to.equal("'a b'");
    expect(quote('$(reboot)')).to.equal("'$(reboot)'");
    expect(quote('x;y')).to.equal("'x;y'");
  });

  it('escapes single quotes inside a word', () => {
    expect(quote("it's")).to.equal("'it'\\''s'");
  });

  it('quotes the empty word', () => {
    expect(quote('')).to.equal("''");
  });

  it('joins an argv with each word quoted', () => {
    expect(shellJoin(['docker', 'volume', 'create', '--opt', 'o=addr=1.2.3.4,rw'])).to.equal(
      'docker volume create --opt o=addr=1.2.3.4,rw',
    );
    expect(shellJoin(['echo', 'a b', '*'])).to.equal("echo 'a b' '*'");
  });
});
