// Types for tests that call scripts/package-stage.cjs directly.
export declare function packageStages(stages: string[], outDir?: string): Promise<string[]>;
export declare function allStages(): string[];
