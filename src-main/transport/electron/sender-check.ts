// EH-6 (a)(b): an IPC message is served only if it comes from the top frame of a window this
// app created for the management UI, showing the app's own origin.
export interface SenderFacts {
  /** event.senderFrame?.url, or null when the frame is gone. */
  frameUrl: string | null;
  /** event.senderFrame?.parent === null */
  isTopFrame: boolean;
  /** event.sender.id */
  webContentsId: number;
}

export interface TrustPolicy {
  /** The app's origin: `app://xendeck`, or the dev server's origin in development. */
  origins: readonly string[];
  /** webContents ids created by the window factory for the management UI. */
  webContentsIds: ReadonlySet<number>;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** `scheme://host` of a URL, or null when it does not parse. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes have an opaque origin ("null") in WHATWG URL; compare scheme+host ourselves.
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function checkSender(facts: SenderFacts, policy: TrustPolicy): SenderVerdict {
  if (facts.frameUrl === null) return { ok: false, reason: 'the sending frame is gone' };
  if (!facts.isTopFrame) return { ok: false, reason: 'sent from a subframe' };
  const origin = originOf(facts.frameUrl);
  if (origin === null) return { ok: false, reason: 'the sender URL does not parse' };
  if (!policy.origins.includes(origin)) return { ok: false, reason: `origin ${origin} is not the app` };
  if (!policy.webContentsIds.has(facts.webContentsId)) return { ok: false, reason: `webContents ${facts.webContentsId} is not a management window` };
  return { ok: true };
}

/** The origin a URL string has, for building the policy from the URL the window loads. */
export function appOrigin(url: string): string {
  const o = originOf(url);
  if (o === null) throw new Error(`not a URL: ${url}`);
  return o;
}
