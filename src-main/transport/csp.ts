// The Content-Security-Policy both carriers send as a response header (EH-2). `'unsafe-inline'`
// for styles is EH-2's documented exception (xterm.js and the component library write inline
// styles); there is no 'unsafe-eval' anywhere. Trusted Types are required for script sinks.
// src-renderer/index.html carries the same policy as a <meta> fallback: keep the two equal.
export interface CspOptions {
  /** Extra connect-src sources, e.g. the browser-mode WebSocket origin. */
  connectSrc?: string[];
}

/**
 * The Trusted Types policy names the app's libraries really create (EH-2). Only Vue's runtime
 * creates one ("vue", for its HTML insertion); the built bundle has no other createPolicy.
 * Measured in Chromium: with `trusted-types 'none'` Vue's policy is refused and the app never
 * gets past "connecting"; with "vue" the whole e2e suite, which records every violation on every
 * page, runs without one. A library that adds a policy shows up there as a `trusted-types` violation.
 */
export const TRUSTED_TYPES_POLICIES = ['vue'];

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const connect = ["'self'", ...(opts.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    // Script sinks (innerHTML, script.textContent, eval…) take only Trusted Types values.
    "require-trusted-types-for 'script'",
    `trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
  ].join('; ');
}
