/**
 * Scan feedback a person notices without looking: a short beep (WebAudio: high = right, low double =
 * wrong) and a vibration. The colour flash is done by the component (components/ScanInput.tsx).
 */
export type ScanFeedback = 'ok' | 'error';

let audio: AudioContext | undefined;

function context(): AudioContext | undefined {
  const Ctor =
    (globalThis as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext }).AudioContext ??
    (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return undefined;
  try {
    audio ??= new Ctor();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    return audio;
  } catch {
    return undefined;
  }
}

function tone(ctx: AudioContext, frequency: number, start: number, duration: number) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'square';
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + duration + 0.02);
}

export function beep(kind: ScanFeedback): void {
  const ctx = context();
  if (!ctx) return;
  try {
    if (kind === 'ok') tone(ctx, 1760, 0, 0.09);
    else {
      tone(ctx, 220, 0, 0.14);
      tone(ctx, 220, 0.2, 0.14);
    }
  } catch {
    // audio is a nicety
  }
}

export function vibrate(kind: ScanFeedback): void {
  try {
    navigator.vibrate?.(kind === 'ok' ? 60 : [120, 80, 120]);
  } catch {
    // not supported / not allowed
  }
}

export function scanFeedback(kind: ScanFeedback): void {
  beep(kind);
  vibrate(kind);
}

/** A scanner's double send was dropped: a short tick, unlike the right / wrong sounds. */
export function repeatFeedback(): void {
  const ctx = context();
  try {
    if (ctx) tone(ctx, 880, 0, 0.04);
    navigator.vibrate?.(20);
  } catch {
    // a nicety
  }
}
