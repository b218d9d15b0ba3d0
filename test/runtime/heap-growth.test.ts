// The launcher caps V8's heap growth factor (bin/heap-growth.js). The flag is V8's own, not
// Node's: this reads what V8 does with it, in its trace of each new heap limit, so that a
// Node upgrade whose V8 drops or renames the flag fails here rather than quietly bringing
// back a first start's memory peak.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The growth factor of every old-generation limit V8 set while `landscape lint` ran (it collects a few times on the bundled base). */
async function growthFactors(nodeFlags: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, [...nodeFlags, '--trace-gc-verbose', 'bin/landscape.js', 'lint'], { maxBuffer: 16 * 2 ** 20 });
  return [...stdout.matchAll(/\[HeapController\] Limit: old size: \d+ KB, new limit: \d+ KB \(([\d.]+)\)/g)].map((match) => match[1]!);
}

describe('the heap growth cap', () => {
  it('lets the heap double, at most, between full collections', async () => {
    const factors = await growthFactors([]);
    expect(factors.length).toBeGreaterThan(0);
    expect(new Set(factors)).toEqual(new Set(['2.0']));
  });

  it('leaves a factor given on the command line as it is', async () => {
    const factors = await growthFactors(['--heap-growing-percent=20']);
    expect(factors.length).toBeGreaterThan(0);
    expect(new Set(factors)).toEqual(new Set(['1.2']));
  });
});
