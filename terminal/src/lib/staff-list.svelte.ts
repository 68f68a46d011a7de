// The branch's staff who may sign in (names for pickers and "sold by"), loaded once per screen and refreshed on demand.
import { api } from './api.ts';

export interface StaffMember { id: string; name: string; roleName: string }

class StaffList {
  members = $state<StaffMember[]>([]);
  #loading: Promise<void> | null = null;

  /** Loads the list (again when `fresh`); a failure leaves the last list and rejects. */
  load(fresh = false): Promise<void> {
    if (!this.#loading || fresh) {
      this.#loading = api<{ staff: StaffMember[] }>('/api/v1/session/staff').then((r) => { this.members = r.staff; });
      this.#loading.catch(() => { this.#loading = null; });
    }
    return this.#loading;
  }

  nameOf(id: string): string | null {
    return this.members.find((m) => m.id === id)?.name ?? null;
  }
}

export const staffList = new StaffList();
