/**
 * The new-message sound: two short sine tones made with WebAudio, so no audio file ships with the
 * page. Browsers only allow audio after a user gesture, so the context is unlocked on the first one.
 */
type AudioContextConstructor = typeof AudioContext;

export class Chime {
  private context: AudioContext | undefined;
  private lastPlayed = 0;

  constructor() {
    const unlock = () => {
      this.ensureContext();
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
  }

  /** Plays the chime; several messages within a second make one sound. */
  play(): void {
    const now = Date.now();
    if (now - this.lastPlayed < 1000) return;
    this.lastPlayed = now;
    const context = this.ensureContext();
    if (!context || context.state !== 'running') return;
    this.tone(context, 880, context.currentTime, 0.09);
    this.tone(context, 1320, context.currentTime + 0.1, 0.12);
  }

  private tone(context: AudioContext, frequency: number, start: number, duration: number): void {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + duration + 0.02);
  }

  private ensureContext(): AudioContext | undefined {
    if (!this.context) {
      const Constructor: AudioContextConstructor | undefined = window.AudioContext;
      if (!Constructor) return undefined;
      try {
        this.context = new Constructor();
      } catch {
        return undefined;
      }
    }
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
    return this.context;
  }
}
