// Terminal entry: mounts the app shell, or the customer display on /display/<counter> (its own read-only socket, no shell).
import { mount } from 'svelte';
import './app.css';

const target = document.getElementById('app')!;
if (/^\/display(\/|$)/.test(location.pathname)) {
  // Loaded lazily so the display never opens the counter's socket (connection.svelte.ts) and stays read-only.
  void import('./screens/Display.svelte').then(({ default: Display }) => mount(Display, { target }));
} else {
  void import('./App.svelte').then(({ default: App }) => mount(App, { target }));
}
