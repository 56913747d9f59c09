// `npm run rollback -- --stage X`: what can be proven without AWS. The stage check and the argument handling
// run as the pipeline runs them; the choice of deployment and the two framework calls run against a stand-in
// for the `sls` CLI that answers `sls deploy list` as osls prints it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { deploymentsIn, rollBack, rollbackTarget, type Sls } from '../../scripts/rollback-stage.cjs';

const root = path.resolve(__dirname, '..', '..');

/** `sls deploy list` output, in osls's format (lib/plugins/aws/deploy-list.js), oldest deployment first. */
const listOutput = (...timestamps: number[]) =>
  timestamps
    .map((timestamp) => [
      new Date(timestamp).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
      `Timestamp: ${timestamp}`,
      'Files:',
      '  - compiled-cloudformation-template.json',
      '  - getFactorial.zip',
      '  - serverless-state.json',
    ].join('\n'))
    .join('\n');
const OLDER = 1764500000000;
const PREVIOUS = 1764600000000;
const CURRENT = 1764700000000;

function standInSls(listing: { status: number; stdout: string }, rollbackStatus = 0) {
  const calls: string[][] = [];
  const sls: Sls = (args) => {
    calls.push(args);
    return args[0] === 'deploy' ? listing : { status: rollbackStatus, stdout: '' };
  };
  return { sls, calls };
}
const quiet = { log: () => undefined, error: () => undefined };

function rollbackCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/rollback-stage.cjs', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('npm run rollback, offline', () => {
  it('refuses to run without a stage, printing its usage', () => {
    expect(rollbackCli()).toEqual({ status: 2, output: expect.stringMatching(/^Usage: npm run rollback -- --stage <stage>/) });
  });

  it.each(['local', 'test'])('refuses the %s stage, which runs on this machine', (stage) => {
    expect(rollbackCli('--stage', stage)).toEqual({ status: 2, output: expect.stringContaining(`Stage "${stage}" runs on this machine`) });
  });

  it('refuses a stage that config/stages does not have, naming the known ones', () => {
    expect(rollbackCli('--stage', 'nosuch')).toEqual({ status: 2, output: expect.stringMatching(/Unknown stage "nosuch".*Known stages: .*prod/) });
  });

  it('refuses a timestamp that is not a number of milliseconds', () => {
    expect(rollbackCli('--stage', 'dev', '--timestamp', 'yesterday')).toEqual({ status: 2, output: expect.stringMatching(/^Usage: /) });
  });
});

describe('the deployment to return to', () => {
  it('reads every deployment sls deploy list prints, oldest first, whatever order it comes in', () => {
    const output = `${listOutput(PREVIOUS, CURRENT)}\n${listOutput(OLDER)}`;
    expect(deploymentsIn(output).map((deployment) => deployment.timestamp)).toEqual([OLDER, PREVIOUS, CURRENT].map(String));
  });

  it('ignores a deployment without a compiled template, which sls rollback cannot return to', () => {
    const output = `${listOutput(PREVIOUS)}\n2026-12-02 20:00:00 UTC\nTimestamp: ${CURRENT}\nFiles:\n  - getFactorial.zip`;
    expect(deploymentsIn(output).map((deployment) => deployment.timestamp)).toEqual([String(PREVIOUS)]);
  });

  it('is the newest but one: the newest is what the stage runs now', () => {
    expect(rollbackTarget(deploymentsIn(listOutput(OLDER, PREVIOUS, CURRENT)))).toBe(String(PREVIOUS));
  });

  it('is the one asked for with --timestamp, when the bucket has it', () => {
    expect(rollbackTarget(deploymentsIn(listOutput(OLDER, PREVIOUS, CURRENT)), String(OLDER))).toBe(String(OLDER));
    expect(() => rollbackTarget(deploymentsIn(listOutput(PREVIOUS, CURRENT)), String(OLDER))).toThrow(/No deployment with timestamp/);
  });

  it('does not exist when the stage has been deployed once', () => {
    expect(() => rollbackTarget(deploymentsIn(listOutput(CURRENT)))).toThrow(/Nothing to roll back to/);
  });
});

describe('rolling back through the framework', () => {
  it('lists the stage deployments, then runs sls rollback to the previous one and returns its status', () => {
    const { sls, calls } = standInSls({ status: 0, stdout: listOutput(OLDER, PREVIOUS, CURRENT) }, 0);
    expect(rollBack('staging', undefined, sls, quiet)).toBe(0);
    expect(calls).toEqual([
      ['deploy', 'list', '--stage', 'staging'],
      ['rollback', '--stage', 'staging', '--timestamp', String(PREVIOUS)],
    ]);
  });

  it('fails when sls rollback fails', () => {
    const { sls } = standInSls({ status: 0, stdout: listOutput(PREVIOUS, CURRENT) }, 1);
    expect(rollBack('dev', undefined, sls, quiet)).toBe(1);
  });

  it('rolls nothing back and fails when the deployments cannot be listed (no credentials, no bucket)', () => {
    const { sls, calls } = standInSls({ status: 1, stdout: 'Error:\nAWS provider credentials not found.' });
    expect(rollBack('prod', undefined, sls, quiet)).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('rolls nothing back and fails when there is no previous deployment', () => {
    const { sls, calls } = standInSls({ status: 0, stdout: listOutput(CURRENT) });
    expect(rollBack('prod', undefined, sls, quiet)).toBe(1);
    expect(calls).toHaveLength(1);
  });
});
