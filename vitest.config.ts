import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e suites start real discord.js clients and Bolt apps on loopback; give them room
    // on a shared, noisy machine without hiding a hang forever.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
