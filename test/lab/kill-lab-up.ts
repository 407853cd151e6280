/**
 * Leaves a lab half made, as a `lab up` killed by a signal or by a closed
 * output does.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { extraLabPrefix, testImageCacheDir } from '../support/lab.js';

const labIndex = fileURLToPath(new URL('../../src/lab/index.js', import.meta.url));

/**
 * Starts `labUp` in a child process and kills it with SIGKILL once `line`
 * shows in its progress, leaving a lab that is half up. Resolves to the
 * child's output.
 */
export function killLabUpAt(
  stateDir: string,
  line: RegExp,
  lab: { hosts: number; docker: boolean } = { hosts: 2, docker: true },
): Promise<string> {
  const options = {
    stateDir,
    ...lab,
    skew: {},
    addressPrefix: extraLabPrefix,
    imageCacheDir: testImageCacheDir,
  };
  const script = `const m = await import(${JSON.stringify(labIndex)});
    await m.labUp({ ...${JSON.stringify(options)}, log: (l) => console.log(l) });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (line.test(output)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve(output)
        : reject(new Error(`labUp ended before ${line}: ${output}`)),
    );
  });
}
