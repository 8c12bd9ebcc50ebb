// The cfg engine's public face: parse (Xen-exact, lossless), edit (minimal diffs, verified), legacy
// xm handling, and the option schema and sub-languages. Pure TypeScript (layer 1).
export type * from './model';
export * from './syntax';
export * from './edit';
export * from './xm';
export * from './schema';
export * from './sublang';
export * from './lint';
