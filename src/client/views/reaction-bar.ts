/**
 * The reactions under a message: one button per emoji, showing the emoji and its count (its
 * accessible name, e.g. "👍 2"), pressed when one of them is mine, the reactors' names on hover;
 * the message's `React` action opens the picker. Clicks are handled by ReactionRequests.listen.
 */
import type { Reaction } from '../../shared/types';
import { h } from '../dom';
import { fullName, type NameParts } from '../names';

export type ReactionContext = { me: string; nameOf(username: string): NameParts };

/** The bar's buttons as they should be: what `renderReactionBar` draws. Pure, for the tests. */
export type ReactionChip = { emoji: string; count: number; mine: boolean; title: string };

export function reactionChips(reactions: readonly Reaction[], context: ReactionContext): ReactionChip[] {
  const me = context.me.toLowerCase();
  return reactions
    .filter((reaction) => reaction.users.length > 0)
    .map((reaction) => ({
      emoji: reaction.emoji,
      count: reaction.users.length,
      mine: reaction.users.some((user) => user.toLowerCase() === me),
      title: `${reactorsText(reaction.users.map((user) => (user.toLowerCase() === me ? 'You' : fullName(context.nameOf(user)))))} reacted with ${reaction.emoji}`,
    }));
}

/** "alice", "alice and bob", "alice, bob and carol". */
export function reactorsText(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** Redraws `bar` only when what it shows changed, keeping the focus on a reaction that stays. */
export function renderReactionBar(bar: HTMLElement, reactions: readonly Reaction[], context: ReactionContext): void {
  const chips = reactionChips(reactions, context);
  const signature = JSON.stringify(chips);
  if (bar.dataset.shown === signature) return;
  bar.dataset.shown = signature;
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && bar.contains(active) ? active.dataset.reaction : undefined;
  for (const old of Array.from(bar.querySelectorAll('button[data-reaction]'))) old.remove();
  for (const chip of chips) {
    const button = h(
      'button',
      { type: 'button', class: 'reaction', 'data-reaction': chip.emoji, 'aria-pressed': String(chip.mine), title: chip.title },
      h('span', { class: 'reaction-emoji' }, chip.emoji),
      ' ',
      h('span', { class: 'reaction-count' }, String(chip.count)),
    );
    bar.append(button);
    if (chip.emoji === focused) button.focus();
  }
  // The focused reaction went (my last one, removed): the focus goes to its message.
  if (focused !== undefined && !bar.contains(document.activeElement)) bar.closest<HTMLElement>('li[data-id]')?.focus();
  bar.classList.toggle('has-reactions', chips.length > 0);
}
