export function enableTypeScript(): void;
export function releaseTypeScript(): Promise<void>;
