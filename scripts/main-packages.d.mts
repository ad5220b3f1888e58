export declare const BUNDLED_PACKAGES: readonly string[];
export declare function externalPackages(): string[];
