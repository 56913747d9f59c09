// What the repository ships: no secret committed other than the throwaway HS256 secret of the local and test
// stages. (The other half, no high or critical advisory in the production dependencies, is `npm run audit`:
// it needs the registry's audit endpoint, which refuses these offline machines (405), so the Jenkinsfile's
// Audit stage runs it; test/delivery/jenkinsfile.test.ts checks that it does.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stageSettings } from '../../scripts/local-settings';

const root = path.resolve(__dirname, '..', '..');

describe('committed secrets', () => {
  const allowed = new Set(
    ['local', 'test'].map((stage) => stageSettings(stage).stageConfig.auth.hs256Secret as string | null).filter((s): s is string => Boolean(s)),
  );
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)
    .filter((file) => fs.existsSync(path.join(root, file)) && fs.statSync(path.join(root, file)).isFile());

  /** Each rule finds a candidate; the captured value (group 1) is a finding unless it is the allowed local secret. */
  const rules: { name: string; pattern: RegExp; files?: RegExp }[] = [
    { name: 'private key', pattern: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----)/g },
    { name: 'AWS access key id', pattern: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/g },
    { name: 'AWS secret access key', pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b/gi },
    { name: 'GitHub or Slack token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,})/g },
    { name: 'signed JWT', pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})/g },
    // Settings in config files: `hs256Secret: value`, `password: value`, `API_TOKEN=value`.
    {
      name: 'secret setting',
      pattern: /^\s*(?:export\s+)?[\w.-]*(?:secret|password|passwd|api[_-]?key|private[_-]?key|token)[\w.-]*\s*[:=]\s*["']?([^\s"'#,}]{8,})/gim,
      files: /\.(ya?ml|json|env|ini|toml|properties|npmrc|cfg|conf)$|(^|\/)\.env[^/]*$/,
    },
    // String literals assigned to secret-named variables in code.
    { name: 'secret literal in code', pattern: /(?:secret|password|passwd|apiKey|api_key|privateKey)\w*["']?\s*[:=]\s*["'`]([^"'`\s$]{12,})["'`]/gi, files: /\.(ts|js|cjs|mjs|groovy|sh)$|Jenkinsfile$/ },
  ];

  it('scans every tracked text file', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(allowed.size).toBe(1);
  });

  it('finds no private key, AWS key, token or secret other than the local stages\' HS256 secret', () => {
    const findings: string[] = [];
    for (const file of files) {
      const buffer = fs.readFileSync(path.join(root, file));
      if (buffer.length > 5_000_000 || buffer.includes(0)) continue; // binary
      const text = buffer.toString('utf8');
      for (const rule of rules) {
        if (rule.files && !rule.files.test(file)) continue;
        for (const match of text.matchAll(rule.pattern)) {
          const value = match[1]!;
          if (allowed.has(value) || /^(null|~|none|true|false|undefined)$/i.test(value) || /^\$\{/.test(value)) continue;
          const line = text.slice(0, match.index).split('\n').length;
          findings.push(`${file}:${line}: ${rule.name} (${value.slice(0, 6)}...)`);
        }
      }
    }
    expect(findings).toEqual([]);
  });

  it('keeps the allowed secret to the local stages: no deployed stage has an HS256 secret', () => {
    for (const stage of ['dev', 'staging', 'prod']) expect(stageSettings(stage).stageConfig.auth.hs256Secret).toBeNull();
  });
});
