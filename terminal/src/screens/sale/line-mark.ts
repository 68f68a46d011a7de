// A User Timing mark each time a cart line is first rendered (the scan-to-line benchmark reads it); only the latest is kept.
export function markLineRendered(_node: HTMLElement): void {
  performance.clearMarks('cart-line-rendered');
  performance.mark('cart-line-rendered');
}
