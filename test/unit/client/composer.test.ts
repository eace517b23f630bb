import { expect } from 'chai';
import { parseComposerText, pendingRecipient } from '../../../src/client/composer-intent';
import { typingText } from '../../../src/client/page-renderer';
import { TypingSignal } from '../../../src/client/typing-signal';

describe('Composer', () => {
  describe('parseComposerText', () => {
    it('sends plain text to the open conversation, trimmed', () => {
      expect(parseComposerText('  hello\nthere  ')).to.deep.equal({ kind: 'message', text: 'hello\nthere' });
      expect(parseComposerText(' \n ')).to.deep.equal({ kind: 'empty' });
    });

    it('reads "@name message" as a private message', () => {
      expect(parseComposerText('@bob are you there?')).to.deep.equal({ kind: 'private', to: 'bob', text: 'are you there?' });
      expect(parseComposerText('@bob.smith-2 hi\nsecond line')).to.deep.equal({
        kind: 'private',
        to: 'bob.smith-2',
        text: 'hi\nsecond line',
      });
    });

    it('keeps "@name" alone, an email-like word or a bad name as ordinary text', () => {
      expect(parseComposerText('@bob')).to.deep.equal({ kind: 'message', text: '@bob' });
      expect(parseComposerText('mail me at bob@example.com')).to.include({ kind: 'message' });
      expect(parseComposerText('@bob! hi')).to.include({ kind: 'message' });
    });

    it('reads /nick as a nickname change, empty clearing it', () => {
      expect(parseComposerText('/nick  Captain Bob ')).to.deep.equal({ kind: 'nick', nickname: 'Captain Bob' });
      expect(parseComposerText('/nick')).to.deep.equal({ kind: 'nick', nickname: null });
      expect(parseComposerText('/nickname x')).to.include({ kind: 'unknown' });
    });
  });

  describe('pendingRecipient', () => {
    it('names the user while "@name" is being typed', () => {
      expect(pendingRecipient('@al')).to.equal('al');
      expect(pendingRecipient('@alice hello')).to.equal('alice');
      expect(pendingRecipient('hello @alice')).to.equal(undefined);
    });
  });

  describe('TypingSignal', () => {
    function harness() {
      let now = 0;
      const timers: { at: number; callback: () => void; id: number }[] = [];
      let nextId = 1;
      const sent: string[] = [];
      const signal = new TypingSignal({
        send: (event, channelId) => sent.push(`${event}:${channelId}@${now}`),
        now: () => now,
        setTimer: (callback, ms) => {
          const id = nextId++;
          timers.push({ at: now + ms, callback, id });
          return id;
        },
        clearTimer: (id) => {
          const index = timers.findIndex((timer) => timer.id === id);
          if (index >= 0) timers.splice(index, 1);
        },
      });
      const advance = (ms: number) => {
        const until = now + ms;
        for (;;) {
          timers.sort((a, b) => a.at - b.at);
          const due = timers[0];
          if (!due || due.at > until) break;
          timers.shift();
          now = due.at;
          due.callback();
        }
        now = until;
      };
      return { signal, sent, advance };
    }

    it('sends typing at most every 1.5 s while keys come, and doneTyping 2 s after the last', () => {
      const { signal, sent, advance } = harness();
      for (let i = 0; i < 20; i++) {
        signal.keystroke('c1');
        advance(200);
      }
      advance(3000);
      expect(sent).to.deep.equal(['typing:c1@0', 'typing:c1@1600', 'typing:c1@3200', 'doneTyping:c1@5800']);
    });

    it('ends at once on send, and on moving to another conversation', () => {
      const { signal, sent, advance } = harness();
      signal.keystroke('c1');
      advance(100);
      signal.keystroke('c2');
      advance(100);
      signal.stop();
      signal.stop();
      advance(5000);
      expect(sent).to.deep.equal(['typing:c1@0', 'doneTyping:c1@100', 'typing:c2@100', 'doneTyping:c2@200']);
    });
  });
});

describe('typingText', () => {
  it('names one or two typers and counts more', () => {
    expect(typingText([])).to.equal('');
    expect(typingText(['alice'])).to.equal('alice is typing…');
    expect(typingText(['alice', 'bob'])).to.equal('alice and bob are typing…');
    expect(typingText(['alice', 'bob', 'carol'])).to.equal('Several people are typing…');
  });
});
