/**
 * A budget for the bytes held in bodies whose signature is not yet checked, across all requests. A
 * body must be buffered before its HMAC can be checked, so without a bound anyone who finds the URL can
 * make the receiver hold `connections × 3 MB` (400 forged uploads: 1.2 GB). Only bytes received are
 * held: a declared Content-Length is checked against what is free, so that a body that cannot fit is
 * answered 503 before it is read, but holds nothing until its bytes arrive — otherwise headers alone,
 * sent and never followed by a body, would fill the budget for the price of a few hundred bytes each.
 *
 * Part of the budget is kept for small bodies (Meta's usual deliveries are a few KB): large uploads
 * cannot use it, so a flood of large forged bodies does not starve real deliveries.
 */

/** Bodies up to this size count as small. */
export const SMALL_BODY_BYTES = 64 * 1024;

export class UnverifiedBytesBudget {
  /** Bytes held now. */
  held = 0;
  /** What large bodies may hold together: the rest is kept for small ones. */
  readonly largeCeiling: number;

  constructor(readonly limit: number) {
    this.largeCeiling = limit - Math.min(Math.floor(limit / 4), 8 * 1024 * 1024);
  }

  /** A holder for one request's bytes; release it once the signature is checked or the request ends. */
  ticket(): BudgetTicket {
    return new BudgetTicket(this);
  }

  /** Whether `bytes` more fit now for a body of `total` bytes (so far, or declared). */
  fits(bytes: number, total: number): boolean {
    return this.held + bytes <= (total > SMALL_BODY_BYTES ? this.largeCeiling : this.limit);
  }

  /** Takes `bytes` more for a body of `total` bytes so far; false (taking nothing) when over the budget. */
  take(bytes: number, total: number): boolean {
    if (!this.fits(bytes, total)) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}

export class BudgetTicket {
  private heldBytes = 0;

  constructor(private readonly budget: UnverifiedBytesBudget) {}

  /** Whether a body of `total` bytes would fit now, without holding anything for it. */
  fits(total: number): boolean {
    return total <= this.heldBytes || this.budget.fits(total - this.heldBytes, total);
  }

  /** Makes sure `total` bytes are held for this request; false (holding nothing more) when over budget. */
  cover(total: number): boolean {
    if (total <= this.heldBytes) return true;
    if (!this.budget.take(total - this.heldBytes, total)) return false;
    this.heldBytes = total;
    return true;
  }

  release(): void {
    this.budget.give(this.heldBytes);
    this.heldBytes = 0;
  }
}
