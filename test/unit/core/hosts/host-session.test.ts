import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ApiError, type ErrorCode } from '@shared/api/errors';
import type { HostConnection } from '../../../../src-main/core/hosts/connection';
import { HostSession, backoffDelay, type SessionState, type Timers } from '../../../../src-main/core/hosts/host-session';

/** A connection whose connect() outcome the test decides. */
class FakeConnection extends EventEmitter {
  closed = false;
  constructor(private readonly outcome: ErrorCode | 'ok') {
    super();
  }
  async connect(): Promise<void> {
    if (this.outcome !== 'ok') throw new ApiError({ code: this.outcome, message: `fake ${this.outcome}` });
  }
  async exec() {
    return { stdout: 'ok', stderr: '', code: 0 };
  }
  close() {
    this.closed = true;
  }
  drop(code: ErrorCode = 'HOST_UNREACHABLE') {
    this.emit('close', new ApiError({ code, message: 'dropped' }));
  }
}

/** Timers the test fires by hand: no wall clock involved. */
function manualTimers() {
  const due: { fn: () => void; ms: number }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms };
      due.push(t);
      return t;
    },
    clearTimeout: (h) => {
      const i = due.indexOf(h as (typeof due)[number]);
      if (i >= 0) due.splice(i, 1);
    },
  };
  return { timers, due, fire: () => due.shift()?.fn() };
}

const tick = () => new Promise((r) => setImmediate(r));

function session(outcomes: (ErrorCode | 'ok')[], extra: { now?: () => number } = {}) {
  const made: FakeConnection[] = [];
  const m = manualTimers();
  const states: SessionState[] = [];
  const s = new HostSession({
    host: 'dom0-a',
    create: () => {
      const c = new FakeConnection(outcomes.shift() ?? 'ok');
      made.push(c);
      return c as unknown as HostConnection;
    },
    rng: () => 0.5,
    timers: m.timers,
    ...extra,
  });
  s.on('state', (st) => states.push(st));
  return { s, made, m, states };
}

describe('reconnect policy (RS-3)', () => {
  it('computes random(0, min(cap, base × 2^n))', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, () => 0.5))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(backoffDelay(100, () => 0.999)).toBe(59_940);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });

  it('retries transport failures with growing delays, then comes online', async () => {
    const { s, m, states } = session(['HOST_UNREACHABLE', 'TIMEOUT', 'HOST_UNREACHABLE', 'ok']);
    s.start();
    for (let i = 0; i < 3; i++) {
      await tick();
      m.fire();
    }
    await tick();
    expect(states.filter((x) => x.status === 'offline').map((x) => x.retryInMs)).toEqual([500, 1000, 2000]);
    expect(s.state.status).toBe('online');
    expect((await s.exec(['true'])).stdout).toBe('ok');
  });

  it('never retries a refused host key or login: it waits for the user', async () => {
    for (const code of ['HOST_KEY_CHANGED', 'AUTH_FAILED', 'HOST_KEY_UNKNOWN'] as const) {
      const { s, m } = session([code]);
      s.start();
      await tick();
      expect(s.state).toMatchObject({ status: 'offline', retryInMs: null, reason: { code } });
      expect(m.due).toEqual([]);
      await expect(s.exec(['true'])).rejects.toMatchObject({ code });
    }
  });

  it('reconnects after a drop, restarting the backoff once the link was stable', async () => {
    let now = 0;
    const { s, m, made, states } = session(['ok', 'HOST_UNREACHABLE', 'ok', 'ok'], { now: () => now });
    s.start();
    await tick();
    made[0].drop(); // quickly: attempt counter keeps growing
    await tick();
    m.fire();
    await tick();
    m.fire();
    await tick();
    expect(s.state.status).toBe('online');
    now += 10 * 60_000;
    made[2].drop(); // after 10 minutes up: back to the first delay
    await tick();
    const offline = states.filter((x) => x.status === 'offline').map((x) => x.retryInMs);
    expect(offline).toEqual([500, 1000, 500]);
  });

  it('stops cleanly: no timer left, the connection closed', async () => {
    const { s, m, made } = session(['HOST_UNREACHABLE', 'ok']);
    s.start();
    await tick();
    expect(m.due).toHaveLength(1);
    s.stop();
    expect(m.due).toEqual([]);
    expect(s.state.status).toBe('stopped');
    s.start();
    await tick();
    s.stop();
    expect(made[1].closed).toBe(true);
  });
});
