/**
 * Which process holds a claimed row. Several processes of one installation
 * (two behind a load balancer, or the app restarted while an old one is still
 * stopping) share one database: a row one of them claimed (a broadcast
 * message being sent, a reply being delivered) must not be taken by another
 * while its owner lives, and must be taken back soon when its owner dies.
 *
 * A process is named `host/pid/start`. A row claimed by a process of this
 * host is taken back at once when that process is gone (its pid no longer
 * runs, or this very pid started again, as in a restarted container), and
 * never while it runs; a row claimed on another host is taken back only when
 * its lease runs out.
 *
 * @example
 * ```ts
 * const me = thisWorker();
 * if (isAbandoned(row.claimed_by, me)) requeue(row);
 * ```
 */
import { hostname } from 'node:os';

/** This process, as the owner of claimed rows. */
export interface WorkerIdentity {
  /** `host/pid/start`, unique per process start. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
}

let current: WorkerIdentity | undefined;

/** The identity of this process (the same for every part of it). */
export function thisWorker(): WorkerIdentity {
  if (!current) current = workerIdentity(hostname(), process.pid, Date.now());
  return current;
}

/** An identity for a host, pid and start time (tests build other processes' ones). */
export function workerIdentity(host: string, pid: number, startedAt: number): WorkerIdentity {
  // '/' cannot appear in a pid or a base-36 number; a host name with one still parses from the right.
  return { id: `${host}/${pid}/${startedAt.toString(36)}`, host, pid };
}

/** Splits an owner id into host and pid; undefined when it is not one. */
function parseOwner(owner: string): { host: string; pid: number } | undefined {
  const parts = owner.split('/');
  if (parts.length < 3) return undefined;
  const pid = Number(parts[parts.length - 2]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { host: parts.slice(0, -2).join('/'), pid };
}

/** Whether a process of this host with this pid runs (signal 0 only checks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `owner` names a process of this host (whose liveness {@link isAbandoned} can tell). */
export function isLocal(owner: string | null, me: WorkerIdentity = thisWorker()): boolean {
  const o = owner === null ? undefined : parseOwner(owner);
  return o !== undefined && o.host === me.host;
}

/**
 * Whether a row claimed by `owner` may be taken back now: it has no owner
 * (claimed before owners were recorded), or its owner ran on this host and
 * has stopped, or it ran on another host and `leaseOver` (its lease ran out).
 */
export function isAbandoned(owner: string | null, me: WorkerIdentity = thisWorker(), leaseOver = false): boolean {
  if (owner === null) return true;
  if (owner === me.id) return false;
  const o = parseOwner(owner);
  if (!o) return true;
  if (o.host !== me.host) return leaseOver;
  // The same pid with another start: this process's namesake from before a restart.
  if (o.pid === me.pid) return true;
  return !running(o.pid);
}
