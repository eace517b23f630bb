/**
 * Entry point of the chat page's script (bundled to public/js/chat.js): reads who is signed in
 * from the page, builds the app and connects.
 */
import { ChatApp } from './chat-app';
import { findPageElements } from './page';
import { PreferenceStore } from './preferences';
import { Chime } from './sounds';

function boot(): void {
  const { username, nickname, largeSite } = document.body.dataset;
  if (!username) throw new Error('The chat page names no user (data-username on <body>)');
  const app = new ChatApp(
    findPageElements(),
    { username, ...(nickname ? { nickname } : {}), online: true },
    new PreferenceStore(),
    new Chime(),
    largeSite === 'true',
  );
  app.start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
