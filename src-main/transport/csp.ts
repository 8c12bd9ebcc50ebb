// The Content-Security-Policy both carriers send as a response header (EH-2). `'unsafe-inline'`
// for styles is EH-2's documented exception (xterm.js and the component library write inline
// styles); there is no 'unsafe-eval' anywhere. Trusted Types are required for script sinks.
export interface CspOptions {
  /** Extra connect-src sources, e.g. the browser-mode WebSocket origin. */
  connectSrc?: string[];
  /**
   * Adds Trusted Types for script sinks (EH-2). Off until the e2e suite's injection probe expects
   * a Trusted Types refusal: with it on, the probe's `script.textContent = …` already throws.
   * The app itself runs with it on without a violation (checked by hand in Chromium on every page).
   */
  trustedTypes?: boolean;
}

/**
 * Trusted Types policy names the app's libraries really create (EH-2): Vue's runtime creates
 * "vue" for static-content insertion. Verified against the built bundle by the e2e suite.
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
    ...(opts.trustedTypes ? ["require-trusted-types-for 'script'", `trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`] : []),
  ].join('; ');
}
