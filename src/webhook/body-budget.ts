/**
 * A budget for the bytes held in bodies whose signature is not yet checked, across all requests. A
 * body must be buffered before its HMAC can be checked, so without a bound anyone who finds the URL can
 * make the receiver hold `connections × 3 MB` (400 forged uploads: 1.2 GB). Over the budget a request
 * is answered 503 before its body is read.
 *
 * Part of the budget is kept for small bodies (Meta's usual deliveries are a few KB): large uploads
 * cannot use it, so a flood of large forged bodies does not starve real deliveries.
 *
 * A declared length is held from the headers on, before its bytes arrive: reading a body that the
 * budget could not finish would waste the bytes read. So requests that send headers and then stall
 * would hold the budget until the server's body timeout (about 520 of them, 100 KB of traffic, fill
 * 32 MiB for 30 s). When a request finds the budget full, requests whose bodies arrive too slowly are
 * dropped to make room, oldest first and only as many as it needs: past a short grace, a body must
 * arrive at MIN_BODY_BYTES_PER_SECOND and fast enough to be whole within BODY_ARRIVAL_MS, so every
 * byte held costs a sender the same (holding the whole default budget takes about 6 MiB/s of real
 * traffic). Nothing is dropped while there is room: a slow body on an idle receiver is let finish,
 * and the usual delivery pays one clock read and a list link, nothing per byte.
 */

/** Bodies up to this size count as small. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** While the budget is full, a body arriving slower than this (on average past its grace) may be dropped. */
export const MIN_BODY_BYTES_PER_SECOND = 16 * 1024;

/** ... or slower than would bring all of it within this long (3 MiB: about 600 KiB/s). */
export const BODY_ARRIVAL_MS = 5000;

/**
 * How long a body may take to start, past its headers, before a rate applies: about a round trip of
 * a distant sender. A body that starts later (after `Expect: 100-continue` on a long round trip) may
 * be dropped while the budget is full; its sender delivers again, as after any 408. A longer grace
 * would let senders of bare headers hold the budget more cheaply (they need only reconnect within it).
 */
export const BODY_RATE_GRACE_MS = 100;

/** What a dropped request's reader is told. */
export const DROPPED = { ok: false, reason: 'body_too_slow' } as const;

export class UnverifiedBytesBudget {
  /** Bytes held now. */
  held = 0;
  /** What large bodies may hold together: the rest is kept for small ones. */
  readonly largeCeiling: number;
  /** The tickets holding bytes, oldest first, linked through the tickets (no allocation per request). */
  private oldest: BudgetTicket | undefined;
  private newest: BudgetTicket | undefined;

  constructor(
    readonly limit: number,
    /** Milliseconds on a monotonic clock (tests give their own). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.largeCeiling = limit - Math.min(Math.floor(limit / 4), 8 * 1024 * 1024);
  }

  /** A holder for one request's bytes; release it once the signature is checked or the request ends. */
  ticket(): BudgetTicket {
    return new BudgetTicket(this);
  }

  /**
   * Takes `bytes` more for `taker`'s body of `total` bytes so far (or declared); false when over the
   * budget even after dropping the bodies that arrive too slowly.
   */
  take(bytes: number, total: number, taker?: BudgetTicket): boolean {
    const ceiling = total > SMALL_BODY_BYTES ? this.largeCeiling : this.limit;
    if (this.held + bytes > ceiling && !this.dropSlow(this.held + bytes - ceiling, taker)) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }

  link(ticket: BudgetTicket): void {
    ticket.since = this.now();
    ticket.older = this.newest;
    ticket.newer = undefined;
    if (this.newest) this.newest.newer = ticket;
    else this.oldest = ticket;
    this.newest = ticket;
  }

  unlink(ticket: BudgetTicket): void {
    if (ticket.older) ticket.older.newer = ticket.newer;
    else if (this.oldest === ticket) this.oldest = ticket.newer;
    if (ticket.newer) ticket.newer.older = ticket.older;
    else if (this.newest === ticket) this.newest = ticket.older;
    ticket.older = ticket.newer = undefined;
  }

  /**
   * Drops the oldest tickets that arrive too slowly (never the taker's own) until `needed` bytes are
   * free; false, dropping none, when they hold too little. The list is oldest first, so the walk
   * stops at the first ticket still in its grace, or once enough is found.
   */
  private dropSlow(needed: number, taker: BudgetTicket | undefined): boolean {
    const now = this.now();
    const slow: BudgetTicket[] = [];
    let found = 0;
    for (let t = this.oldest; t && found < needed && now - t.since > BODY_RATE_GRACE_MS; t = t.newer) {
      if (t !== taker && t.tooSlow(now)) {
        slow.push(t);
        found += t.heldBytes;
      }
    }
    if (found < needed) return false;
    // Dropping answers those requests at once, which may release other tickets: the walk is done first.
    for (const t of slow) t.drop();
    return true;
  }
}

export class BudgetTicket {
  /** Bytes held for this request (its declared length, or what has arrived). */
  heldBytes = 0;
  /** Body bytes received so far. */
  received = 0;
  /** When this ticket first held bytes (the budget's clock). */
  since = 0;
  older: BudgetTicket | undefined;
  newer: BudgetTicket | undefined;
  /**
   * Told, with DROPPED, when the budget drops this ticket's request for arriving too slowly (the ticket
   * is released first). The reader's own completion function, not a closure made for it: one more
   * closure per request cost `wabc webhook serve` about 30 µs of CPU per 16 KB delivery.
   */
  onDrop: ((result: typeof DROPPED) => void) | undefined;

  constructor(private readonly budget: UnverifiedBytesBudget) {}

  /** Makes sure `total` bytes are held for this request; false (holding nothing more) when over budget. */
  cover(total: number): boolean {
    if (total <= this.heldBytes) return true;
    if (!this.budget.take(total - this.heldBytes, total, this)) return false;
    if (this.heldBytes === 0) this.budget.link(this);
    this.heldBytes = total;
    return true;
  }

  /** Records that `size` bytes of the body have arrived in all, and holds them. */
  arrived(size: number): boolean {
    this.received = size;
    return this.cover(size);
  }

  release(): void {
    if (this.heldBytes === 0) return;
    this.budget.give(this.heldBytes);
    this.budget.unlink(this);
    this.heldBytes = 0;
  }

  /** Past its grace, short of the bytes that should have arrived by `now` (see the top of this file). */
  tooSlow(now: number): boolean {
    const elapsed = now - this.since - BODY_RATE_GRACE_MS;
    const perMs = Math.max(MIN_BODY_BYTES_PER_SECOND / 1000, this.heldBytes / BODY_ARRIVAL_MS);
    return elapsed > 0 && this.received < perMs * elapsed;
  }

  /** Gives the bytes back and tells the request it was dropped. */
  drop(): void {
    this.release();
    this.onDrop?.(DROPPED);
  }
}
