/**
 * `doctor` and `migrate`'s checks, run in-process (`runCli`) against the HubSpot simulator and real Temporal dev
 * servers: one set up well (with the package's search attributes), one started without them. Each setup fault the
 * simulator and the servers can present shows as one FAIL or WARN line, with the exit code and the `--json` shape; no
 * secret (token, refresh token, client secret) appears in any output.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runCli } from '../../src/cli/main';
import type { SetupReport } from '../../src/doctor/check-setup';
import { SETUP_CHECK_IDS } from '../../src/doctor/setup-check';
import { CORE_SEARCH_ATTRIBUTES, HUBSPOT_SEARCH_ATTRIBUTES } from '../../src/common/search-attributes';
import { HubSpotSimulator } from '../../src/simulator';
import { createDevServerEnv } from '../helpers/temporal-env';

const DAILY_LIMIT = 10_000;
const CLIENT_SECRET = 'doctor-client-secret-0123456789';
const REFRESH_TOKEN = 'doctor-refresh-token-0123456789';

let sim: HubSpotSimulator;
let good: TestWorkflowEnvironment;
let bare: TestWorkflowEnvironment;
/** Every secret a test handed to the CLI: none may be printed. */
const secrets = new Set<string>([CLIENT_SECRET, REFRESH_TOKEN]);

before(async () => {
  sim = new HubSpotSimulator({ dailyLimit: DAILY_LIMIT, rateLimit: { max: 190 } });
  await sim.start();
  sim.registerOAuthApp({ clientId: 'doctor-app', clientSecret: CLIENT_SECRET, refreshTokens: [REFRESH_TOKEN] });
  const attributes = HUBSPOT_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]);
  [good, bare] = await Promise.all([createDevServerEnv(undefined, attributes), createDevServerEnv()]);
});
after(async () => {
  await Promise.all([good?.teardown(), bare?.teardown()]);
  await sim?.stop();
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'thf-doctor-'));
}

/** A fresh private-app token of its own app (so its daily budget is its own), remembered as a secret. */
function token(options: Parameters<HubSpotSimulator['issueToken']>[0] = {}): string {
  const t = sim.issueToken(options);
  secrets.add(t);
  return t;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the simulator's base URL and `env`. */
async function cli(args: string[], env: Record<string, string>, cwd = tempDir()): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const base: NodeJS.ProcessEnv = { ...process.env, HUBSPOT_BASE_URL: sim.baseUrl, ...env };
  delete base.TEMPORAL_ADDRESS;
  const code = await runCli(args, {
    env: base,
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  const ran = { code, stdout, stderr };
  for (const secret of secrets) {
    assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `a secret was printed:\n${stdout}\n${stderr}`);
  }
  return ran;
}

/** `doctor --json` against the good server (or `env`'s), parsed. */
async function doctorJson(
  env: Record<string, string>,
  ...args: string[]
): Promise<Ran & { report: SetupReport & { exitCode: number } }> {
  const ran = await cli(['doctor', '--json', '--address', good.address, ...args], env);
  return { ...ran, report: JSON.parse(ran.stdout) as SetupReport & { exitCode: number } };
}

/** The checks that are not PASS, as `STATUS id`. */
function notPassing(report: SetupReport): string[] {
  return report.checks.filter((c) => c.status !== 'PASS').map((c) => `${c.status} ${c.id}`);
}

describe('doctor', () => {
  it('passes on a good setup: every check PASS, exit 0, one line per check', async () => {
    const t = token();
    const { code, report } = await doctorJson({ HUBSPOT_ACCESS_TOKEN: t });
    assert.equal(code, 0);
    assert.deepEqual(notPassing(report), []);
    // Every check but the settings line (which shows only when a setting is wrong), in the documented order.
    assert.deepEqual(
      report.checks.map((c) => c.id),
      SETUP_CHECK_IDS.filter((id) => id !== 'hubspot-settings'),
    );
    assert.equal(report.ok, true);
    assert.equal(report.exitCode, 0);
    assert.match(report.checks[0]!.summary, /accepted; a private-app token of account \d+/);
    assert.match(report.checks[2]!.summary, /of 10000 requests left today, resets at \d{4}-\d\d-\d\dT/);
    assert.match(report.checks[3]!.summary, /^190 requests per 10 s, \d+ left now: about 17\.1 requests\/s/);
    assert.match(report.checks[5]!.summary, /^Temporal server \d+\.\d+/);

    const text = await cli(['doctor', '--address', good.address], { HUBSPOT_ACCESS_TOKEN: t });
    assert.equal(text.code, 0);
    const lines = text.stdout.split('\n').filter((l) => /^(PASS|WARN|FAIL) /.test(l));
    assert.equal(lines.length, 8, text.stdout);
    assert.match(text.stdout, /^PASS {2}token {13}accepted/m);
    assert.match(text.stdout, /0 FAIL, 0 WARN, 8 PASS/);
  });

  it('a token without a files write scope: one FAIL (scopes) with its fix, exit 1', async () => {
    const { code, report, stdout } = await doctorJson({
      HUBSPOT_ACCESS_TOKEN: token({ scopes: ['files.ui_hidden.read'] }),
    });
    assert.equal(code, 1);
    assert.deepEqual(notPassing(report), ['FAIL scopes']);
    const scopes = report.checks.find((c) => c.id === 'scopes')!;
    assert.match(scopes.summary, /lacks a folder-update scope, one of files, files\.write, files\.ui_hidden\.write/);
    assert.match(scopes.fix ?? '', /Grant the token one of files, files\.write, files\.ui_hidden\.write/);
    assert.equal(report.ok, false);
    assert.doesNotMatch(stdout, /FAIL {2}token/);
  });

  it('a service key (no HubSpot token check knows it): scopes judged from the one read-only probe', async () => {
    const { code, report } = await doctorJson({ HUBSPOT_ACCESS_TOKEN: token({ kind: 'service-key' }) });
    assert.equal(code, 0, JSON.stringify(report));
    assert.match(report.checks[0]!.summary, /a service key/);
    assert.match(
      report.checks[1]!.summary,
      /judged from one read-only probe, GET \/files\/v3\/folders\/update\/async\/tasks\/0\/status/,
    );
  });

  it('a service key without the write scope: the probe finds it (FAIL scopes)', async () => {
    const { code, report } = await doctorJson({
      HUBSPOT_ACCESS_TOKEN: token({ kind: 'service-key', scopes: ['files.read'] }),
    });
    assert.equal(code, 1);
    assert.deepEqual(notPassing(report), ['FAIL scopes']);
  });

  it('an expired token, and an unknown one: one FAIL (token), exit 1', async () => {
    const expired = await doctorJson({ HUBSPOT_ACCESS_TOKEN: token({ ttlMs: 0 }) });
    assert.equal(expired.code, 1);
    assert.deepEqual(notPassing(expired.report), ['FAIL token']);
    assert.match(expired.report.checks[0]!.summary, /expired \(401 EXPIRED_AUTHENTICATION/);
    const unknown = 'unknown-token-0123456789';
    secrets.add(unknown);
    const invalid = await doctorJson({ HUBSPOT_ACCESS_TOKEN: unknown });
    assert.equal(invalid.code, 1);
    assert.deepEqual(notPassing(invalid.report), ['FAIL token']);
    assert.match(invalid.report.checks[0]!.fix ?? '', /HUBSPOT_ACCESS_TOKEN/);
  });

  it('a nearly spent daily budget: WARN without a plan, FAIL against a plan that needs more', async () => {
    const t = token();
    sim.spendDailyBudget(DAILY_LIMIT - 100, t);
    const plain = await doctorJson({ HUBSPOT_ACCESS_TOKEN: t });
    assert.equal(plain.code, 0);
    assert.deepEqual(notPassing(plain.report), ['WARN daily-budget']);
    assert.match(plain.report.checks[2]!.summary, /^9\d of 10000 requests left today, .*: nearly spent/);

    const cwd = tempDir();
    const file = path.join(cwd, 'm.csv');
    fs.writeFileSync(file, `folderId,name\n${Array.from({ length: 20 }, (_, i) => `${500 + i},n${i}`).join('\n')}\n`);
    const planned = await doctorJson({ HUBSPOT_ACCESS_TOKEN: t }, '--plan', file);
    assert.equal(planned.code, 1);
    assert.deepEqual(notPassing(planned.report), ['FAIL daily-budget']);
    assert.match(planned.report.checks[2]!.summary, /the plan needs about 260 \(20 folders × 13\)/);
    assert.match(planned.report.checks[2]!.fix ?? '', /Wait for the reset at .*split the migration file/);
  });

  it('--plan FILE estimates the requests: 4 + the polls of a task of --task-duration, per folder', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'm.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { folderId: '1', name: 'a' },
        { folderId: '2', name: 'b' },
        { folderId: '3', parentFolderId: '9' },
      ]),
    );
    const env = { HUBSPOT_ACCESS_TOKEN: token() };
    const { code, report } = await doctorJson(env, '--plan', file);
    assert.equal(code, 0);
    assert.deepEqual(report.estimate, {
      folders: 3,
      taskDurationMs: 60_000,
      pollsPerFolder: 9,
      requestsPerFolder: 13,
      requests: 39,
    });
    assert.deepEqual((report as unknown as { plan: unknown }).plan, { file });
    const longer = await doctorJson(env, '--plan', file, '--task-duration', '10m');
    assert.equal(longer.report.estimate?.pollsPerFolder, 19);
    const text = await cli(['doctor', '--address', good.address, '--plan', file], env);
    assert.match(
      text.stdout,
      /3 folders × 13 requests \(4 \+ 9 polls of a task that runs 60 s\) ≈ 39 HubSpot requests/,
    );
  });

  it('bad usage exits 2: an unreadable plan, a bad --task-duration', async () => {
    const env = { HUBSPOT_ACCESS_TOKEN: token() };
    const missing = await cli(['doctor', '--address', good.address, '--plan', 'nope.csv'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.csv/);
    const duration = await cli(['doctor', '--address', good.address, '--task-duration', 'soon'], env);
    assert.equal(duration.code, 2);
    assert.match(duration.stderr, /--task-duration must be a duration such as '5m', got "soon"/);
  });

  it('OAuth: the token is refreshed and HubSpot names its kind; a refused refresh token is one FAIL', async () => {
    const env = {
      HUBSPOT_CLIENT_ID: 'doctor-app',
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_REFRESH_TOKEN: REFRESH_TOKEN,
    };
    const ok = await doctorJson(env);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.report.checks[0]!.summary, /an OAuth access token of account \d+, refreshed by the OAuth app/);
    assert.match(ok.report.checks[2]!.summary, /an OAuth token: HubSpot reports daily figures for private apps only/);
    const bad = await doctorJson({ ...env, HUBSPOT_REFRESH_TOKEN: 'revoked-refresh-token-0123' });
    secrets.add('revoked-refresh-token-0123');
    assert.equal(bad.code, 1);
    assert.deepEqual(notPassing(bad.report), ['FAIL token']);
    assert.match(bad.report.checks[0]!.summary, /invalid_grant/);
  });

  it('a namespace without the search attributes: one WARN with the command that registers them', async () => {
    const ran = await cli(['doctor', '--json', '--address', bare.address], { HUBSPOT_ACCESS_TOKEN: token() });
    const report = JSON.parse(ran.stdout) as SetupReport;
    assert.equal(ran.code, 0);
    assert.deepEqual(notPassing(report), ['WARN search-attributes']);
    assert.match(
      report.checks.at(-1)!.fix ?? '',
      /temporal operator search-attribute create --namespace default --name HubSpotTaskId --type Keyword/,
    );
  });

  it('a namespace registered before HubSpotTaskKind: one WARN naming it alone, with the command for it alone', async () => {
    await bare.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(CORE_SEARCH_ATTRIBUTES.map((k) => [k.name, 2 /* KEYWORD */])),
    });
    const ran = await cli(['doctor', '--json', '--address', bare.address], { HUBSPOT_ACCESS_TOKEN: token() });
    const report = JSON.parse(ran.stdout) as SetupReport;
    assert.equal(ran.code, 0);
    assert.deepEqual(notPassing(report), ['WARN search-attributes']);
    const line = report.checks.at(-1)!;
    assert.match(line.summary, /^HubSpotTaskKind is not registered in default: starts set the others/);
    assert.equal(
      line.fix,
      'temporal operator search-attribute create --namespace default --name HubSpotTaskKind --type Keyword',
    );
  });

  it('on that namespace, list runs by the other four; only list --kind needs HubSpotTaskKind (exit 2 naming it)', async () => {
    const listed = await cli(['list', '--json', '--address', bare.address], {});
    assert.equal(listed.code, 0, listed.stderr);
    const byKind = await cli(['list', '--kind', 'crm-export', '--address', bare.address], {});
    assert.equal(byKind.code, 2);
    assert.match(byKind.stderr, /lacks the HubSpot search attribute\(s\) HubSpotTaskKind;/);
  });

  it('a missing namespace: one FAIL (namespace), exit 1, and no search-attribute line', async () => {
    const { code, report } = await doctorJson({ HUBSPOT_ACCESS_TOKEN: token() }, '--namespace', 'no-such-namespace');
    assert.equal(code, 1);
    assert.deepEqual(notPassing(report), ['FAIL namespace']);
    assert.match(
      report.checks.find((c) => c.id === 'namespace')!.fix ?? '',
      /temporal operator namespace create --namespace no-such-namespace/,
    );
    assert.ok(!report.checks.some((c) => c.id === 'search-attributes'));
  });

  it('no HubSpot settings: a WARN for a client of a cluster, a FAIL for a malformed one', async () => {
    const none = await doctorJson({});
    assert.equal(none.code, 0);
    assert.deepEqual(notPassing(none.report), ['WARN hubspot-settings']);
    const malformed = await doctorJson({ HUBSPOT_ACCESS_TOKEN: token(), HUBSPOT_API_VERSION: '2024-01' });
    assert.equal(malformed.code, 1);
    assert.deepEqual(notPassing(malformed.report), ['FAIL hubspot-settings']);
    assert.match(malformed.report.checks[0]!.summary, /HUBSPOT_API_VERSION must be one of/);
  });
});

describe('migrate runs the checks first', () => {
  it('refuses on a FAIL and prints the failing line; with --force it starts', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'm.csv'), 'folderId,name\n8101,Doctor A\n8102,Doctor B\n');
    const t = token();
    sim.spendDailyBudget(DAILY_LIMIT - 60, t);
    const posts = (): number =>
      sim.requestLog().filter((e) => e.path.startsWith('/files/') && e.method === 'POST').length;
    const before = posts();
    const fast = ['--initial-poll-interval', '200ms', '--max-poll-interval', '500ms'];
    const refused = await cli(['migrate', path.join(cwd, 'm.csv'), ...fast], { HUBSPOT_ACCESS_TOKEN: t }, cwd);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /^FAIL {2}daily-budget {6}\d+ of 10000 requests left today.*the plan needs about \d+/m,
    );
    assert.match(refused.stderr, /Not started: a setup check FAILed .* pass --force/);
    assert.doesNotMatch(refused.stderr, /Started workflow/);
    assert.equal(posts(), before, 'nothing was POSTed');

    const forced = await cli(
      ['migrate', path.join(cwd, 'm.csv'), '--force', ...fast],
      { HUBSPOT_ACCESS_TOKEN: t },
      cwd,
    );
    assert.match(forced.stderr, /FAIL {2}daily-budget/);
    assert.match(forced.stderr, /--force: starting although a setup check FAILed/);
    assert.match(forced.stderr, /Started workflow hubspot-folder-migration-/);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(sim.getFolder('8101')?.name, 'Doctor A');
  });
});
