// The Jenkinsfile: valid Groovy by npm-groovy-lint, and the pipeline the README promises (a linter checks
// syntax and style, not pipeline semantics: the stages and steps we rely on are checked here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stageSettings } from '../../scripts/local-settings';

const root = path.resolve(__dirname, '..', '..');
const jenkinsfile = fs.readFileSync(path.join(root, 'Jenkinsfile'), 'utf8');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
const DEPLOYED = ['dev', 'staging', 'prod'];

/** Stage name -> its text, in the order they appear. */
const stages = new Map(
  [...jenkinsfile.matchAll(/stage\('([^']+)'\)\s*\{/g)].map((match, index, all) => [
    match[1]!,
    jenkinsfile.slice(match.index, all[index + 1]?.index ?? jenkinsfile.length),
  ]),
);
const shellSteps = [...jenkinsfile.matchAll(/\bsh\s*\(?\s*(['"])(.*?)\1/g)].map((match) => match[2]!);
/** The statements of a block of Groovy, one per line, without comments. */
const stepsOf = (block: string) => block.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//'));
const milestones = (text: string) => [...text.matchAll(/milestone\(ordinal: (\d+)/g)].map((match) => Number(match[1]));

describe('the Jenkinsfile', () => {
  it('passes npm-groovy-lint', () => {
    const result = spawnSync('npm', ['run', '--silent', 'lint:jenkinsfile'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/Error.*│\s*0\s*│/);
    expect(result.status).toBe(0);
  }, 120_000);

  it('runs every shell step as an npm script that exists', () => {
    expect(shellSteps.length).toBeGreaterThan(0);
    for (const step of shellSteps) {
      const script = /^npm (?:ci|test)$/.test(step) ? 'builtin' : /^npm run ([\w:-]+)(?: -- .*)?$/.exec(step)?.[1];
      expect({ step, exists: script === 'builtin' || (script !== undefined && script in scripts) }).toEqual({ step, exists: true });
    }
  });

  it('has the stages of the promotion, in order', () => {
    expect([...stages.keys()]).toEqual([
      'Install', 'Audit', 'Lint', 'Typecheck', 'Tests', 'Package',
      'Deploy dev', 'Approve staging', 'Deploy staging', 'Approve prod', 'Deploy prod',
    ]);
  });

  it('installs with npm ci, then lints, typechecks and tests', () => {
    expect(stages.get('Install')).toContain("sh 'npm ci'");
    expect(stages.get('Audit')).toContain("sh 'npm run audit'");
    expect(stages.get('Lint')).toContain("sh 'npm run lint'");
    expect(stages.get('Typecheck')).toContain("sh 'npm run typecheck'");
    expect(stages.get('Tests')).toContain("sh 'npm run jest'");
  });

  it('keeps builds apart and bounded: no concurrent builds, a build discarder, a timeout', () => {
    const options = /\n {4}options \{([\s\S]*?)\n {4}\}/.exec(jenkinsfile)?.[1] ?? '';
    expect(options).toMatch(/disableConcurrentBuilds\(\)/);
    expect(options).toMatch(/buildDiscarder\(logRotator\(/);
    expect(options).toMatch(/timeout\(time: \d+, unit: '\w+'\)/);
  });

  it('packages every stage once and archives dist/ with fingerprints', () => {
    const packaging = stages.get('Package')!;
    expect(packaging).toContain("sh 'npm run package -- --all'");
    expect(packaging).toMatch(/archiveArtifacts artifacts: 'dist\/\*\*', fingerprint: true/);
    expect(shellSteps.filter((step) => step.startsWith('npm run package'))).toHaveLength(1);
  });

  it.each(DEPLOYED)('deploys %s from the archived package, under its lock, with its account credentials, then smoke-tests it', (stage) => {
    const deploy = stages.get(`Deploy ${stage}`)!;
    const account = (stageSettings(stage).stageConfig as { account: string }).account;
    expect(deploy).toMatch(new RegExp(`lock\\(resource: 'serverless-api-${stage}'`));
    expect(deploy).toContain(`withCredentials([aws(credentialsId: 'aws-${account}')])`);
    expect(deploy.indexOf(`sh 'npm run deploy -- --stage ${stage}'`)).toBeGreaterThan(-1);
    expect(deploy.indexOf(`sh 'npm run smoke -- --stage ${stage}'`)).toBeGreaterThan(deploy.indexOf('npm run deploy'));
    expect(deploy).toMatch(/when \{ branch 'main' \}/);
  });

  it.each(DEPLOYED)('rolls %s back by itself when its smoke test fails, smoke-tests the restored build, and still fails', (stage) => {
    const deploy = stages.get(`Deploy ${stage}`)!;
    const smoke = `sh 'npm run smoke -- --stage ${stage}'`;
    const rollback = `sh 'npm run rollback -- --stage ${stage}'`;
    // Only a failed smoke test (sh's AbortException) rolls back: an abort or a timeout of the build does not.
    const block = /try \{\n([^]*?)\n\s*\} catch \(hudson\.AbortException (\w+)\) \{\n([^]*?)\n\s*\}\n/.exec(deploy);
    expect(block).not.toBeNull();
    const [, tried, failure, handled] = block!;
    expect(deploy.indexOf(`sh 'npm run deploy -- --stage ${stage}'`)).toBeLessThan(deploy.indexOf('try {'));
    expect(stepsOf(tried!)).toEqual([smoke]);
    expect(stepsOf(handled!)).toEqual([rollback, smoke, `throw ${failure}`]);
  });

  it('rolls back with sls rollback, to the deployment before the current one', () => {
    expect(scripts.rollback).toBe('node scripts/rollback-stage.cjs');
    const rollbackScript = fs.readFileSync(path.join(root, 'scripts', 'rollback-stage.cjs'), 'utf8');
    expect(rollbackScript).toMatch(/sls\(\['deploy', 'list', '--stage', stage\]/);
    expect(rollbackScript).toMatch(/sls\(\['rollback', '--stage', stage, '--timestamp', target\]\)/);
  });

  it('builds on the NodeJS tool node-22, a plugin its header names', () => {
    expect(jenkinsfile).toMatch(/\n {4}tools \{\s*nodejs 'node-22'\s*\}/);
    const header = jenkinsfile.slice(0, jenkinsfile.indexOf('pipeline {'));
    expect(header).toMatch(/plugins [^]*NodeJS/);
    expect(header).toMatch(/NodeJS\s+(?:\/\/ )?installation named node-22/);
  });

  it('deploys with sls deploy --package dist/<stage>, never rebuilding', () => {
    expect(scripts.deploy).toBe('node scripts/deploy-stage.cjs');
    const deployScript = fs.readFileSync(path.join(root, 'scripts', 'deploy-stage.cjs'), 'utf8');
    expect(deployScript).toMatch(/'deploy', '--stage', stage, '--package', packageDir\]/);
    expect(deployScript).toMatch(/packageDir = path\.join\('dist', stage\)/);
  });

  it.each(['staging', 'prod'])('asks for approval before %s: an input with a submitter group inside a timeout, between milestones', (stage) => {
    const approval = stages.get(`Approve ${stage}`)!;
    expect(approval).toMatch(/timeout\(time: \d+, unit: '\w+'\) \{\s*input message: [^]*?submitter: '[\w-]+'\s*\}/);
    const [before, after] = milestones(approval);
    expect(approval.indexOf('milestone(')).toBeLessThan(approval.indexOf('input '));
    expect(approval.lastIndexOf('milestone(')).toBeGreaterThan(approval.indexOf('input '));
    expect(after).toBeGreaterThan(before!);
  });

  it('asks for an explicit approval before promoting a build that breaks API clients (npm run client:breaking)', () => {
    const approval = stages.get('Approve staging')!;
    const check = /sh\(script: "npm run client:breaking -- --base-ref \$\{baseRef\}", returnStatus: true\)/.exec(approval);
    expect(check).not.toBeNull();
    expect(scripts['client:breaking']).toBe('tsx scripts/client-breaking.ts');
    expect(approval).toMatch(/String baseRef = env\.GIT_PREVIOUS_SUCCESSFUL_COMMIT \?: '[^']+'/);
    // Exit 1 (breaking): its own input, inside a timeout, for the releasers; any other failure stops the build.
    const onBreaking = /if \(breaking == 1\) \{\s*timeout\(time: \d+, unit: '\w+'\) \{\s*input message: '[^']*breaks[^']*',[^]*?submitter: '[\w-]+'\s*\}\s*\}/.exec(approval);
    expect(onBreaking).not.toBeNull();
    expect(approval).toMatch(/\} else if \(breaking != 0\) \{\s*error\(/);
    // Asked after the stage's first milestone and before the regular approval, so a newer build still overtakes it.
    expect(check!.index).toBeGreaterThan(approval.indexOf('milestone('));
    expect(approval.indexOf("input message: 'Promote this build to staging?'")).toBeGreaterThan(onBreaking!.index);
  });

  it('numbers its milestones in increasing order, so an older build cannot overtake a newer one', () => {
    const ordinals = milestones(jenkinsfile);
    expect(ordinals.length).toBeGreaterThanOrEqual(DEPLOYED.length * 2);
    expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
    expect(new Set(ordinals).size).toBe(ordinals.length);
  });
});
