/**
 * A budget for the bytes held in bodies whose signature is not yet checked, across all requests. A
 * body must be buffered before its HMAC can be checked, so without a bound anyone who finds the URL can
 * make the receiver hold `connections × 3 MB` (400 forged uploads: 1.2 GB). Over the budget a request
 * is answered 503 before its body is read.
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

  /** Takes `bytes` more for a body of `total` bytes so far (or declared); false when over the budget. */
  take(bytes: number, total: number): boolean {
    const ceiling = total > SMALL_BODY_BYTES ? this.largeCeiling : this.limit;
    if (this.held + bytes > ceiling) return false;
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
