/**
 * The skip links at the top of the page (views/chat.ejs), first in the Tab order. Following one
 * moves the focus itself, since a fragment alone would only scroll: to the messages, to the
 * message box, or to the conversations (opening the drawer on a narrow screen).
 */
export function wireSkipLinks(showConversations: () => void): void {
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('a.skip-link[href^="#"]'))) {
    link.addEventListener('click', (event) => {
      const id = link.hash.slice(1);
      if (id === 'sidebar') {
        event.preventDefault();
        showConversations();
        return;
      }
      const target = document.getElementById(id);
      if (!target) return;
      event.preventDefault();
      target.focus();
    });
  }
}
