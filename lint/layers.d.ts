// Types of lint/layers.js for the tests that read its allowlists (eslint.config.js loads the .js).
export declare const NODE: 'node';
export declare const LAYERS: Record<string, readonly string[]>;
export declare function layerOf(repoPath: string): string | null;
export declare const layersPlugin: { rules: Record<string, unknown> };
