/**
 * The seam between a message's `React` button and the emoji picker. The row calls
 * `open(channelId, messageId, anchor)` with the button as anchor; the picker (emoji/reaction-picker.ts,
 * through ReactionRequests.openPicker) shows itself there and reacts with what is picked.
 */
export interface ReactionPicker {
  /** `anchor`: the React button pressed; focus goes back to it when the picker closes. */
  open(channelId: string, messageId: string, anchor: HTMLElement): void;
}
