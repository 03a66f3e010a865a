export declare const SERVER_HEAP_FLAGS: readonly string[];
export declare function boundedServerArgv(execPath: string, execArgv: readonly string[], argv: readonly string[], nodeOptions: string | undefined): string[] | null;
