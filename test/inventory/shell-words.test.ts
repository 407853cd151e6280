import { expect } from 'chai';
import { ShellWordsError, splitShellWords } from '../../src/inventory/shell-words.js';

describe('splitShellWords', () => {
  it('removes quotes and keeps offsets', () => {
    expect(splitShellWords('web01 motto="keep calm" x=\'a b\'')).to.deep.equal([
      { text: 'web01', start: 0 },
      { text: 'motto=keep calm', start: 6 },
      { text: 'x=a b', start: 24 },
    ]);
  });

  it('starts a comment at # outside quotes', () => {
    expect(splitShellWords('h pass=ab#cd "x#y" # rest').map((w) => w.text)).to.deep.equal(['h', 'pass=ab']);
    expect(splitShellWords('h v="x#y"').map((w) => w.text)).to.deep.equal(['h', 'v=x#y']);
  });

  it('reads backslash escapes', () => {
    expect(splitShellWords('h a=x\\ y b="q\\"r"').map((w) => w.text)).to.deep.equal(['h', 'a=x y', 'b=q"r']);
  });

  it('rejects an unclosed quote', () => {
    expect(() => splitShellWords("h a='open")).to.throw(ShellWordsError, "no closing quotation (')");
  });
});
