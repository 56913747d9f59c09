// Types for scripts and tests that call config/serverless.cjs directly (see scripts/local-settings.ts).
export declare function settingsFor(stage: string): unknown;
