// Short-lived notices at the bottom of the screen; errors stay until dismissed.

export type ToastKind = 'info' | 'success' | 'error';
export interface ToastItem { id: number; kind: ToastKind; text: string }

class Toasts {
  items = $state<ToastItem[]>([]);
  #next = 1;

  show(text: string, kind: ToastKind = 'info', ms = 3000): void {
    const id = this.#next++;
    this.items.push({ id, kind, text });
    if (kind !== 'error') setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
