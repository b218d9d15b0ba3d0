// A crash would show as an unhandled rejection or an uncaught exception in this process:
// register in a test file to fail the test during which one appears.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export function failOnStrayErrors(): void {
  const stray: unknown[] = [];
  const onStray = (error: unknown) => void stray.push(error);
  beforeAll(() => {
    process.on('unhandledRejection', onStray);
    process.on('uncaughtException', onStray);
  });
  afterAll(() => {
    process.off('unhandledRejection', onStray);
    process.off('uncaughtException', onStray);
  });
  afterEach(() => {
    expect(stray).toEqual([]);
  });
}
