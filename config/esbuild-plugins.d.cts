import type { Plugin } from 'esbuild';

declare function plugins(serverless: unknown): Plugin[];
declare namespace plugins {
  /** The per-function build-time switches (see esbuild-plugins.cjs) for the handler files in `tracedHandlers`. */
  function perFunctionSwitches(tracedHandlers: string[], root?: string): Plugin;
}
export = plugins;
