// The operators' and maintainers' files refer to the project: scripts, commands, ports, paths
// and variables. No container is built here (no Docker engine); instead every reference is
// checked against what the project has, so a renamed script, port or folder fails a test
// rather than a deploy.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../src/cli.ts';
import { DEFAULT_DIFF_LIMIT } from '../src/cli/diff.ts';
import { CONFIG_VARIABLES, loadConfig } from '../src/config.ts';

const read = (file: string) => readFileSync(file, 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string>; engines: { node: string } };
/** Read by discord.js itself when shards span machines (docs/discord.md), not by our configuration. */
const DISCORD_JS_VARIABLES = ['SHARDS', 'SHARD_COUNT'];
/** Read by the command line only. */
const CLI_VARIABLES = ['NO_COLOR'];

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions per stage, continuation lines joined and comments dropped. */
function dockerStages(): Instruction[][] {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Instruction[][] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push({ keyword, args });
  }
  return stages;
}

const runtime = () => dockerStages().at(-1)!;
const all = (stage: Instruction[], keyword: string) => stage.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
const dockerEnv = () => Object.fromEntries(all(runtime(), 'ENV').flatMap((args) => [...args.matchAll(/(\w+)=(\S+)/g)].map(([, name, value]) => [name!, value!])));
/** `COPY src… dest` of the build context (not `--from`), as [sources, destination]. */
const contextCopies = (stage: Instruction[]) =>
  all(stage, 'COPY')
    .filter((args) => !args.startsWith('--from'))
    .map((args) => {
      const parts = args.split(/\s+/);
      return [parts.slice(0, -1), parts.at(-1)!] as const;
    });

/**
 * Every module `node bin/landscape.js` can load, following relative imports (static and
 * dynamic) from the entry point; and the packages they import.
 */
function runtimeModules(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = ['bin/landscape.js'];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    // `import type` is erased before running; every other import is loaded.
    const code = read(file).replace(/^\s*(?:import|export) type [^;]*;/gm, '');
    for (const [, specifier] of code.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'([^']+)'/gm)) {
      if (specifier!.startsWith('.')) queue.push(path.normalize(path.join(path.dirname(file), specifier!)));
      else if (!specifier!.startsWith('node:') && !builtinModules.includes(specifier!)) {
        packages.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
      }
    }
  }
  return { files, packages };
}

describe('Dockerfile', () => {
  it('builds in stages, installs production dependencies only, and runs as an unprivileged user', () => {
    const stages = dockerStages();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.flat().some((instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(instruction.args))).toBe(true);
    const user = all(runtime(), 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('runs compiled JavaScript: dist/ comes from a stage that builds it, with what the build stamp is checked against', () => {
    const stages = dockerStages();
    const fromDist = all(runtime(), 'COPY').find((args) => /^--from=\w+ \/app\/dist \.\/dist$/.test(args));
    expect(fromDist).toBeDefined();
    const name = /^--from=(\w+)/.exec(fromDist!)![1];
    const builder = stages.find((stage) => stage[0]!.args.endsWith(` AS ${name}`))!;
    expect(all(builder, 'RUN')).toContain('npm run build');
    expect(pkg.scripts.build).toBe('node bin/build.js');
    // bin/build.js's isFresh() compares dist/ with src/, commands/ and these configs.
    const copied = contextCopies(runtime()).flatMap(([sources]) => sources);
    expect(copied).toEqual(expect.arrayContaining(['src', 'commands', 'tsconfig.json', 'tsconfig.build.json', 'package.json']));
    // The unprivileged user writes only under /data: the cache of the loaded base too.
    expect(dockerEnv().KNOWLEDGE_CACHE).toMatch(/^\/data\//);
  });

  it('needs no dev dependency at run time: every package the bot can load is a production dependency', () => {
    const { packages } = runtimeModules();
    expect(packages.size).toBeGreaterThan(5);
    const missing = [...packages].filter((name) => !(name in pkg.dependencies));
    expect(missing, 'imported at run time but not in "dependencies"').toEqual([]);
  });

  it('copies every file the bot loads, and each copied path exists and is not in .dockerignore', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const copied = contextCopies(runtime()).flatMap(([sources]) => sources);
    for (const source of [...copied, ...contextCopies(dockerStages()[0]!).flatMap(([sources]) => sources)]) {
      expect(existsSync(source), source).toBe(true);
      expect(
        ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
        source,
      ).toEqual([]);
    }
    const outside = [...runtimeModules().files].filter((file) => !copied.some((source) => file === source || file.startsWith(`${source}/`)));
    expect(outside, 'loaded by the bot but not copied into the image').toEqual([]);
    // Read at run time rather than imported: the module type, and the bundled fact base.
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'knowledge']));
  });

  it('starts the bot and probes /healthz on the port the image configures', () => {
    expect(all(runtime(), 'ENTRYPOINT').at(-1)).toBe('["node", "bin/landscape.js"]');
    expect(JSON.parse(all(runtime(), 'CMD').at(-1)!)).toEqual(['start']);
    expect(Object.keys(SUBCOMMANDS)).toContain('start');
    const healthcheck = all(runtime(), 'HEALTHCHECK').at(-1)!;
    expect(healthcheck).toContain('CMD ["node", "bin/healthcheck.js"]');
    expect(read('bin/healthcheck.js')).toContain('/healthz');
    const env = dockerEnv();
    const exposed = all(runtime(), 'EXPOSE').flatMap((args) => args.split(/\s+/));
    expect(exposed.sort()).toEqual([env.PORT, env.METRICS_PORT].sort());
    for (const [name, value] of Object.entries(env)) {
      if (name === 'NODE_ENV') continue;
      expect(CONFIG_VARIABLES, name).toContain(name);
      expect(() => loadConfig({ [name]: value }), name).not.toThrow();
    }
    // The only place the bot writes is a volume.
    expect(all(runtime(), 'VOLUME').join(' ')).toContain(path.posix.dirname(env.GAPS_FILE!));
  });

  it('uses a Node.js version that the project and every production dependency accept, and that CI tests', () => {
    const major = Number(/NODE_VERSION=(\d+)/.exec(read('Dockerfile'))![1]);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } }> };
    const minimums = [
      pkg.engines.node,
      ...Object.values(lock.packages)
        .filter((entry) => !entry.dev)
        .map((entry) => entry.engines?.node),
    ]
      .map((range) => /^>=\s*(\d+)/.exec(range ?? '')?.[1])
      .filter((value): value is string => value !== undefined)
      .map(Number);
    expect(major).toBeGreaterThanOrEqual(Math.max(...minimums));
    const ci = parse(read('.github/workflows/ci.yml'));
    expect(ci.jobs.unit.strategy.matrix.node).toContain(major);
  });
});

describe('compose.yaml', () => {
  const compose = () => parse(read('compose.yaml')).services.landscape;

  it('builds this Dockerfile and reads .env', () => {
    expect(compose().build).toBe('.');
    expect(compose().env_file).toEqual([{ path: '.env', required: false }]);
  });

  it('sets only configuration variables, and publishes PORT openly but METRICS_PORT on loopback only', () => {
    const environment = compose().environment as Record<string, string>;
    for (const [name, value] of Object.entries(environment)) {
      expect(CONFIG_VARIABLES, name).toContain(name);
      expect(() => loadConfig({ [name]: value }), name).not.toThrow();
    }
    expect(compose().ports).toEqual([`${environment.PORT}:${environment.PORT}`, `127.0.0.1:${environment.METRICS_PORT}:${environment.METRICS_PORT}`]);
    expect(compose().volumes).toContain(`gaps:${path.posix.dirname(environment.GAPS_FILE!)}`);
  });

  it('gives the bot more time to stop than its shutdown takes (20 s)', () => {
    expect(Number.parseInt(compose().stop_grace_period, 10)).toBeGreaterThanOrEqual(20);
  });
});

describe('compose.scale.yaml', () => {
  // Compose reads YAML merge keys (`<<: *landscape`); so must this parse.
  const services = () => parse(read('compose.scale.yaml'), { merge: true }).services as Record<string, any>;
  const bots = () => Object.entries(services()).filter(([name]) => name !== 'redis');
  const slack = () => bots().filter(([, service]) => service.profiles.includes('slack'));
  const discord = () => bots().filter(([, service]) => service.profiles.includes('discord'));

  it('runs Redis and, per profile, two Slack replicas or two Discord shard groups, all on that Redis', () => {
    expect(services().redis.image).toMatch(/^redis:/);
    expect(slack()).toHaveLength(2);
    expect(discord()).toHaveLength(2);
    for (const [name, service] of bots()) {
      expect(service.build, name).toBe('.');
      expect(service.env_file, name).toEqual([{ path: '.env', required: false }]);
      expect(service.environment.REDIS_URL, name).toBe('redis://redis:6379');
      expect(Number.parseInt(service.stop_grace_period, 10), name).toBeGreaterThanOrEqual(20);
      expect(service.volumes, name).toContain(`gaps-${name}:${path.posix.dirname(service.environment.GAPS_FILE)}`);
      // Only configuration variables (and discord.js's shard variables), each one accepted.
      for (const [variable, value] of Object.entries(service.environment as Record<string, string>)) {
        expect([...CONFIG_VARIABLES, ...DISCORD_JS_VARIABLES], `${name}: ${variable}`).toContain(variable);
        if (CONFIG_VARIABLES.includes(variable)) expect(() => loadConfig({ [variable]: value }), `${name}: ${variable}`).not.toThrow();
      }
      // /metrics only on this machine's loopback.
      for (const port of service.ports as string[]) if (port.endsWith(`:${service.environment.METRICS_PORT}`)) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('gives each Slack replica a port of its own for the load balancer, and no Discord', () => {
    const published = slack().map(([, service]) => (service.ports as string[]).find((port) => port.endsWith(`:${service.environment.PORT}`)));
    expect(new Set(published).size).toBe(2);
    for (const [, service] of slack()) expect(loadConfig({ ...service.environment, SLACK_BOT_TOKEN: 'xoxb-example', SLACK_SIGNING_SECRET: 'secret' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('runs every shard of SHARD_COUNT in exactly one Discord group, and no Slack', () => {
    const counts = new Set(discord().map(([, service]) => service.environment.SHARD_COUNT));
    expect(counts.size).toBe(1);
    const shards = discord().flatMap(([, service]) => JSON.parse(service.environment.SHARDS) as number[]);
    expect(shards.sort((a, b) => a - b)).toEqual(Array.from({ length: Number([...counts][0]) }, (_, i) => i));
    for (const [, service] of discord()) {
      const config = loadConfig({ ...service.environment, DISCORD_TOKEN: 'token' });
      expect([config.SLACK_BOT_TOKEN, config.DISCORD_SHARDS]).toEqual([undefined, undefined]);
    }
  });
});

describe('.env.example', () => {
  const text = () => read('.env.example');
  const names = () => [...text().matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => ({ name: name!, value: value! }));

  it('lists every variable, once, and nothing the project does not read', () => {
    const listed = names().map((entry) => entry.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES, ...DISCORD_JS_VARIABLES, ...CLI_VARIABLES].sort());
  });

  it('gives examples the configuration accepts', () => {
    // Beside a complete platform, since a Slack variable alone is an incomplete one.
    const platform = { SLACK_BOT_TOKEN: 'xoxb-example', SLACK_APP_TOKEN: 'xapp-example' };
    for (const { name, value } of names()) {
      if (!CONFIG_VARIABLES.includes(name) || value === '') continue;
      expect(() => loadConfig({ ...platform, [name]: value }), `${name}=${value}`).not.toThrow();
    }
  });

  it('copied as it is, is a valid configuration; with a Discord token or two Slack values filled in, starts that platform', () => {
    const env = parseEnv(text());
    expect(
      Object.values(env).every((value) => value === ''),
      'only empty values, for the operator to fill',
    ).toBe(true);
    expect(loadConfig(env)).toMatchObject({ PORT: 3000 });
    expect(loadConfig({ ...env, DISCORD_TOKEN: 'a-token' }).DISCORD_TOKEN).toBe('a-token');
    expect(loadConfig({ ...env, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' })).toMatchObject({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' });
  });

  it('is not ignored by git, while .env is', () => {
    const ignored = read('.gitignore').split('\n');
    expect(ignored).toContain('.env');
    expect(ignored).not.toContain('.env.example');
  });
});

describe('the systemd unit in docs/operations.md', () => {
  const unit = () => {
    const block = /```ini\n([\s\S]*?)```/.exec(read('docs/operations.md'))?.[1] ?? '';
    return Object.fromEntries(
      block
        .split('\n')
        .filter((line) => /^\w+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  };

  it('starts the bot with the .env file, and waits long enough for a graceful stop', () => {
    expect(unit().ExecStart).toMatch(/node bin\/landscape\.js start$/);
    expect(unit().EnvironmentFile).toMatch(/\/\.env$/);
    expect(unit().KillSignal).toBe('SIGTERM');
    expect(Number(unit().TimeoutStopSec)).toBeGreaterThanOrEqual(20);
    // A configuration error exits 2 (docs: Exit statuses); restarting would not fix it.
    expect(unit().RestartPreventExitStatus).toBe('2');
    expect(CONFIG_VARIABLES).toContain(unit().Environment?.split('=')[0]);
  });
});

describe('GitHub workflows', () => {
  const workflow = (name: string) => parse(read(`.github/workflows/${name}`));
  const runs = (name: string) => Object.values(workflow(name).jobs as Record<string, { steps: { run?: string }[] }>).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));

  it('ci.yml tests on Node 20, 22 and 24, with Redis installed, the unit and end-to-end tests as separate jobs that together are npm test', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(['push', 'pull_request']);
    expect(Object.keys(ci.jobs)).toEqual(['lint', 'unit', 'e2e']);
    for (const job of ['unit', 'e2e']) expect(ci.jobs[job].strategy.matrix.node).toEqual([20, 22, 24]);
    // Both sides have tests against a real redis-server on loopback.
    const redis = 'sudo apt-get update -qq && sudo apt-get install -y -qq redis-server';
    expect(ci.jobs.unit.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', redis, 'npm run typecheck', 'npm run test:unit']);
    expect(ci.jobs.e2e.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', redis, 'npm run test:e2e']);
    // typecheck + test:unit + test:e2e = npm test: the same type check, and the e2e folder on one side only.
    expect(pkg.scripts.test).toBe(`${pkg.scripts.typecheck} && vitest run`);
    expect(pkg.scripts['test:unit']).toBe('vitest run --exclude=test/e2e/**');
    expect(pkg.scripts['test:e2e']).toBe('vitest run test/e2e');
  });

  it("ci.yml checks the code's format and lint in a job of its own, with the script a contributor runs", () => {
    const ci = workflow('ci.yml');
    expect(ci.jobs.lint.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm run lint']);
    expect(pkg.scripts.lint).toBe('biome ci .');
    expect(pkg.scripts.format).toMatch(/^biome check --write/);
    expect(existsSync('biome.jsonc')).toBe(true);
  });

  it('every npm script, landscape command and test folder they name exists', () => {
    for (const run of [...runs('ci.yml'), ...runs('knowledge.yml')]) {
      for (const [, script] of run.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts), run).toContain(script);
      for (const [, command] of run.matchAll(/npx landscape ([a-z][a-z-]*)/g)) expect(Object.keys(SUBCOMMANDS), run).toContain(command);
      for (const [, folder] of run.matchAll(/npx vitest run (\S+)/g)) expect(existsSync(folder!), run).toBe(true);
    }
  });

  it("knowledge.yml runs on pull requests touching knowledge/, and comments the answer diff against the merge commit's base", () => {
    const knowledge = workflow('knowledge.yml');
    expect(knowledge.on.pull_request.paths).toEqual(['knowledge/**']);
    expect(knowledge.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = knowledge.jobs.knowledge.steps as { uses?: string; with?: Record<string, unknown>; id?: string; if?: string; run?: string }[];
    // The merge commit and its first parent, the base: what `diff HEAD^1` reads.
    expect(steps.find((step) => step.uses?.startsWith('actions/checkout'))?.with).toEqual({ 'fetch-depth': 2 });
    const scripts = runs('knowledge.yml').join('\n');
    expect(scripts).toContain('npx landscape lint --format github');
    // The whole diff in the job summary (1 MiB a step), the comment's copy within the default limit.
    expect(scripts).toContain('npx landscape diff HEAD^1 --limit 1000000 >> "$GITHUB_STEP_SUMMARY"');
    expect(scripts).toContain('npx landscape diff HEAD^1 > "$RUNNER_TEMP/answer-diff.md"');
    expect(DEFAULT_DIFF_LIMIT).toBeLessThanOrEqual(65_536 - 1_000);
    const post = steps.find((step) => step.run?.includes('gh api'));
    expect(post?.if).toContain("steps.diff.outcome == 'success'");
    expect(steps.find((step) => step.id === 'diff')?.if).toBe('${{ !cancelled() }}');
  });
});
