// What a connection cost the dom0 and the network (issue 5 §11): bytes on the wire and the
// channels opened. Counts only — no command text, no host output, no secrets — so any view or
// log may show them.

export interface ConnectionStats {
  /** Bytes written to and read from the TCP socket: SSH framing, encryption, keepalives included.
   * A connection through a jump host travels inside the jump host's connection and is counted there. */
  bytesSent: number;
  bytesReceived: number;
  /** SSH connections opened (each reconnect of a host is one more). */
  connects: number;
  /** Channels opened (the host accepted them), by kind: commands, SFTP sessions, TCP forwards (VNC, jump hops). */
  execs: number;
  sftpSessions: number;
  forwards: number;
}

export function emptyStats(): ConnectionStats {
  return { bytesSent: 0, bytesReceived: 0, connects: 0, execs: 0, sftpSessions: 0, forwards: 0 };
}

export function addStats(a: ConnectionStats, b: Readonly<ConnectionStats>): ConnectionStats {
  return {
    bytesSent: a.bytesSent + b.bytesSent,
    bytesReceived: a.bytesReceived + b.bytesReceived,
    connects: a.connects + b.connects,
    execs: a.execs + b.execs,
    sftpSessions: a.sftpSessions + b.sftpSessions,
    forwards: a.forwards + b.forwards,
  };
}

export function subStats(a: Readonly<ConnectionStats>, b: Readonly<ConnectionStats>): ConnectionStats {
  return addStats({ ...a }, {
    bytesSent: -b.bytesSent,
    bytesReceived: -b.bytesReceived,
    connects: -b.connects,
    execs: -b.execs,
    sftpSessions: -b.sftpSessions,
    forwards: -b.forwards,
  });
}

interface StatsSource {
  stats(): Readonly<ConnectionStats>;
}

/**
 * Per host name, the sum over every connection made to it: the live ones read on demand, the
 * closed ones folded in when they close. Memory stays one entry per host however often it
 * reconnects.
 */
export class ConnectionStatsRegistry {
  private readonly closed = new Map<string, ConnectionStats>();
  private readonly live = new Map<string, Set<StatsSource>>();
  /** What was already folded into `closed` for a source that connects again after a close. */
  private readonly folded = new WeakMap<StatsSource, ConnectionStats>();

  /** C is connecting (again). */
  open(host: string, c: StatsSource): void {
    const set = this.live.get(host) ?? new Set();
    set.add(c);
    this.live.set(host, set);
  }

  /** C closed: what it counted since it opened joins the host's total. */
  close(host: string, c: StatsSource): void {
    const set = this.live.get(host);
    if (!set?.delete(c)) return;
    if (set.size === 0) this.live.delete(host);
    const now = c.stats();
    this.closed.set(host, addStats(this.closed.get(host) ?? emptyStats(), subStats(now, this.folded.get(c) ?? emptyStats())));
    this.folded.set(c, { ...now });
  }

  /** Every connection to HOST so far, live and closed. */
  of(host: string): ConnectionStats {
    let total = this.closed.get(host) ?? emptyStats();
    for (const c of this.live.get(host) ?? []) total = addStats(total, subStats(c.stats(), this.folded.get(c) ?? emptyStats()));
    return total;
  }

  hosts(): string[] {
    return [...new Set([...this.closed.keys(), ...this.live.keys()])].sort();
  }
}

/** The registry every HostConnection reports to unless given another: this process's totals. */
export const connectionTotals = new ConnectionStatsRegistry();
