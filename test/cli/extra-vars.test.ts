import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { OptionError } from '../../src/errors.js';

describe('parseExtraVars', () => {
  it('reads key=value pairs', async () => {
    expect(await parseExtraVars(['a=1 b="x y"'])).to.deep.equal({ a: '1', b: 'x y' });
  });

  it('reads an inline JSON mapping with its types', async () => {
    expect(await parseExtraVars(['{"port": 5000, "env": {"A": "1"}}'])).to.deep.equal({ port: 5000, env: { A: '1' } });
  });

  it('reads a YAML file named with @', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skprun-ev-'));
    writeFileSync(join(dir, 'vars.yml'), 'registry_port: 5001\nenabled: yes\n');
    expect(await parseExtraVars([`@${join(dir, 'vars.yml')}`])).to.deep.equal({ registry_port: 5001, enabled: true });
  });

  it('lets later values win', async () => {
    expect(await parseExtraVars(['a=1', 'a=2'])).to.deep.equal({ a: '2' });
  });

  it('rejects a word without =', async () => {
    let message = '';
    await parseExtraVars(['oops']).catch((error: Error) => (message = error.message));
    expect(message).to.equal('-e oops: expected key=value, JSON, YAML or @file, got oops');
  });

  it('names a missing @file', async () => {
    let message = '';
    await parseExtraVars(['@/nonexistent/vars.yml']).catch((error: Error) => (message = error.message));
    expect(message).to.equal('-e @/nonexistent/vars.yml: /nonexistent/vars.yml: file not found');
  });
});

describe('parseExtraVars key=value splitting', () => {
  it('keeps {{ }} with quotes in one value', async () => {
    expect(await parseExtraVars(['a={{ lookup("pipe","id") }}'])).to.deep.equal({ a: '{{ lookup("pipe","id") }}' });
  });

  it('keeps spaces inside {{ }} and quotes', async () => {
    const vars = await parseExtraVars(["a={{ x | default('b c') }} b='1 2' c=\"3 4\""]);
    expect(vars).to.deep.equal({ a: "{{ x | default('b c') }}", b: '1 2', c: '3 4' });
  });

  it('rejects an unclosed {{ as an option error', async () => {
    const error = await parseExtraVars(['a={{ x']).catch((caught: Error) => caught);
    expect(error).to.be.instanceOf(OptionError);
    expect((error as Error).message).to.equal('-e a={{ x: the {{ at column 3 of the arguments has no closing }}. Close it, or quote the whole value.');
  });

  it('rejects @ without a file name', async () => {
    const error = await parseExtraVars(['@']).catch((caught: Error) => caught);
    expect((error as Error).message).to.equal('-e @: missing file name after @; write -e @vars.yml');
  });
});
