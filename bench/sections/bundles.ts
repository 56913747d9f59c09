// 1. Bundle size: every function built the way serverless-esbuild builds it for deployment (the options of
// serverless.yml `custom.esbuild`, with the stage's `esbuildDefine`): bytes (minified where the stage minifies) and gzip bytes.
import { build, type BuildOptions } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import YAML from 'yaml';
import { stageSettings } from '../../scripts/local-settings';
import { packagedDocument, perFunctionSwitches } from '../../config/esbuild-plugins.cjs';
import { root, type BenchFunction } from '../lib/catalog';

export interface BundleFigure {
  function: string;
  stage: string;
  /** The bundle's bytes, minified or not as the stage builds it (`minified`). */
  bytes: number;
  minified: boolean;
  gzipBytes: number;
  /** The biggest inputs by bytes in the bundle, grouped by package (or `ours` for the repository's code). */
  largestInputs: { input: string; bytes: number }[];
}

/** serverless.yml's esbuild options, as esbuild's own build options for one stage. */
export function deployBuildOptions(stage: string): BuildOptions {
  const serverless = YAML.parse(fs.readFileSync(path.join(root, 'serverless.yml'), 'utf8'));
  const { bundle, target, platform, format, exclude, sourcesContent } = serverless.custom.esbuild;
  const { minify, keepNames } = stageSettings(stage).build;
  return {
    bundle,
    minify,
    target,
    platform,
    format,
    keepNames,
    sourcesContent,
    external: exclude,
    define: stageSettings(stage).esbuildDefine,
    plugins: [perFunctionSwitches(stageSettings(stage).tracedHandlers, root), packagedDocument(stageSettings(stage).packagedDocument, root)],
    logLevel: 'silent',
    absWorkingDir: root,
  };
}

/** Bundles one entry (a handler source file) to `outFile`; returns what went into it. */
export async function bundleEntry(entry: string, outFile: string, stage: string) {
  const result = await build({ ...deployBuildOptions(stage), entryPoints: [entry], outfile: outFile, metafile: true });
  const output = Object.values(result.metafile.outputs)[0]!;
  return output.inputs;
}

const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (!match) return 'ours';
  return match[1]!;
};

export async function measureBundles(functions: BenchFunction[], stages: string[], buildDir: string): Promise<BundleFigure[]> {
  const figures: BundleFigure[] = [];
  for (const stage of stages) {
    for (const fn of functions) {
      const outFile = path.join(buildDir, stage, `${fn.name}.js`);
      const inputs = await bundleEntry(fn.sourceFile, outFile, stage);
      const code = fs.readFileSync(outFile);
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      }
      figures.push({
        function: fn.name,
        stage,
        bytes: code.length,
        minified: stageSettings(stage).build.minify,
        gzipBytes: gzipSync(code).length,
        largestInputs: [...byPackage]
          .map(([input, bytes]) => ({ input, bytes }))
          .sort((a, b) => b.bytes - a.bytes)
          .slice(0, 4),
      });
    }
  }
  return figures;
}
