// Screen routing on the History API: one path per screen, so a reload lands on the same screen.

export interface ScreenDef { path: string; title: string }

class Router {
  path = $state(location.pathname);

  constructor() {
    window.addEventListener('popstate', () => (this.path = location.pathname));
  }

  navigate(path: string): void {
    if (path === this.path) return;
    history.pushState({}, '', path);
    this.path = path;
  }
}

export const router = new Router();
