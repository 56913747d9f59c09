import type { Plugin } from 'esbuild';

declare function plugins(serverless: unknown): Plugin[];
declare namespace plugins {
  /** The per-function build-time switches (see esbuild-plugins.cjs) for the handler files in `tracedHandlers`. */
  function perFunctionSwitches(tracedHandlers: string[], root?: string): Plugin;
  /** The OpenAPI document, built at package time, in the bundle of `packaged.handler` (settings.packagedDocument). */
  function packagedDocument(packaged: { handler: string; environment: Record<string, string> } | undefined, root?: string): Plugin;
}
export = plugins;
