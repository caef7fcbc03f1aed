export const TSX_IMPORT: readonly string[];
export function enableTypeScript(): void;
export function releaseTypeScript(): Promise<void>;
